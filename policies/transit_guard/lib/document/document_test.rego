# METADATA
# title: lib/document tests
# description: >-
#   The input kind is recognised from the document's shape: a Terraform plan bare or in its HCP
#   Terraform / Spacelift envelope, a SageMaker API body, or "unknown".
package transit_guard.lib.document_test

import data.transit_guard.lib.document

_plan := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": []}

_create_training_job := {"TrainingJobName": "bert", "ResourceConfig": {"InstanceCount": 2}}

_describe_training_job := {
	"TrainingJobName": "bert",
	"TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/bert",
	"TrainingJobStatus": "Completed",
	"ResourceConfig": {"InstanceCount": 2},
}

# Terraform plans

# METADATA
# description: A bare plan (terraform show -json) sits at the root of the input.
test_bare_plan if {
	document.plan_path == [] with input as _plan
	document.plan == _plan with input as _plan
	document.kind == "terraform_plan" with input as _plan
	document.summary == {"kind": "terraform_plan", "path": []} with input as _plan
}

# METADATA
# description: HCP Terraform passes the plan as input.plan.
test_hcp_terraform_plan if {
	doc := {"plan": _plan, "run": {"id": "run-abc123"}}
	document.plan_path == ["plan"] with input as doc
	document.plan == _plan with input as doc
	document.kind == "terraform_plan" with input as doc
	document.summary == {"kind": "terraform_plan", "path": ["plan"]} with input as doc
}

# METADATA
# description: Spacelift passes the plan as input.terraform.
test_spacelift_plan if {
	doc := {"terraform": _plan, "spacelift": {"run": {"type": "PROPOSED"}}}
	document.plan_path == ["terraform"] with input as doc
	document.plan == _plan with input as doc
	document.kind == "terraform_plan" with input as doc
	document.summary == {"kind": "terraform_plan", "path": ["terraform"]} with input as doc
}

# METADATA
# description: format_version plus any one key only plans carry is a plan.
test_plan_recognised_by_any_plan_key if {
	every key in ["terraform_version", "resource_changes", "planned_values", "configuration"] {
		document.kind == "terraform_plan" with input as object.union({"format_version": "1.2"}, {key: {}})
	}
}

# METADATA
# description: An unsupported format_version is still a plan (its schema refuses it, rather than it being ignored).
test_plan_with_unsupported_format_version if {
	document.kind == "terraform_plan" with input as {"format_version": "2.0", "resource_changes": []}
}

# METADATA
# description: Without a string format_version, or with nothing else a plan carries, it is not a plan.
test_not_a_plan if {
	document.kind == "unknown" with input as {"format_version": 1.2, "resource_changes": []}
	document.kind == "unknown" with input as {"format_version": "1.2"}
	document.kind == "unknown" with input as {"plan": {"resource_changes": []}}
	not document.plan_path with input as {"format_version": "1.2"}
	not document.plan with input as {"format_version": "1.2"}
}

# SageMaker API

# METADATA
# description: A CreateTrainingJob request body is a SageMaker API document.
test_create_training_job if {
	document.kind == "sagemaker_api" with input as _create_training_job
	document.summary == {"kind": "sagemaker_api", "operation": "CreateTrainingJob"} with input as _create_training_job
}

# METADATA
# description: A DescribeTrainingJob output is a SageMaker API document of its own operation.
test_describe_training_job if {
	document.kind == "sagemaker_api" with input as _describe_training_job
	document.summary == {"kind": "sagemaker_api", "operation": "DescribeTrainingJob"} with input as _describe_training_job
}

# Anything else

# METADATA
# description: A document no adapter recognises (here a Kubernetes ConfigMap) is of kind "unknown".
test_unrelated_document if {
	doc := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}, "data": {"a": "b"}}
	document.kind == "unknown" with input as doc
	document.summary == {"kind": "unknown"} with input as doc
	not document.plan_path with input as doc
}

# METADATA
# description: An empty object is of kind "unknown".
test_empty_object if {
	document.kind == "unknown" with input as {}
	document.summary == {"kind": "unknown"} with input as {}
}

# METADATA
# description: Input that is not an object is of kind "unknown".
test_not_an_object if {
	document.kind == "unknown" with input as [_plan]
	document.kind == "unknown" with input as "format_version"
	document.summary == {"kind": "unknown"} with input as [_plan]
}

# Other formats

# METADATA
# description: A CloudFormation or SAM template (Resources with a Type) is of kind cloudformation.
test_cloudformation_template if {
	doc := {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}
	document.kind == "cloudformation" with input as doc
	document.summary == {"kind": "cloudformation"} with input as doc
	not document.plan_path with input as doc
}

# METADATA
# description: A SageMaker Pipelines definition (Version and Steps) is of kind pipeline_definition.
test_pipeline_definition if {
	doc := {"Version": "2020-12-01", "Steps": []}
	document.kind == "pipeline_definition" with input as doc
	document.summary == {"kind": "pipeline_definition"} with input as doc
}

