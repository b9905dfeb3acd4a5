package transit_guard.lib.adapters.terraform_plan_test

import data.transit_guard.lib.adapters.terraform_plan

# Pipelines (aws_sagemaker_pipeline, awscc_sagemaker_pipeline) and state machines
# (aws_sfn_state_machine) in a plan: their definitions' jobs, or why they cannot be read.

_pipeline := {
	"Version": "2020-12-01",
	"Parameters": [{"Name": "Encrypt", "Type": "Boolean", "DefaultValue": true}],
	"Steps": [
		{"Name": "Train", "Type": "Training", "Arguments": {
			"EnableInterContainerTrafficEncryption": {"Get": "Parameters.Encrypt"},
			"ResourceConfig": {"InstanceCount": 2},
		}},
		{"Name": "Prep", "Type": "Processing", "Arguments": {"ProcessingResources": {"ClusterConfig": {"InstanceCount": 1}}}},
	],
}

_state_machine := {"StartAt": "Train", "States": {"Train": {
	"Type": "Task",
	"Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
	"Parameters": {"EnableInterContainerTrafficEncryption.$": "$.encrypt", "ResourceConfig": {"InstanceCount": 2}},
	"End": true,
}}}

# METADATA
# description: The [resource, path, reason] of each uninspectable definition of the input plan.
_uninspectable contains [item.resource, item.path, item.reason] if {
	some item in terraform_plan.workloads
	item.type == "uninspectable"
}

# METADATA
# description: The jobs of a pipeline_definition JSON string, named after the resource and step, parameters resolved.
test_pipeline_definition_json if {
	doc := _plan([_create("aws_sagemaker_pipeline", {
		"pipeline_definition": json.marshal(_pipeline),
		"pipeline_definition_s3_location": [],
	})])
	_summary == {
		[
			"training_job", "aws_sagemaker_pipeline.a/Train", "true",
			"pipeline_definition.Steps[0].Arguments.EnableInterContainerTrafficEncryption", _two,
		],
		[
			"processing_job", "aws_sagemaker_pipeline.a/Prep", "absent",
			"pipeline_definition.Steps[1].Arguments.NetworkConfig.EnableInterContainerTrafficEncryption",
			{"known": true, "total": 1},
		],
	} with input as doc
	_uninspectable == set() with input as doc
	{job.input_kind | some job in terraform_plan.workloads} == {"terraform_plan"} with input as doc
}

# METADATA
# description: A pipeline definition unknown until apply is uninspectable.
test_pipeline_definition_unknown if {
	change := object.union(
		_create("aws_sagemaker_pipeline", {"pipeline_definition_s3_location": []}),
		{"change": {"after_unknown": {"pipeline_definition": true}}},
	)
	_summary == set() with input as _plan([change])
	_uninspectable == {["aws_sagemaker_pipeline.a", "pipeline_definition", "is unknown until apply"]}
		with input as _plan([change])
}

# METADATA
# description: A pipeline stored in S3 is uninspectable.
test_pipeline_definition_s3_location if {
	after := {
		"pipeline_definition": null,
		"pipeline_definition_s3_location": [{"bucket": "pipelines", "object_key": "train.json"}],
	}
	doc := _plan([_create("aws_sagemaker_pipeline", after)])
	_summary == set() with input as doc
	_uninspectable == {["aws_sagemaker_pipeline.a", "pipeline_definition_s3_location", "is stored in S3"]}
		with input as doc
}

# METADATA
# description: A pipeline definition that is not valid JSON, or missing, is uninspectable and says why.
test_pipeline_definition_invalid if {
	after := {"pipeline_definition": "{not json", "pipeline_definition_s3_location": []}
	invalid := _plan([_create("aws_sagemaker_pipeline", after)])
	_uninspectable == {["aws_sagemaker_pipeline.a", "pipeline_definition", "is not a valid JSON definition"]}
		with input as invalid
	missing := _plan([_create("aws_sagemaker_pipeline", {"pipeline_definition_s3_location": []})])
	_uninspectable == {["aws_sagemaker_pipeline.a", "pipeline_definition", "is not a definition document"]}
		with input as missing
}

# METADATA
# description: >-
#   The awscc pipeline nests pipeline_definition_body and pipeline_definition_s3_location in
#   pipeline_definition.
test_awscc_pipeline if {
	body := _plan([_create("awscc_sagemaker_pipeline", {"pipeline_definition": {
		"pipeline_definition_body": json.marshal(_pipeline),
		"pipeline_definition_s3_location": null,
	}})])
	{[job.resource, job.flag.path] | some job in terraform_plan.workloads} == {
		[
			"awscc_sagemaker_pipeline.a/Train",
			"pipeline_definition.pipeline_definition_body.Steps[0].Arguments.EnableInterContainerTrafficEncryption",
		],
		[
			"awscc_sagemaker_pipeline.a/Prep",
			concat("", [
				"pipeline_definition.pipeline_definition_body.Steps[1].Arguments.NetworkConfig.",
				"EnableInterContainerTrafficEncryption",
			]),
		],
	} with input as body
	s3 := _plan([_create("awscc_sagemaker_pipeline", {"pipeline_definition": {
		"pipeline_definition_s3_location": {"bucket": "pipelines", "key": "train.json"},
	}})])
	_uninspectable == {[
		"awscc_sagemaker_pipeline.a",
		"pipeline_definition.pipeline_definition_s3_location",
		"is stored in S3",
	]} with input as s3
}

# METADATA
# description: A state machine definition's SageMaker tasks; a flag from a JSONPath is supplied at run time.
test_state_machine if {
	doc := _plan([_create("aws_sfn_state_machine", {"definition": json.marshal(_state_machine)})])
	_summary == {[
		"training_job", "aws_sfn_state_machine.a/Train", "runtime",
		"definition.States.Train.Parameters.EnableInterContainerTrafficEncryption", _two,
	]} with input as doc
	_uninspectable == set() with input as doc
}

# METADATA
# description: A state machine definition unknown until apply is uninspectable.
test_state_machine_unknown if {
	change := object.union(_create("aws_sfn_state_machine", {}), {"change": {"after_unknown": {"definition": true}}})
	_uninspectable == {["aws_sfn_state_machine.a", "definition", "is unknown until apply"]} with input as _plan([change])
}
