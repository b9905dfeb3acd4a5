# METADATA
# title: What kind of document the input is
# description: >-
#   The input kind is recognised from the document's shape, here and nowhere else. The loader asks
#   for it (entrypoint transit_guard/main/document_kind) to pick the JSON Schema that validates the
#   input.
package transit_guard.lib.document

# METADATA
# description: >-
#   Where the Terraform plan sits in the input: [] for a bare plan (terraform show -json),
#   ["plan"] for HCP Terraform's policy input, ["terraform"] for Spacelift's.
plan_path := [] if {
	_is_plan(input)
} else := ["plan"] if {
	_is_plan(input.plan)
} else := ["terraform"] if {
	_is_plan(input.terraform)
}

# METADATA
# description: The Terraform plan document, wherever it sits in the input.
plan := object.get(input, plan_path, null)

# A plan is recognised by format_version plus any key only plans carry, so that a plan with an
# unsupported format_version is still recognised (and then refused by its schema, not ignored).
_is_plan(doc) if {
	is_string(doc.format_version)
	some key in ["terraform_version", "resource_changes", "planned_values", "configuration"]
	doc[key]
}

# METADATA
# description: The input kind; "unknown" when no adapter recognises the document.
# scope: document
default kind := "unknown"

kind := "terraform_plan" if {
	plan_path
} else := "cloudformation" if {
	is_template(input)
} else := "pipeline_definition" if {
	is_pipeline_definition(input)
} else := "step_functions" if {
	is_state_machine(input)
} else := "step_functions" if {
	is_states(input)
} else := "ack" if {
	is_ack_manifest(input)
} else := "sagemaker_api" if {
	operation
}

# METADATA
# description: What the loader needs to validate the input against the right schema.
summary := {"kind": kind, "path": plan_path} if {
	kind == "terraform_plan"
} else := {"kind": kind, "operation": operation} if {
	kind == "sagemaker_api"
} else := {"kind": kind}

# METADATA
# description: A CloudFormation (or SAM) template, recognised by Resources entries with a Type.
is_template(doc) if {
	is_object(doc.Resources)
	some resource in doc.Resources
	is_string(resource.Type)
}

# METADATA
# description: A SageMaker Pipelines definition (Version and Steps).
is_pipeline_definition(doc) if {
	is_array(doc.Steps)
	is_string(doc.Version)
}

# METADATA
# description: A Step Functions state machine definition (StartAt and States).
is_state_machine(doc) if {
	is_string(doc.StartAt)
	is_object(doc.States)
}

