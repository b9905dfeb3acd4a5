# METADATA
# title: SageMaker API request bodies and Describe* outputs
# description: >-
#   A --cli-input-json request body (or the matching Describe* output, for auditing existing
#   jobs), recognised by the fields only that operation carries. Keys are the API's PascalCase.
package transit_guard.lib.adapters.sagemaker_api

import data.transit_guard.lib.adapters.pipeline_definition
import data.transit_guard.lib.embedded
import data.transit_guard.lib.jobs
import data.transit_guard.lib.reader

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
]

_fitting contains operation if {
	some operation in _operations
	_fits(operation)
}

_operation := operation if {
	count(_fitting) == 1
	some operation in _fitting
}

# METADATA
# description: >-
#   The API operation whose request (or Describe* output) the input is. A body that fits two
#   (a malformed one) is not recognised.
operation := _operation.describe if {
	is_string(input[_operation.arn])
	input[_operation.status]
} else := _operation.create

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

_ctx := reader.context("api", {})

_where := {"resource": input[_operation.name], "input_kind": "sagemaker_api", "prefix": []}

# METADATA
# description: The jobs the input defines, in the workload shape every rule reads.
# scope: document
workloads contains workload if {
	operation
	_operation.kind != "pipeline"
	some workload in jobs.workloads(_operation.kind, _ctx, input, _where)
}

# CreatePipeline / UpdatePipeline / DescribePipeline: PipelineDefinition is a JSON string.
workloads contains workload if {
	_operation.kind == "pipeline"
	parsed := embedded.parse(input.PipelineDefinition)
	where := object.union(_where, {"prefix": ["PipelineDefinition"]})
	some workload in pipeline_definition.definition_workloads(parsed.definition, where, {})
}

workloads contains jobs.uninspectable(_where, "PipelineDefinitionS3Location", "is stored in S3") if {
	_operation.kind == "pipeline"
	input.PipelineDefinitionS3Location
}

workloads contains jobs.uninspectable(_where, "PipelineDefinition", parsed.reason) if {
	_operation.kind == "pipeline"
	not input.PipelineDefinitionS3Location
	parsed := embedded.parse(object.get(input, "PipelineDefinition", null))
	parsed.reason
}