# METADATA
# description: A state machine (StartAt and States), or a bare map of states with a task, is of kind step_functions.
test_step_functions if {
	machine := {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}
	document.kind == "step_functions" with input as machine
	document.summary == {"kind": "step_functions"} with input as machine
	states := {"Train": {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync"}}
	document.kind == "step_functions" with input as states
}

# METADATA
# description: An ACK SageMaker manifest is of kind ack.
test_ack_manifest if {
	doc := {"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "TrainingJob", "spec": {}}
	document.kind == "ack" with input as doc
	document.summary == {"kind": "ack"} with input as doc
}

# METADATA
# description: >-
#   Kinds are tried in order (plan, template, pipeline, state machine, manifest, API body): a
#   document with the marks of two takes the first.
test_kind_precedence if {
	document.kind == "terraform_plan" with input as object.union(_plan, {"Resources": {"B": {"Type": "T"}}})
	document.kind == "cloudformation" with input as {"Resources": {"B": {"Type": "T"}}, "Version": "1", "Steps": []}
	document.kind == "pipeline_definition" with input as {"Version": "1", "Steps": [], "StartAt": "A", "States": {}}
	document.kind == "step_functions" with input as {"StartAt": "A", "States": {}, "TrainingJobName": "n", "RoleArn": "r"}
	ack := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "TrainingJob",
		"TrainingJobName": "n", "RoleArn": "r",
	}
	document.kind == "ack" with input as ack
}

# Operations without inter-node traffic

_no_traffic := {
	"CreateTransformJob": {
		"TransformJobName": "scoring",
		"ModelName": "m",
		"TransformInput": {"DataSource": {}},
		"TransformOutput": {"S3OutputPath": "s3://b/out"},
		"TransformResources": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 2},
	},
	"DescribeTransformJob": {
		"TransformJobName": "scoring",
		"TransformJobArn": "arn:aws:sagemaker:us-east-1:111122223333:transform-job/scoring",
		"TransformJobStatus": "Completed",
		"ModelName": "m",
		"TransformInput": {"DataSource": {}},
		"TransformOutput": {"S3OutputPath": "s3://b/out"},
		"TransformResources": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 2},
	},
	"CreateModel": {"ModelName": "m", "PrimaryContainer": {"Image": "i"}, "ExecutionRoleArn": "r"},
	"DescribeModel": {
		"ModelName": "m", "PrimaryContainer": {"Image": "i"}, "ExecutionRoleArn": "r",
		"ModelArn": "arn:aws:sagemaker:us-east-1:111122223333:model/m", "CreationTime": "2026-11-01T00:00:00Z",
	},
	"CreateEndpointConfig": {"EndpointConfigName": "c", "ProductionVariants": [{"VariantName": "v", "ModelName": "m"}]},
	"DescribeEndpointConfig": {
		"EndpointConfigName": "c", "ProductionVariants": [{"VariantName": "v", "ModelName": "m"}],
		"EndpointConfigArn": "arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/c",
		"CreationTime": "2026-11-01T00:00:00Z",
	},
	"CreateEndpoint": {"EndpointName": "e", "EndpointConfigName": "c"},
	"DescribeEndpoint": {
		"EndpointName": "e", "EndpointConfigName": "c",
		"EndpointArn": "arn:aws:sagemaker:us-east-1:111122223333:endpoint/e", "EndpointStatus": "InService",
		"ProductionVariants": [{"VariantName": "v", "CurrentInstanceCount": 2}],
	},
	"CreateInferenceComponent": {
		"InferenceComponentName": "ic", "EndpointName": "e", "VariantName": "v",
		"Specification": {"ModelName": "m"}, "RuntimeConfig": {"CopyCount": 1},
	},
	"DescribeInferenceComponent": {
		"InferenceComponentName": "ic", "EndpointName": "e", "VariantName": "v",
		"InferenceComponentArn": "arn:aws:sagemaker:us-east-1:111122223333:inference-component/ic",
		"InferenceComponentStatus": "InService", "Specification": {"ModelName": "m"},
	},
	"CreateCluster": {"ClusterName": "hp", "InstanceGroups": [{"InstanceGroupName": "workers", "InstanceCount": 4}]},
	"DescribeCluster": {
		"ClusterName": "hp", "InstanceGroups": [{"InstanceGroupName": "workers"}],
		"ClusterArn": "arn:aws:sagemaker:us-east-1:111122223333:cluster/abc", "ClusterStatus": "InService",
	},
}

# METADATA
# description: >-
#   The bodies of operations that start or define compute without inter-node traffic (and their
#   Describe outputs) are SageMaker API documents, each recognised as its own operation.
test_operations_without_inter_node_traffic if {
	every operation, doc in _no_traffic {
		document.summary == {"kind": "sagemaker_api", "operation": operation} with input as doc
	}
}

# METADATA
# description: >-
#   Documents of other services with similar names stay unrecognised: an EKS or ECS CreateCluster
#   body, a DAX cluster, an API Gateway endpoint configuration.
test_other_services_are_not_recognised if {
	every doc in [
		{"name": "ml", "roleArn": "r", "resourcesVpcConfig": {}},
		{"clusterName": "ml", "capacityProviders": ["FARGATE"]},
		{"ClusterName": "dax", "NodeType": "dax.r5.large", "ReplicationFactor": 3},
		{"EndpointConfiguration": {"Types": ["REGIONAL"]}, "Name": "api"},
	] {
		document.kind == "unknown" with input as doc
	}
}