# METADATA
# description: >-
#   A bare map of Step Functions states, as documentation excerpts show them: every value is a
#   state, and one is a task.
is_states(doc) if {
	count(doc) > 0
	every state in doc {
		state.Type in {"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}
	}
	some state in doc
	state.Type == "Task"
}

# METADATA
# description: An ACK SageMaker manifest (apiVersion sagemaker.services.k8s.aws/...).
is_ack_manifest(doc) if {
	startswith(doc.apiVersion, "sagemaker.services.k8s.aws/")
	is_string(doc.kind)
}

# Each operation: the name field, a field only its request carries, the job kind; Describe* when
# the output's ARN and status fields are present too.
_operations := [
	{
		"name": "TrainingJobName",
		"marks": ["AlgorithmSpecification", "ResourceConfig", "RoleArn"],
		"kind": "training",
		"create": "CreateTrainingJob",
		"describe": "DescribeTrainingJob",
		"arn": "TrainingJobArn",
		"status": "TrainingJobStatus",
	},
	{
		"name": "HyperParameterTuningJobName",
		"marks": ["HyperParameterTuningJobConfig"],
		"kind": "tuning",
		"create": "CreateHyperParameterTuningJob",
		"describe": "DescribeHyperParameterTuningJob",
		"arn": "HyperParameterTuningJobArn",
		"status": "HyperParameterTuningJobStatus",
	},
	{
		"name": "ProcessingJobName",
		"marks": ["ProcessingResources", "AppSpecification"],
		"kind": "processing",
		"create": "CreateProcessingJob",
		"describe": "DescribeProcessingJob",
		"arn": "ProcessingJobArn",
		"status": "ProcessingJobStatus",
	},
	{
		"name": "AutoMLJobName",
		"marks": ["AutoMLJobConfig", "InputDataConfig"],
		"kind": "automl",
		"create": "CreateAutoMLJob",
		"describe": "DescribeAutoMLJob",
		"arn": "AutoMLJobArn",
		"status": "AutoMLJobStatus",
	},
	{
		"name": "AutoMLJobName",
		"marks": ["AutoMLJobInputDataConfig", "AutoMLProblemTypeConfig"],
		"kind": "automl_v2",
		"create": "CreateAutoMLJobV2",
		"describe": "DescribeAutoMLJobV2",
		"arn": "AutoMLJobArn",
		"status": "AutoMLJobStatus",
	},
	{
		"name": "JobDefinitionName",
		"marks": ["DataQualityAppSpecification"],
		"kind": "monitoring_job_definition",
		"create": "CreateDataQualityJobDefinition",
		"describe": "DescribeDataQualityJobDefinition",
		"arn": "JobDefinitionArn",
		"status": "CreationTime",
	},
	{
		"name": "JobDefinitionName",
		"marks": ["ModelQualityAppSpecification"],
		"kind": "monitoring_job_definition",
		"create": "CreateModelQualityJobDefinition",
		"describe": "DescribeModelQualityJobDefinition",
		"arn": "JobDefinitionArn",
		"status": "CreationTime",
	},
	{
		"name": "JobDefinitionName",
		"marks": ["ModelBiasAppSpecification"],
		"kind": "monitoring_job_definition",
		"create": "CreateModelBiasJobDefinition",
		"describe": "DescribeModelBiasJobDefinition",
		"arn": "JobDefinitionArn",
		"status": "CreationTime",
	},
	{
		"name": "JobDefinitionName",
		"marks": ["ModelExplainabilityAppSpecification"],
		"kind": "monitoring_job_definition",
		"create": "CreateModelExplainabilityJobDefinition",
		"describe": "DescribeModelExplainabilityJobDefinition",
		"arn": "JobDefinitionArn",
		"status": "CreationTime",
	},
	{
		"name": "MonitoringScheduleName",
		"marks": ["MonitoringScheduleConfig"],
		"kind": "monitoring_schedule",
		"create": "CreateMonitoringSchedule",
		"describe": "DescribeMonitoringSchedule",
		"arn": "MonitoringScheduleArn",
		"status": "MonitoringScheduleStatus",
	},
	{
		"name": "PipelineName",
		"marks": ["PipelineDefinition", "PipelineDefinitionS3Location"],
		"kind": "pipeline",
		"create": "CreatePipeline",
		"describe": "DescribePipeline",
		"arn": "PipelineArn",
		"status": "PipelineStatus",
	},
	# RStudio (lib/rstudio). An update carries the ID and none of the creation-only fields; a
	# user profile body without them is read as UpdateUserProfile (the fields are the same).
	{
		"name": "DomainName",
		"marks": ["AuthMode", "DefaultUserSettings", "DomainSettings"],
		"kind": "domain",
		"create": "CreateDomain",
		"describe": "DescribeDomain",
		"arn": "DomainArn",
		"status": "Status",
	},
	{
		"name": "DomainId",
		"marks": ["DomainSettingsForUpdate", "DefaultUserSettings", "DefaultSpaceSettings"],
		"without": ["DomainName"],
		"kind": "domain_update",
		"create": "UpdateDomain",
		"describe": "UpdateDomain",
		"arn": "DomainArn",
		"status": "Status",
	},
	{
		"name": "UserProfileName",
		"marks": ["SingleSignOnUserIdentifier", "SingleSignOnUserValue", "Tags"],
		"without": ["AppType"],
		"kind": "user_profile",
		"create": "CreateUserProfile",
		"describe": "DescribeUserProfile",
		"arn": "UserProfileArn",
		"status": "Status",
	},
	{
		"name": "UserProfileName",
		"marks": ["UserSettings"],
		"without": ["SingleSignOnUserIdentifier", "SingleSignOnUserValue", "Tags", "AppType"],
		"kind": "user_profile",
		"create": "UpdateUserProfile",
		"describe": "DescribeUserProfile",
		"arn": "UserProfileArn",
		"status": "Status",
	},
	{
		"name": "AppName",
		"marks": ["AppType"],
		"kind": "app",
		"create": "CreateApp",
		"describe": "DescribeApp",
		"arn": "AppArn",
		"status": "Status",
	},
	# Compute without inter-node traffic to encrypt (or, for HyperPod, without a setting for it):
	# recognised, so that they pass with a note instead of being refused.
	{
		"name": "TransformJobName",
		"marks": ["TransformInput", "TransformOutput", "TransformResources"],
		"kind": "transform",
		"create": "CreateTransformJob",
		"describe": "DescribeTransformJob",
		"arn": "TransformJobArn",
		"status": "TransformJobStatus",
	},
	{
		"name": "ModelName",
		"marks": ["PrimaryContainer", "Containers", "ExecutionRoleArn", "InferenceExecutionConfig"],
		"without": ["TransformJobName", "EndpointConfigName", "InferenceComponentName"],
		"kind": "model",
		"create": "CreateModel",
		"describe": "DescribeModel",
		"arn": "ModelArn",
		"status": "CreationTime",
	},
	{
		"name": "EndpointConfigName",
		"marks": ["ProductionVariants", "AsyncInferenceConfig", "ShadowProductionVariants"],
		"without": ["EndpointName"],
		"kind": "endpoint_config",
		"create": "CreateEndpointConfig",
		"describe": "DescribeEndpointConfig",
		"arn": "EndpointConfigArn",
		"status": "CreationTime",
	},
	{
		"name": "EndpointName",
		"marks": ["EndpointConfigName"],
		"without": ["InferenceComponentName"],
		"kind": "endpoint",
		"create": "CreateEndpoint",
		"describe": "DescribeEndpoint",
		"arn": "EndpointArn",
		"status": "EndpointStatus",
	},
	{
		"name": "InferenceComponentName",
		"marks": ["Specification", "VariantName"],
		"kind": "inference_component",
		"create": "CreateInferenceComponent",
		"describe": "DescribeInferenceComponent",
		"arn": "InferenceComponentArn",
		"status": "InferenceComponentStatus",
	},
	{
		"name": "ClusterName",
		"marks": ["InstanceGroups"],
		"kind": "hyperpod_cluster",
		"create": "CreateCluster",
		"describe": "DescribeCluster",
		"arn": "ClusterArn",
		"status": "ClusterStatus",
	},
]

_fitting contains operation if {
	some operation in _operations
	_fits(operation)
}

# METADATA
# description: >-
#   The entry of the table above that the input is a body of: its name field, job kind, Create*
#   and Describe* names.
api_operation := operation if {
	count(_fitting) == 1
	some operation in _fitting
}

# METADATA
# description: >-
#   The API operation whose request (or Describe* output) the input is. A body that fits two
#   (a malformed one) is not recognised.
operation := api_operation.describe if {
	is_string(input[api_operation.arn])
	input[api_operation.status]
} else := api_operation.create

_fits(operation) if {
	is_string(input[operation.name])
	not _excluded(operation)
	some mark in operation.marks
	input[mark]
}

_excluded(operation) if {
	some key in object.get(operation, "without", [])
	input[key]
}
