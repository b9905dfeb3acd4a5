# METADATA
# title: TG107 tests
# description: >-
#   Allowed and denied samples of TG107 (a job definition that cannot be read before deployment):
#   pipelines in S3, definitions unknown until apply or not literal, flags from a Step Functions
#   JSONPath. Warn (MEDIUM) by default, deny under profile healthcare; profile strict is applied by
#   the entrypoints and tested in transit_guard.main_test.
package transit_guard.rules.encryption.uninspectable_job_definition_test

import data.transit_guard.rules.encryption.training_job_encryption as tg101
import data.transit_guard.rules.encryption.uninspectable_job_definition as tg107

# METADATA
# description: The only finding in findings, checked to be TG107's, about resource, at path, with the text.
_only(findings, resource, path, what) := finding if {
	count(findings) == 1
	some finding in findings
	finding.id == "TG107"
	finding.rule == "uninspectable_job_definition"
	finding.title == "Job definitions can be inspected"
	finding.severity == "MEDIUM"
	finding.resource == resource
	finding.path == path
	startswith(finding.msg, concat("", [
		"TG107: ", resource, ": ", path, " ", what,
		", so inter-node traffic encryption cannot be verified before deployment",
	]))
	_remediation_names_the_field(finding)
}

# The remediation names the field to change: the definition (brought in as a literal) or the flag.
_remediation_names_the_field(finding) if startswith(finding.remediation, concat("", ["Replace ", finding.path, " of "]))

_remediation_names_the_field(finding) if startswith(finding.remediation, concat("", ["Make ", finding.path, " of "]))

_remediation_names_the_field(finding) if {
	startswith(finding.remediation, concat("", ["Set ", finding.path, " to a literal true in place of "]))
}

_healthcare := "; denied under profile healthcare"

# METADATA
# description: A planned resource change of the given type with the given planned state and after_unknown.
_plan(type, after, unknown) := {"format_version": "1.2", "resource_changes": [{
	"address": concat(".", [type, "p"]),
	"mode": "managed",
	"type": type,
	"change": {"actions": ["create"], "after": after, "after_unknown": unknown},
}]}

_s3_pipeline := _plan(
	"aws_sagemaker_pipeline",
	{"pipeline_definition_s3_location": [{"bucket": "pipelines", "object_key": "train.json"}]},
	{},
)

_task := {"StartAt": "Train", "States": {"Train": {
	"Type": "Task",
	"Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
	"Parameters": {"EnableInterContainerTrafficEncryption.$": "$.encrypt", "ResourceConfig": {"InstanceCount": 2}},
	"End": true,
}}}

# METADATA
# description: A planned pipeline stored in S3 warns (MEDIUM) by default, with every fact.
test_denied_plan_pipeline_in_s3_warns if {
	tg107.deny == set() with input as _s3_pipeline
	finding := _only(tg107.warn, "aws_sagemaker_pipeline.p", "pipeline_definition_s3_location", "is stored in S3")
		with input as _s3_pipeline
	finding.msg == concat("", [
		"TG107: aws_sagemaker_pipeline.p: pipeline_definition_s3_location is stored in S3, ",
		"so inter-node traffic encryption cannot be verified before deployment",
	])
	finding.input_kind == "terraform_plan"
}

# METADATA
# description: Under profile healthcare it is denied, and the message says so.
test_denied_plan_pipeline_in_s3_under_healthcare if {
	finding := _only(tg107.deny, "aws_sagemaker_pipeline.p", "pipeline_definition_s3_location", "is stored in S3")
		with input as _s3_pipeline
		with data.transit_guard_config.profiles as ["healthcare"]
	endswith(finding.msg, concat("", ["before deployment", _healthcare]))
	tg107.warn == set() with input as _s3_pipeline with data.transit_guard_config.profiles as ["healthcare"]
}

# METADATA
# description: Profile strict leaves the rule's own level alone (the entrypoints promote it).
test_denied_plan_pipeline_in_s3_under_strict if {
	tg107.deny == set() with input as _s3_pipeline with data.transit_guard_config.profiles as ["strict"]
	count(tg107.warn) == 1 with input as _s3_pipeline with data.transit_guard_config.profiles as ["strict"]
}

# METADATA
# description: A definition unknown until apply is uninspectable.
test_denied_plan_definition_unknown if {
	doc := _plan("aws_sfn_state_machine", {}, {"definition": true})
	_only(tg107.warn, "aws_sfn_state_machine.p", "definition", "is unknown until apply") with input as doc
}

