# METADATA
# title: CloudFormation templates (JSON, or YAML with short-form tags rewritten by the loader)
# description: >-
#   Resources.<LogicalId>.Properties carry the API's PascalCase fields. Values may be intrinsics:
#   lib/reader resolves Ref to a parameter's Default and follows both branches of Fn::If.
#   Pipelines and state machines embed their definitions as strings or objects.
package transit_guard.lib.adapters.cloudformation

import data.transit_guard.lib.adapters.pipeline_definition
import data.transit_guard.lib.adapters.step_functions
import data.transit_guard.lib.embedded
import data.transit_guard.lib.jobs
import data.transit_guard.lib.reader

_types := {
	"AWS::SageMaker::TrainingJob": "training",
	"AWS::SageMaker::ProcessingJob": "processing",
	"AWS::SageMaker::DataQualityJobDefinition": "monitoring_job_definition",
	"AWS::SageMaker::ModelQualityJobDefinition": "monitoring_job_definition",
	"AWS::SageMaker::ModelBiasJobDefinition": "monitoring_job_definition",
	"AWS::SageMaker::ModelExplainabilityJobDefinition": "monitoring_job_definition",
	"AWS::SageMaker::MonitoringSchedule": "monitoring_schedule",
}

_ctx := reader.context("cfn", {"template": input})

_where(id, at) := {"resource": id, "input_kind": "cloudformation", "prefix": array.concat(["Properties"], at)}

_properties(resource) := object.get(resource, "Properties", {})

# METADATA
# description: The jobs the template defines, in the workload shape every rule reads.
# scope: document
workloads contains workload if {
	some id, resource in input.Resources
	some workload in jobs.workloads(_kind(resource), _ctx, _properties(resource), _where(id, []))
}

# Pipelines: PipelineDefinition.PipelineDefinitionBody, or a definition stored in S3.
workloads contains workload if {
	some id, resource in input.Resources
	resource.Type == "AWS::SageMaker::Pipeline"
	parsed := embedded.parse(object.get(_properties(resource), _pipeline_body, null))
	some workload in pipeline_definition.definition_workloads(parsed.definition, _where(id, _pipeline_body), input)
}

workloads contains jobs.uninspectable(where, jobs.path(_ctx, ["Properties"], at), reason) if {
	some id, resource in input.Resources
	resource.Type == "AWS::SageMaker::Pipeline"
	some at, reason in _pipeline_unreadable(_properties(resource))
	where := object.union(_where(id, []), {"inline": jobs.path(_ctx, ["Properties"], _pipeline_body)})
}

# State machines (and SAM's): Definition, DefinitionString, or a definition stored elsewhere.
workloads contains workload if {
	some id, resource in input.Resources
	resource.Type in _state_machines
	some key in ["Definition", "DefinitionString"]
	value := _properties(resource)[key]
	parsed := embedded.parse(value)
	some workload in step_functions.definition_workloads(parsed.definition, _where(id, [key]), input)
}

workloads contains jobs.uninspectable(where, concat(".", ["Properties", key]), reason) if {
	some id, resource in input.Resources
	resource.Type in _state_machines
	some key, reason in _state_machine_unreadable(_properties(resource))
	where := object.union(_where(id, []), {"inline": concat(".", ["Properties", _literal_key(resource.Type, key)])})
}

# Where a state machine's definition belongs as a literal: the property that failed, when it was
# Definition or DefinitionString, else the one that takes the definition itself.
_literal_key(_, key) := key if key in _literal_keys

_literal_key("AWS::StepFunctions::StateMachine", key) := "DefinitionString" if not key in _literal_keys

_literal_key("AWS::Serverless::StateMachine", key) := "Definition" if not key in _literal_keys

_literal_keys := {"Definition", "DefinitionString"}

_state_machine_unreadable(properties) := object.union(
	{key: "is stored outside the template" |
		some key in ["DefinitionS3Location", "DefinitionUri"]
		properties[key]
	},
	{key: parsed.reason |
		some key in ["Definition", "DefinitionString"]
		parsed := embedded.parse(properties[key])
		parsed.reason
	},
)

_kind(resource) := _types[resource.Type]

_kind(resource) := "automl" if {
	resource.Type == "AWS::SageMaker::AutoMLJob"
	resource.Properties.AutoMLJobConfig
}

_kind(resource) := "automl_v2" if {
	resource.Type == "AWS::SageMaker::AutoMLJob"
	not resource.Properties.AutoMLJobConfig
}

_pipeline_body := ["PipelineDefinition", "PipelineDefinitionBody"]

_pipeline_unreadable(properties) := {["PipelineDefinition", "PipelineDefinitionS3Location"]: "is stored in S3"} if {
	properties.PipelineDefinition.PipelineDefinitionS3Location
} else := {_pipeline_body: parsed.reason} if {
	parsed := embedded.parse(object.get(properties, _pipeline_body, null))
	parsed.reason
}

_state_machines := {"AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"}
