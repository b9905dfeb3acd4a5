# METADATA
# title: lib/workloads tests
# description: The workloads of the adapter that recognises the input, and only of that one.
package transit_guard.lib.workloads_test

import data.transit_guard.lib.workloads

_plan := {
	"format_version": "1.2",
	"resource_changes": [
		{
			"address": "aws_sagemaker_training_job.a",
			"mode": "managed",
			"type": "aws_sagemaker_training_job",
			"change": {"actions": ["create"], "after": {"enable_inter_container_traffic_encryption": true}},
		},
		{
			"address": "aws_sagemaker_training_job.b",
			"mode": "managed",
			"type": "aws_sagemaker_training_job",
			"change": {"actions": ["create"], "after": {}},
		},
	],
}

# METADATA
# description: A plan's workloads come from the Terraform adapter.
test_found_in_a_plan if {
	{[job.resource, job.input_kind] | some job in workloads.found} == {
		["aws_sagemaker_training_job.a", "terraform_plan"],
		["aws_sagemaker_training_job.b", "terraform_plan"],
	} with input as _plan
}

# METADATA
# description: An API body's workloads come from the SageMaker API adapter.
test_found_in_an_api_body if {
	doc := {"TrainingJobName": "bert", "RoleArn": "arn:aws:iam::123456789012:role/Training"}
	{[job.resource, job.input_kind] | some job in workloads.found} == {["bert", "sagemaker_api"]} with input as doc
}

# METADATA
# description: An unrecognised document has no workload.
test_found_nothing_in_an_unknown_document if {
	workloads.found == set() with input as {"Resources": {}}
	workloads.found == set() with input as {}
}

# METADATA
# description: of_type selects the workloads of one type.
test_of_type if {
	{job.resource | some job in workloads.of_type("training_job")} == {
		"aws_sagemaker_training_job.a",
		"aws_sagemaker_training_job.b",
	} with input as _plan
	workloads.of_type("processing_job") == set() with input as _plan
}

# METADATA
# description: Every other kind's workloads come from its own adapter, with its input kind.
test_found_in_every_kind if {
	docs := {
		"cloudformation": {"Resources": {"J": {"Type": "AWS::SageMaker::TrainingJob", "Properties": {}}}},
		"pipeline_definition": {"Version": "2020-12-01", "Steps": [{"Name": "J", "Type": "Training", "Arguments": {}}]},
		"step_functions": {"StartAt": "J", "States": {"J": {
			"Type": "Task",
			"Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
			"End": true,
		}}},
		"ack": {"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "TrainingJob", "metadata": {"name": "J"}},
	}
	every kind, doc in docs {
		{[job.type, job.input_kind] | some job in workloads.found} == {["training_job", kind]} with input as doc
	}
}

# METADATA
# description: An ACK manifest of a kind without jobs has no workload (not an error).
test_found_nothing_in_other_ack_kinds if {
	workloads.found == set() with input as {"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "Domain"}
}

# METADATA
# description: >-
#   An ACK Endpoint has nothing to check: one workload without a flag, and a note saying why
#   (which the encryption rules never read).
test_notes_of_kinds_without_inter_node_traffic if {
	doc := {"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "Endpoint", "metadata": {"name": "triage"}}
	workloads.notes == {{
		"resource": "Endpoint/triage",
		"note": "endpoint: inference endpoints have no inter-node traffic to encrypt",
	}} with input as doc
	workloads.of_type("training_job") == set() with input as doc
}
