package transit_guard.rules.encryption.training_job_encryption_test

import data.transit_guard.rules.encryption.training_job_encryption as tg101

# TG101 on CloudFormation templates, pipeline definitions, Step Functions state machines and ACK
# manifests, and on pipelines embedded in a plan. Helper _only is in
# training_job_encryption_test.rego.

_pipeline_arguments := {
	"EnableInterContainerTrafficEncryption": {"Get": "Parameters.Encrypt"},
	"ResourceConfig": {"InstanceCount": 2},
}

# CloudFormation

# METADATA
# description: A CloudFormation training job with the flag "false" (a string) on two instances is denied.
test_denied_cfn_training_job_string_false if {
	doc := {"Resources": {"Train": {"Type": "AWS::SageMaker::TrainingJob", "Properties": {
		"EnableInterContainerTrafficEncryption": "false",
		"ResourceConfig": {"InstanceCount": 2},
	}}}}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "Train") with input as doc
	finding.severity == "HIGH"
	finding.input_kind == "cloudformation"
	finding.path == "Properties.EnableInterContainerTrafficEncryption"
	finding.msg == concat("", [
		"TG101: training job Train does not encrypt inter-node traffic: ",
		"Properties.EnableInterContainerTrafficEncryption is false; 2 instances exchange unencrypted traffic",
	])
}

# METADATA
# description: A Ref to a parameter whose Default is "true" is encrypted.
test_allowed_cfn_ref_parameter_default_true if {
	doc := {
		"Parameters": {"Encrypt": {"Type": "String", "Default": "true"}},
		"Resources": {"Train": {"Type": "AWS::SageMaker::TrainingJob", "Properties": {
			"EnableInterContainerTrafficEncryption": {"Ref": "Encrypt"},
			"ResourceConfig": {"InstanceCount": 2},
		}}},
	}
	tg101.deny == set() with input as doc
	tg101.warn == set() with input as doc
}

# METADATA
# description: A Ref to a parameter without a Default fails closed, and the message says why.
test_denied_cfn_ref_parameter_without_default if {
	doc := {
		"Parameters": {"Encrypt": {"Type": "String"}},
		"Resources": {"Train": {"Type": "AWS::SageMaker::TrainingJob", "Properties": {
			"EnableInterContainerTrafficEncryption": {"Ref": "Encrypt"},
			"ResourceConfig": {"InstanceCount": 2},
		}}},
	}
	finding := _only(tg101.deny, "Train") with input as doc
	finding.encryption == "unknown"
	contains(finding.msg, concat("", [
		": Properties.EnableInterContainerTrafficEncryption comes from parameter Encrypt without a default, ",
		"so encryption cannot be verified; ",
	]))
	startswith(finding.remediation, concat("", [
		"Set Properties.EnableInterContainerTrafficEncryption to true on Train: it takes its value from ",
		"parameter Encrypt (Ref), so change the parameter's Default to \"true\" or pass true for Encrypt ",
		"when deploying, or replace the Ref with a literal true. ",
	]))
}

# METADATA
# description: >-
#   A Ref to a parameter whose Default is "false": the message names the parameter and its
#   default, the remediation says to change the default or the value passed.
test_denied_cfn_ref_parameter_default_false if {
	doc := {
		"Parameters": {"EncryptTraffic": {"Type": "String", "Default": "false", "AllowedValues": ["true", "false"]}},
		"Resources": {"Train": {"Type": "AWS::SageMaker::TrainingJob", "Properties": {
			"EnableInterContainerTrafficEncryption": {"Ref": "EncryptTraffic"},
			"ResourceConfig": {"InstanceCount": 2},
		}}},
	}
	finding := _only(tg101.deny, "Train") with input as doc
	finding.encryption == "false"
	contains(finding.msg, concat("", [
		": Properties.EnableInterContainerTrafficEncryption is false (parameter EncryptTraffic, ",
		"default \"false\"); 2 instances",
	]))
	startswith(finding.remediation, concat("", [
		"Set Properties.EnableInterContainerTrafficEncryption to true on Train: it takes its value from ",
		"parameter EncryptTraffic (Ref), so change the parameter's Default from \"false\" to \"true\" ",
		"or pass true for EncryptTraffic when deploying, or replace the Ref with a literal true. ",
	]))
}