# METADATA
# description: A CloudFormation pipeline body built with Fn::Join, and an API pipeline in S3, are uninspectable.
test_denied_non_literal_definitions if {
	cfn := {"Resources": {"Pipe": {"Type": "AWS::SageMaker::Pipeline", "Properties": {"PipelineDefinition": {
		"PipelineDefinitionBody": {"Fn::Join": ["", ["{", "}"]]},
	}}}}}
	_only(
		tg107.warn, "Pipe", "Properties.PipelineDefinition.PipelineDefinitionBody",
		"is computed at deploy time (Fn::Join)",
	) with input as cfn
	api := {"PipelineName": "train", "PipelineDefinitionS3Location": {"Bucket": "b", "ObjectKey": "k"}}
	_only(tg107.warn, "train", "PipelineDefinitionS3Location", "is stored in S3").input_kind == "sagemaker_api"
		with input as api
}

# METADATA
# description: >-
#   A flag supplied by a Step Functions JSONPath is uninspectable (a warning, denied under
#   healthcare), and TG101 does not also report it.
test_denied_sfn_flag_from_jsonpath if {
	finding := _only(
		tg107.warn, "Train", "States.Train.Parameters.EnableInterContainerTrafficEncryption",
		"is supplied at run time by a JSONPath",
	) with input as _task
	finding.input_kind == "step_functions"
	tg101.deny == set() with input as _task
	tg101.warn == set() with input as _task
	_only(
		tg107.deny, "Train", "States.Train.Parameters.EnableInterContainerTrafficEncryption",
		"is supplied at run time by a JSONPath",
	) with input as _task
		with data.transit_guard_config.profiles as ["healthcare"]
}

# METADATA
# description: The same JSONPath flag inside a CloudFormation state machine, named StateMachine/state.
test_denied_cfn_state_machine_flag_from_jsonpath if {
	doc := {"Resources": {"Flow": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": _task}}}}
	_only(
		tg107.warn, "Flow/Train", "Properties.Definition.States.Train.Parameters.EnableInterContainerTrafficEncryption",
		"is supplied at run time by a JSONPath",
	) with input as doc
}

# METADATA
# description: Literal definitions with literal flags are inspectable, whatever the profile.
test_allowed_literal_definitions if {
	literal := json.marshal({"Version": "2020-12-01", "Steps": [{"Name": "T", "Type": "Training", "Arguments": {}}]})
	doc := _plan("aws_sagemaker_pipeline", {"pipeline_definition": literal, "pipeline_definition_s3_location": []}, {})
	tg107.warn == set() with input as doc
	tg107.deny == set() with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	machine := {"StartAt": "Train", "States": {"Train": object.union(_task.States.Train, {"Parameters": {
		"EnableInterContainerTrafficEncryption": true,
		"ResourceConfig.$": "$.resources",
	}})}}
	tg107.warn == set() with input as machine
}

# METADATA
# description: >-
#   The remediation says, in the input's own terms, where the definition belongs as a literal:
#   pipeline_definition for a Terraform pipeline kept in S3, DefinitionString for a CloudFormation
#   state machine built with Fn::Join, PipelineDefinition for an API body.
test_remediation_names_the_literal_field if {
	plan := _plan("aws_sagemaker_pipeline", {"pipeline_definition_s3_location": [{"bucket": "b", "object_key": "k"}]}, {})
	in_plan := _one(tg107.warn) with input as plan
	startswith(in_plan.remediation, concat("", [
		"Replace pipeline_definition_s3_location of aws_sagemaker_pipeline.p with the definition itself in ",
		"pipeline_definition, with every job's EnableInterContainerTrafficEncryption set to a literal true",
	]))
	template := {"Resources": {"Machine": {
		"Type": "AWS::StepFunctions::StateMachine",
		"Properties": {"DefinitionS3Location": {"Bucket": "b", "Key": "k"}},
	}}}
	in_template := _one(tg107.warn) with input as template
	contains(in_template.remediation, "with the definition itself in Properties.DefinitionString,")
	api := {"PipelineName": "p", "PipelineDefinition": "{not json"}
	in_api := _one(tg107.warn) with input as api
	startswith(in_api.remediation, concat("", [
		"Make PipelineDefinition of p a literal definition ",
		"(JSON the request body shows as it is)",
	]))
}

_one(findings) := finding if {
	count(findings) == 1
	some finding in findings
}
