# METADATA
# title: Terraform plan JSON (terraform show -json)
# description: >-
#   Normalises the resource changes of a plan into workloads. Only changes with a planned state
#   are read (delete actions have none), module resources included. Attribute names are the API's
#   in snake_case; nested blocks are one-element arrays (aws) or objects (awscc); an attribute
#   absent from change.after but true in change.after_unknown is unknown until apply.
package transit_guard.lib.adapters.terraform_plan

import data.transit_guard.lib.adapters.pipeline_definition
import data.transit_guard.lib.adapters.step_functions
import data.transit_guard.lib.embedded
import data.transit_guard.lib.jobs
import data.transit_guard.lib.plan
import data.transit_guard.lib.reader

_job_types := {
	"aws_sagemaker_training_job": "training",
	"aws_sagemaker_hyper_parameter_tuning_job": "tuning",
	"aws_sagemaker_data_quality_job_definition": "monitoring_job_definition",
	"aws_sagemaker_monitoring_schedule": "monitoring_schedule",
	"awscc_sagemaker_processing_job": "processing",
	"awscc_sagemaker_data_quality_job_definition": "monitoring_job_definition",
	"awscc_sagemaker_model_quality_job_definition": "monitoring_job_definition",
	"awscc_sagemaker_model_bias_job_definition": "monitoring_job_definition",
	"awscc_sagemaker_model_explainability_job_definition": "monitoring_job_definition",
	"awscc_sagemaker_monitoring_schedule": "monitoring_schedule",
}

# Resources that embed a definition: where its text is, and where an S3 copy is named instead.
_embedding := {
	"aws_sagemaker_pipeline": {
		"text": ["pipeline_definition"],
		"s3": ["pipeline_definition_s3_location"],
		"format": "pipeline",
	},
	"awscc_sagemaker_pipeline": {
		"text": ["pipeline_definition", "pipeline_definition_body"],
		"s3": ["pipeline_definition", "pipeline_definition_s3_location"],
		"format": "pipeline",
	},
	"aws_sfn_state_machine": {"text": ["definition"], "s3": ["definition_s3_location"], "format": "sfn"},
}

# METADATA
# description: The resource types the adapter interprets as jobs or as holders of a definition.
tf_types := object.keys(_job_types) | object.keys(_embedding)

_ctx(change) := reader.context("tf", {"unknowns": object.get(change.change, "after_unknown", {})})

_where(change, at) := {"resource": change.address, "input_kind": "terraform_plan", "prefix": at}

# METADATA
# description: The jobs the plan defines, in the workload shape every rule reads.
# scope: document
workloads contains workload if {
	some change in plan.changes
	some workload in jobs.workloads(_job_types[change.type], _ctx(change), change.change.after, _where(change, []))
}

workloads contains workload if {
	some change in plan.changes
	embedding := _embedding[change.type]
	text := object.get(change.change.after, embedding.text, null)
	parsed := embedded.parse(text)
	where := _where(change, [concat(".", embedding.text)])
	some workload in _definition_workloads(embedding.format, parsed.definition, where)
}

workloads contains jobs.uninspectable(where, concat(".", at), reason) if {
	some change in plan.changes
	embedding := _embedding[change.type]
	some at, reason in _unreadable(change, embedding)
	where := object.union(_where(change, []), {"inline": concat(".", embedding.text)})
}

_definition_workloads("pipeline", definition, where) := pipeline_definition.definition_workloads(definition, where, {})

_definition_workloads("sfn", definition, where) := step_functions.definition_workloads(definition, where, {})

_unreadable(change, embedding) := {embedding.s3: "is stored in S3"} if {
	some outcome in reader.read(_ctx(change), change.change.after, _api_path(embedding.s3))
	outcome.state == "known"
	outcome.value != []
} else := {embedding.text: "is unknown until apply"} if {
	some outcome in reader.read(_ctx(change), change.change.after, _api_path(embedding.text))
	outcome.state == "unknown"
} else := {embedding.text: parsed.reason} if {
	parsed := embedded.parse(object.get(change.change.after, embedding.text, null))
	parsed.reason
}

# reader speaks API names; these snake_case names convert back unchanged (pipeline_definition ->
# PipelineDefinition -> pipeline_definition).
_api_path(at) := [_pascal(key) | some key in at]

_pascal(key) := concat("", [capitalised |
	some word in split(key, "_")
	capitalised := concat("", [upper(substring(word, 0, 1)), substring(word, 1, -1)])
])