# METADATA
# description: A parameter behind an Fn::If branch, at the flag or on the way to it, is named too.
test_denied_cfn_parameter_in_if_branch if {
	doc := {
		"Parameters": {"Encrypt": {"Type": "String", "Default": "false"}},
		"Conditions": {"Prod": {"Fn::Equals": ["a", "b"]}},
		"Resources": {"Process": {"Type": "AWS::SageMaker::ProcessingJob", "Properties": {
			"NetworkConfig": {"Fn::If": [
				"Prod",
				{"EnableInterContainerTrafficEncryption": true},
				{"EnableInterContainerTrafficEncryption": {"Ref": "Encrypt"}},
			]},
			"ProcessingResources": {"ClusterConfig": {"InstanceCount": 2}},
		}}},
	}
	some finding in data.transit_guard.rules.encryption.processing_job_encryption.deny with input as doc
	contains(finding.msg, "is false (parameter Encrypt, default \"false\")")
	contains(finding.remediation, "parameter Encrypt (Ref)")
}

# METADATA
# description: A pipeline step built with Fn::Sub in a CloudFormation pipeline is checked, named Pipeline/Step.
test_denied_cfn_pipeline_step if {
	definition := {"Version": "2020-12-01", "Steps": [{"Name": "Train", "Type": "Training", "Arguments": {
		"ResourceConfig": {"InstanceCount": 1},
	}}]}
	doc := {"Resources": {"Pipe": {"Type": "AWS::SageMaker::Pipeline", "Properties": {"PipelineDefinition": {
		"PipelineDefinitionBody": {"Fn::Sub": json.marshal(definition)},
	}}}}}
	tg101.deny == set() with input as doc
	finding := _only(tg101.warn, "Pipe/Train") with input as doc
	finding.severity == "LOW"
	finding.path == concat(".", [
		"Properties.PipelineDefinition.PipelineDefinitionBody.Steps[0].Arguments",
		"EnableInterContainerTrafficEncryption",
	])
	healthcare := _only(tg101.deny, "Pipe/Train") with input as doc
		with data.transit_guard_config.profiles as ["healthcare"]
	endswith(healthcare.msg, "; denied under profile healthcare")
}

# Pipeline definitions

# METADATA
# description: A pipeline parameter defaulting to true encrypts the step.
test_allowed_pipeline_parameter_default_true if {
	doc := {
		"Version": "2020-12-01",
		"Parameters": [{"Name": "Encrypt", "Type": "Boolean", "DefaultValue": true}],
		"Steps": [{"Name": "Train", "Type": "Training", "Arguments": _pipeline_arguments}],
	}
	tg101.deny == set() with input as doc
	tg101.warn == set() with input as doc
}

# METADATA
# description: A pipeline parameter without a default fails closed, and the message says why.
test_denied_pipeline_parameter_without_default if {
	doc := {
		"Version": "2020-12-01",
		"Parameters": [{"Name": "Encrypt", "Type": "Boolean"}],
		"Steps": [{"Name": "Train", "Type": "Training", "Arguments": _pipeline_arguments}],
	}
	finding := _only(tg101.deny, "Train") with input as doc
	finding.severity == "HIGH"
	finding.input_kind == "pipeline_definition"
	finding.encryption == "unknown"
	contains(finding.msg, concat("", [
		": Steps[0].Arguments.EnableInterContainerTrafficEncryption ",
		"comes from pipeline parameter Encrypt without a default",
	]))
	startswith(finding.remediation, concat("", [
		"Set Steps[0].Arguments.EnableInterContainerTrafficEncryption to true in the pipeline definition: ",
		"it takes its value from pipeline parameter Encrypt (Get), so change the parameter's DefaultValue to true ",
		"or pass true for Encrypt when starting an execution, or replace the Get with a literal true. ",
	]))
}

