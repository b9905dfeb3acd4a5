package transit_guard.lib.adapters.cloudformation_test

import data.transit_guard.lib.adapters.cloudformation

# Pipelines (AWS::SageMaker::Pipeline) and state machines (AWS::StepFunctions::StateMachine,
# AWS::Serverless::StateMachine) in a template.

_pipeline := {"Version": "2020-12-01", "Steps": [{"Name": "Train", "Type": "Training", "Arguments": {
	"EnableInterContainerTrafficEncryption": false,
	"ResourceConfig": {"InstanceCount": 2},
}}]}

_pipeline_flag := concat("", [
	"Properties.PipelineDefinition.PipelineDefinitionBody.Steps[0].Arguments.",
	"EnableInterContainerTrafficEncryption",
])

_state_machine := {"StartAt": "Train", "States": {"Train": {
	"Type": "Task",
	"Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
	"Parameters": {"EnableInterContainerTrafficEncryption": true, "ResourceConfig": {"InstanceCount": 2}},
	"End": true,
}}}

# METADATA
# description: A template with a pipeline P whose PipelineDefinition is given.
_pipeline_template(definition) := {"Resources": {"P": {
	"Type": "AWS::SageMaker::Pipeline",
	"Properties": {"PipelineName": "train", "PipelineDefinition": definition, "RoleArn": "arn:aws:iam::1:role/r"},
}}}

# METADATA
# description: The [resource, path, reason] of each uninspectable definition of the input template.
_uninspectable contains [item.resource, item.path, item.reason] if {
	some item in cloudformation.workloads
	item.type == "uninspectable"
}

# Pipelines

# METADATA
# description: PipelineDefinitionBody as a JSON string; the step is named after the pipeline's logical ID.
test_pipeline_body_string if {
	doc := _pipeline_template({"PipelineDefinitionBody": json.marshal(_pipeline)})
	_summary == {["training_job", "P/Train", "false", _pipeline_flag, _two]} with input as doc
	_uninspectable == set() with input as doc
}

# METADATA
# description: PipelineDefinitionBody built with Fn::Sub (string and list forms) is read.
test_pipeline_body_fn_sub if {
	every body in [{"Fn::Sub": json.marshal(_pipeline)}, {"Fn::Sub": [json.marshal(_pipeline), {"Role": "r"}]}] {
		_summary == {["training_job", "P/Train", "false", _pipeline_flag, _two]} with input as _pipeline_template({
			"PipelineDefinitionBody": body,
		})
	}
}

# METADATA
# description: PipelineDefinitionBody built with Fn::ToJsonString is read.
test_pipeline_body_fn_to_json_string if {
	doc := _pipeline_template({"PipelineDefinitionBody": {"Fn::ToJsonString": _pipeline}})
	_summary == {["training_job", "P/Train", "false", _pipeline_flag, _two]} with input as doc
}

# METADATA
# description: PipelineDefinitionBody built with Fn::Join is computed at deploy time (TG107).
test_pipeline_body_fn_join if {
	doc := _pipeline_template({"PipelineDefinitionBody": {"Fn::Join": ["", ["{\"Version\":", "\"2020-12-01\"}"]]}})
	_summary == set() with input as doc
	_uninspectable == {[
		"P", "Properties.PipelineDefinition.PipelineDefinitionBody",
		"is computed at deploy time (Fn::Join)",
	]} with input as doc
}

# METADATA
# description: A pipeline stored in S3 is uninspectable.
test_pipeline_s3_location if {
	doc := _pipeline_template({"PipelineDefinitionS3Location": {"Bucket": "pipelines", "Key": "train.json"}})
	_summary == set() with input as doc
	_uninspectable == {[
		"P", "Properties.PipelineDefinition.PipelineDefinitionS3Location",
		"is stored in S3",
	]} with input as doc
}

# METADATA
# description: An invalid JSON body, or a pipeline without PipelineDefinition, is uninspectable and says why.
test_pipeline_unreadable_bodies if {
	invalid := _pipeline_template({"PipelineDefinitionBody": "{\"Version\": "})
	_uninspectable == {[
		"P", "Properties.PipelineDefinition.PipelineDefinitionBody",
		"is not a valid JSON definition",
	]} with input as invalid
	missing := {"Resources": {"P": {"Type": "AWS::SageMaker::Pipeline"}}}
	_uninspectable == {[
		"P", "Properties.PipelineDefinition.PipelineDefinitionBody",
		"is not a definition document",
	]} with input as missing
}

# METADATA
# description: >-
#   CloudFormation resolves intrinsics inside Fn::ToJsonString (and inside a state machine's
#   Definition), and the adapters pass the template so that the reader resolves them in the
#   embedded definition too: a Ref to a parameter whose Default is "true" is encrypted.
test_pipeline_body_intrinsics_resolve if {
	steps := [{"Name": "Train", "Type": "Training", "Arguments": {
		"EnableInterContainerTrafficEncryption": {"Ref": "Encrypt"},
		"ResourceConfig": {"InstanceCount": 2},
	}}]
	doc := object.union(
		_pipeline_template({"PipelineDefinitionBody": {"Fn::ToJsonString": {"Version": "2020-12-01", "Steps": steps}}}),
		{"Parameters": {"Encrypt": {"Type": "String", "Default": "true"}}},
	)
	{job.flag.state | some job in cloudformation.workloads} == {"true"} with input as doc
}

# State machines

# METADATA
# description: Definition (an object) and DefinitionString (JSON) are read, with SAM's state machine too.
test_state_machine_definitions if {
	path := "Properties.Definition.States.Train.Parameters.EnableInterContainerTrafficEncryption"
	every type in ["AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"] {
		_summary == {["training_job", "S/Train", "true", path, _two]} with input as {"Resources": {"S": {
			"Type": type,
			"Properties": {"Definition": _state_machine},
		}}}
	}
	string := {"Resources": {"S": {
		"Type": "AWS::StepFunctions::StateMachine",
		"Properties": {"DefinitionString": {"Fn::Sub": json.marshal(_state_machine)}},
	}}}
	{job.flag.path | some job in cloudformation.workloads} == {
		"Properties.DefinitionString.States.Train.Parameters.EnableInterContainerTrafficEncryption",
	} with input as string
}

# METADATA
# description: A definition stored outside the template (DefinitionS3Location, SAM DefinitionUri) is uninspectable.
test_state_machine_stored_elsewhere if {
	s3 := {"Resources": {"S": {
		"Type": "AWS::StepFunctions::StateMachine",
		"Properties": {"DefinitionS3Location": {"Bucket": "b", "Key": "k.json"}},
	}}}
	_uninspectable == {["S", "Properties.DefinitionS3Location", "is stored outside the template"]} with input as s3
	sam := {"Resources": {"S": {"Type": "AWS::Serverless::StateMachine", "Properties": {"DefinitionUri": "sfn.asl.json"}}}}
	_uninspectable == {["S", "Properties.DefinitionUri", "is stored outside the template"]} with input as sam
	_summary == set() with input as sam
}

# METADATA
# description: A DefinitionString built with Fn::Join is computed at deploy time.
test_state_machine_definition_string_fn_join if {
	doc := {"Resources": {"S": {
		"Type": "AWS::StepFunctions::StateMachine",
		"Properties": {"DefinitionString": {"Fn::Join": ["\n", ["{", "}"]]}},
	}}}
	_uninspectable == {["S", "Properties.DefinitionString", "is computed at deploy time (Fn::Join)"]} with input as doc
}
