package transit_guard.rules.encryption.training_job_encryption_test

import data.transit_guard.rules.encryption.training_job_encryption as tg101

# The remediation of each finding names the exact field to change in the input's own format
# (METADATA keeps the general advice). Helpers _only and _plan are in the other test files.

_job := {"ResourceConfig": {"InstanceCount": 2}}

_vpc := ". Allow the job's security group to reach itself on UDP 500 and IP protocol 50 when it runs in a VPC."

# METADATA
# description: In Terraform, the attribute path, as HCL sets it, on the resource address.
test_remediation_terraform if {
	doc := _plan([{
		"address": "module.ml.aws_sagemaker_training_job.t",
		"mode": "managed",
		"type": "aws_sagemaker_training_job",
		"change": {"actions": ["create"], "after_unknown": {}, "after": {
			"enable_inter_container_traffic_encryption": false,
			"resource_config": [{"instance_count": 2}],
		}},
	}])
	finding := _only(tg101.deny, "module.ml.aws_sagemaker_training_job.t") with input as doc
	finding.remediation == concat("", [
		"Set enable_inter_container_traffic_encryption = true on module.ml.aws_sagemaker_training_job.t",
		_vpc,
	])
}

# METADATA
# description: In CloudFormation, the property path on the logical ID.
test_remediation_cloudformation if {
	doc := {"Resources": {"Train": {"Type": "AWS::SageMaker::TrainingJob", "Properties": _job}}}
	finding := _only(tg101.deny, "Train") with input as doc
	finding.remediation == concat("", ["Set Properties.EnableInterContainerTrafficEncryption to true on Train", _vpc])
}

# METADATA
# description: >-
#   API bodies: the field of the request; a Describe output shows a job that cannot be changed, so
#   the job is created again.
test_remediation_api if {
	create := object.union(_job, {"TrainingJobName": "t", "AlgorithmSpecification": {}})
	finding := _only(tg101.deny, "t") with input as create
	finding.remediation == concat("", [
		"Set EnableInterContainerTrafficEncryption to true in the CreateTrainingJob request body",
		_vpc,
	])
	describe := object.union(create, {
		"TrainingJobArn": "arn:aws:sagemaker:us-east-1:111122223333:training-job/t",
		"TrainingJobStatus": "Completed",
	})
	described := _only(tg101.deny, "t") with input as describe
	described.remediation == concat("", [
		"Set EnableInterContainerTrafficEncryption to true in the CreateTrainingJob request body, and create ",
		"it again (DescribeTrainingJob shows an existing resource, whose setting cannot be changed)",
		_vpc,
	])
}

# METADATA
# description: In ACK, the camelCase spec field of the manifest.
test_remediation_ack if {
	doc := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "TrainingJob",
		"metadata": {"name": "t"},
		"spec": {"resourceConfig": {"instanceCount": 2}},
	}
	finding := _only(tg101.deny, "TrainingJob/t") with input as doc
	finding.remediation == concat("", [
		"Set spec.enableInterContainerTrafficEncryption to true in TrainingJob/t",
		_vpc,
	])
}

# METADATA
# description: In a pipeline definition and a state machine, the path inside the definition.
test_remediation_definitions if {
	pipeline := {"Version": "2020-12-01", "Steps": [{"Name": "Train", "Type": "Training", "Arguments": _job}]}
	step := _only(tg101.deny, "Train") with input as pipeline
	step.remediation == concat("", [
		"Set Steps[0].Arguments.EnableInterContainerTrafficEncryption to true in the pipeline definition",
		_vpc,
	])
	machine := {"StartAt": "Train", "States": {"Train": {
		"Type": "Task",
		"Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
		"Parameters": _job,
		"End": true,
	}}}
	state := _only(tg101.deny, "Train") with input as machine
	state.remediation == concat("", [
		"Set States.Train.Parameters.EnableInterContainerTrafficEncryption to true in the state machine definition",
		_vpc,
	])
}

# METADATA
# description: >-
#   A state machine in a Terraform plan (a module instance whose key has a slash) and a pipeline in
#   a CreatePipeline body: the definition's attribute or field on its resource, then the path
#   inside it.
test_remediation_embedded_definitions if {
	machine := {"StartAt": "Train", "States": {"Train": {
		"Type": "Task",
		"Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
		"Parameters": _job,
		"End": true,
	}}}
	plan := _plan([{
		"address": "module.ml[\"team/a\"].aws_sfn_state_machine.m",
		"mode": "managed",
		"type": "aws_sfn_state_machine",
		"change": {"actions": ["create"], "after_unknown": {}, "after": {"definition": json.marshal(machine)}},
	}])
	state := _only(tg101.deny, "module.ml[\"team/a\"].aws_sfn_state_machine.m/Train") with input as plan
	state.remediation == concat("", [
		"In definition of module.ml[\"team/a\"].aws_sfn_state_machine.m (the state machine JSON; ",
		"the resource has no encryption ",
		"attribute of its own), set States.Train.Parameters.EnableInterContainerTrafficEncryption to true",
		_vpc,
	])
	pipeline := {"Version": "2020-12-01", "Steps": [{"Name": "Train", "Type": "Training", "Arguments": _job}]}
	body := {"PipelineName": "p", "PipelineDefinition": json.marshal(pipeline), "RoleArn": "r"}
	step := _only(tg101.deny, "p/Train") with input as body
	step.remediation == concat("", [
		"In PipelineDefinition of p (the pipeline definition JSON), set ",
		"Steps[0].Arguments.EnableInterContainerTrafficEncryption to true",
		_vpc,
	])
}