# METADATA
# description: >-
#   A pipeline parameter without a default inside a Terraform plan's aws_sagemaker_pipeline is not
#   "unknown until apply" (the definition is known): the reason follows the reader format of the
#   workload (pipeline), not the input kind, so the message says it comes from a parameter
#   without a default.
test_denied_plan_pipeline_parameter_without_default if {
	definition := {
		"Version": "2020-12-01",
		"Parameters": [{"Name": "Encrypt", "Type": "Boolean"}],
		"Steps": [{"Name": "Train", "Type": "Training", "Arguments": _pipeline_arguments}],
	}
	doc := _plan([{
		"address": "aws_sagemaker_pipeline.p",
		"mode": "managed",
		"type": "aws_sagemaker_pipeline",
		"change": {"actions": ["create"], "after": {"pipeline_definition": json.marshal(definition)}, "after_unknown": {}},
	}])
	finding := _only(tg101.deny, "aws_sagemaker_pipeline.p/Train") with input as doc
	finding.severity == "HIGH"
	contains(finding.msg, concat("", [
		": pipeline_definition.Steps[0].Arguments.EnableInterContainerTrafficEncryption ",
		"comes from pipeline parameter Encrypt without a default",
	]))
	startswith(finding.remediation, concat("", [
		"In pipeline_definition of aws_sagemaker_pipeline.p (the pipeline definition JSON; the resource ",
		"has no encryption attribute of its own), set Steps[0].Arguments.EnableInterContainerTrafficEncryption ",
		"to true: it takes its value from pipeline parameter Encrypt (Get)",
	]))
	not contains(finding.remediation, "enable_inter_container_traffic_encryption")
}

# Step Functions

# METADATA
# description: A training task with the flag false on two instances is denied, named by its state.
test_denied_sfn_training_task if {
	doc := {"StartAt": "Train", "States": {"Train": {
		"Type": "Task",
		"Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
		"Parameters": {"EnableInterContainerTrafficEncryption": false, "ResourceConfig": {"InstanceCount": 2}},
		"End": true,
	}}}
	finding := _only(tg101.deny, "Train") with input as doc
	finding.input_kind == "step_functions"
	finding.path == "States.Train.Parameters.EnableInterContainerTrafficEncryption"
}

# METADATA
# description: A flag supplied at run time by a JSONPath is TG107's, not a TG101 finding.
test_allowed_sfn_flag_at_run_time if {
	doc := {"StartAt": "Train", "States": {"Train": {
		"Type": "Task",
		"Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
		"Parameters": {"EnableInterContainerTrafficEncryption.$": "$.encrypt", "ResourceConfig": {"InstanceCount": 2}},
		"End": true,
	}}}
	tg101.deny == set() with input as doc
	tg101.warn == set() with input as doc
}

# ACK

# METADATA
# description: An ACK TrainingJob without the flag on two instances is denied, named Kind/name.
test_denied_ack_training_job if {
	doc := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "TrainingJob",
		"metadata": {"name": "bert"},
		"spec": {"resourceConfig": {"instanceCount": 2}},
	}
	finding := _only(tg101.deny, "TrainingJob/bert") with input as doc
	finding.severity == "HIGH"
	finding.input_kind == "ack"
	finding.encryption == "absent"
	finding.path == "spec.enableInterContainerTrafficEncryption"
}

# METADATA
# description: An ACK TrainingJob with the flag true passes.
test_allowed_ack_training_job if {
	doc := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "TrainingJob",
		"metadata": {"name": "bert"},
		"spec": {"enableInterContainerTrafficEncryption": true, "resourceConfig": {"instanceCount": 2}},
	}
	tg101.deny == set() with input as doc
	tg101.warn == set() with input as doc
}
