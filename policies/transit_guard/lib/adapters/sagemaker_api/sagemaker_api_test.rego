# METADATA
# title: lib/adapters/sagemaker_api tests
# description: >-
#   Recognising the operation of a request body or Describe* output (the 11 operations that carry
#   the flag, CreatePipeline, and the RStudio domain, user profile and app operations that
#   lib/rstudio reads), and its workloads.
package transit_guard.lib.adapters.sagemaker_api_test

import data.transit_guard.lib.adapters.sagemaker_api
import data.transit_guard.lib.document

_flag := "EnableInterContainerTrafficEncryption"

# Each operation: a minimal request body, and the fields that make it a Describe* output.
_bodies := {
	"CreateTrainingJob": {"TrainingJobName": "n", "RoleArn": "r"},
	"CreateHyperParameterTuningJob": {"HyperParameterTuningJobName": "n", "HyperParameterTuningJobConfig": {}},
	"CreateProcessingJob": {"ProcessingJobName": "n", "AppSpecification": {}},
	"CreateAutoMLJob": {"AutoMLJobName": "n", "AutoMLJobConfig": {}},
	"CreateAutoMLJobV2": {"AutoMLJobName": "n", "AutoMLProblemTypeConfig": {}},
	"CreateDataQualityJobDefinition": {"JobDefinitionName": "n", "DataQualityAppSpecification": {}},
	"CreateModelQualityJobDefinition": {"JobDefinitionName": "n", "ModelQualityAppSpecification": {}},
	"CreateModelBiasJobDefinition": {"JobDefinitionName": "n", "ModelBiasAppSpecification": {}},
	"CreateModelExplainabilityJobDefinition": {"JobDefinitionName": "n", "ModelExplainabilityAppSpecification": {}},
	"CreateMonitoringSchedule": {"MonitoringScheduleName": "n", "MonitoringScheduleConfig": {}},
	"CreatePipeline": {"PipelineName": "n", "PipelineDefinition": "{}"},
}

_describe := {
	"CreateTrainingJob": {"TrainingJobArn": "arn", "TrainingJobStatus": "Completed"},
	"CreateHyperParameterTuningJob": {"HyperParameterTuningJobArn": "arn", "HyperParameterTuningJobStatus": "Completed"},
	"CreateProcessingJob": {"ProcessingJobArn": "arn", "ProcessingJobStatus": "Completed"},
	"CreateAutoMLJob": {"AutoMLJobArn": "arn", "AutoMLJobStatus": "Completed"},
	"CreateAutoMLJobV2": {"AutoMLJobArn": "arn", "AutoMLJobStatus": "InProgress"},
	"CreateDataQualityJobDefinition": {"JobDefinitionArn": "arn", "CreationTime": "2026-01-01T00:00:00Z"},
	"CreateModelQualityJobDefinition": {"JobDefinitionArn": "arn", "CreationTime": "2026-01-01T00:00:00Z"},
	"CreateModelBiasJobDefinition": {"JobDefinitionArn": "arn", "CreationTime": "2026-01-01T00:00:00Z"},
	"CreateModelExplainabilityJobDefinition": {"JobDefinitionArn": "arn", "CreationTime": "2026-01-01T00:00:00Z"},
	"CreateMonitoringSchedule": {"MonitoringScheduleArn": "arn", "MonitoringScheduleStatus": "Scheduled"},
	"CreatePipeline": {"PipelineArn": "arn", "PipelineStatus": "Active"},
}

# METADATA
# description: The [type, resource, flag state, flag path, instances] of each workload of the input body.
_summary contains [job.type, job.resource, job.flag.state, job.flag.path, job.instances] if {
	some job in sagemaker_api.workloads
}

_two := {"known": true, "total": 2}

# operation

# METADATA
# description: Every operation is recognised from its name field and a field only its request carries.
test_operation_create if {
	every operation, body in _bodies {
		document.operation == operation with input as body
		document.summary == {"kind": "sagemaker_api", "operation": operation} with input as body
	}
}

# METADATA
# description: An ARN and a status (or creation time) make the Describe* output of every operation.
test_operation_describe if {
	every operation, body in _bodies {
		describe := concat("", ["Describe", substring(operation, count("Create"), -1)])
		document.operation == describe with input as object.union(body, _describe[operation])
	}
}

# METADATA
# description: Describe needs a string ARN and a status; an ARN alone is still the request.
test_operation_describe_needs_arn_and_status if {
	create := object.union(_bodies.CreateTrainingJob, {"TrainingJobArn": "arn"})
	document.operation == "CreateTrainingJob" with input as create
	numeric := object.union(_bodies.CreateTrainingJob, {"TrainingJobArn": 7, "TrainingJobStatus": "Completed"})
	document.operation == "CreateTrainingJob" with input as numeric
}

# METADATA
# description: Every mark of an operation is enough (here CreateTrainingJob's and CreateProcessingJob's).
test_operation_marks if {
	every key in ["AlgorithmSpecification", "ResourceConfig", "RoleArn"] {
		document.operation == "CreateTrainingJob" with input as {"TrainingJobName": "n", key: {"a": 1}}
	}
	document.operation == "CreateProcessingJob" with input as {"ProcessingJobName": "n", "ProcessingResources": {}}
	document.operation == "CreateAutoMLJob" with input as {"AutoMLJobName": "n", "InputDataConfig": []}
	document.operation == "CreateAutoMLJobV2" with input as {"AutoMLJobName": "n", "AutoMLJobInputDataConfig": []}
	document.operation == "CreatePipeline" with input as {"PipelineName": "n", "PipelineDefinitionS3Location": {}}
}

# METADATA
# description: A body fitting two operations (a malformed one) is not recognised, and so has kind "unknown".
test_operation_two_operations_not_recognised if {
	doc := {"AutoMLJobName": "n", "AutoMLJobConfig": {}, "AutoMLProblemTypeConfig": {}}
	not document.operation with input as doc
	document.kind == "unknown" with input as doc
	mixed := object.union(_bodies.CreateTrainingJob, _bodies.CreateProcessingJob)
	not document.operation with input as mixed
	sagemaker_api.workloads == set() with input as mixed
}

# METADATA
# description: No operation without a string name and a mark of the same operation.
test_operation_not_recognised if {
	not document.operation with input as {"TrainingJobName": "n"}
	not document.operation with input as {"TrainingJobName": 7, "RoleArn": "r"}
	not document.operation with input as {"RoleArn": "r", "ResourceConfig": {"InstanceCount": 1}}
	not document.operation with input as {}
}

# RStudio operations (read by lib/rstudio)

_domain := {"DomainName": "d", "AuthMode": "IAM", "DefaultUserSettings": {}}

_domain_describe := {"DomainId": "d-1", "DomainArn": "arn:domain", "Status": "InService"}

# METADATA
# description: Domains, user profiles and apps are recognised, as requests and as Describe* outputs.
test_operation_rstudio if {
	operations := {
		"CreateDomain": _domain,
		"DescribeDomain": object.union(_domain, _domain_describe),
		"UpdateDomain": {"DomainId": "d-1", "DefaultUserSettings": {}},
		"CreateUserProfile": {"DomainId": "d-1", "UserProfileName": "u", "SingleSignOnUserIdentifier": "UserName"},
		"DescribeUserProfile": {
			"DomainId": "d-1", "UserProfileName": "u", "UserSettings": {},
			"UserProfileArn": "arn:user", "Status": "InService",
		},
		"CreateApp": {"DomainId": "d-1", "UserProfileName": "u", "AppName": "default", "AppType": "RStudioServerPro"},
		"DescribeApp": {"AppName": "default", "AppType": "RSessionGateway", "AppArn": "arn:app", "Status": "InService"},
	}
	every operation, body in operations {
		document.operation == operation with input as body
	}
}

# METADATA
# description: >-
#   An UpdateDomain mark never makes a named domain an update: a DescribeDomain output carries
#   DomainId and DomainName, and is read as a domain only.
test_operation_update_domain_excluded_by_domain_name if {
	both := object.union(_domain, {"DomainId": "d-1", "DefaultSpaceSettings": {}})
	document.operation == "CreateDomain" with input as both
	every mark in ["DomainSettingsForUpdate", "DefaultUserSettings", "DefaultSpaceSettings"] {
		document.operation == "UpdateDomain" with input as {"DomainId": "d-1", mark: {}}
	}
}

# METADATA
# description: >-
#   A user profile body with UserSettings is UpdateUserProfile unless a creation-only field
#   (SingleSignOnUserIdentifier, SingleSignOnUserValue, Tags) is there too.
test_operation_user_profile_create_or_update if {
	update := {"DomainId": "d-1", "UserProfileName": "u", "UserSettings": {}}
	document.operation == "UpdateUserProfile" with input as update
	every key in ["SingleSignOnUserIdentifier", "SingleSignOnUserValue", "Tags"] {
		document.operation == "CreateUserProfile" with input as object.union(update, {key: "x"})
	}
}

# METADATA
# description: An app names its user profile and may carry Tags; AppType makes it an app, never a user profile.
test_operation_app_not_a_user_profile if {
	app := {"UserProfileName": "u", "AppName": "a", "AppType": "RStudioServerPro", "Tags": [{"Key": "k"}]}
	document.operation == "CreateApp" with input as app
	document.operation == "CreateApp" with input as object.union(app, {"UserSettings": {}})
}

# METADATA
# description: RStudio operations have no job, so no workload.
test_rstudio_operations_have_no_workloads if {
	sagemaker_api.workloads == set() with input as _domain
	sagemaker_api.workloads == set() with input as {"DomainId": "d-1", "UserProfileName": "u", "UserSettings": {}}
}

# workloads

# METADATA
# description: Every job operation yields its workload, named by the job's name.
test_workloads_of_every_job_operation if {
	types := {
		"CreateTrainingJob": "training_job",
		"CreateHyperParameterTuningJob": "tuning_job",
		"CreateProcessingJob": "processing_job",
		"CreateAutoMLJob": "automl_job",
		"CreateAutoMLJobV2": "automl_job",
		"CreateDataQualityJobDefinition": "monitoring_job_definition",
		"CreateModelQualityJobDefinition": "monitoring_job_definition",
		"CreateModelBiasJobDefinition": "monitoring_job_definition",
		"CreateModelExplainabilityJobDefinition": "monitoring_job_definition",
	}
	every operation, type in types {
		{[job.type, job.resource, job.input_kind, job.flag.state] | some job in sagemaker_api.workloads} == {
			[type, "n", "sagemaker_api", "absent"],
		} with input as _bodies[operation]
	}
}

# METADATA
# description: A monitoring schedule with an inline definition is a workload; one without is not.
test_workloads_of_monitoring_schedules if {
	doc := {"MonitoringScheduleName": "s", "MonitoringScheduleConfig": {"MonitoringJobDefinition": {
		"NetworkConfig": {_flag: true},
		"MonitoringResources": {"ClusterConfig": {"InstanceCount": 2}},
	}}}
	_summary == {[
		"monitoring_schedule", "s", "true",
		"MonitoringScheduleConfig.MonitoringJobDefinition.NetworkConfig.EnableInterContainerTrafficEncryption", _two,
	]} with input as doc
	_summary == set() with input as _bodies.CreateMonitoringSchedule
}

# METADATA
# description: A Describe* output is read like the request.
test_workloads_of_a_describe_output if {
	doc := {
		"ProcessingJobName": "prep",
		"ProcessingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:processing-job/prep",
		"ProcessingJobStatus": "Completed",
		"ProcessingResources": {"ClusterConfig": {"InstanceCount": 2}},
		"NetworkConfig": {_flag: false},
	}
	_summary == {[
		"processing_job", "prep", "false",
		"NetworkConfig.EnableInterContainerTrafficEncryption", _two,
	]} with input as doc
}

# Pipelines

# METADATA
# description: CreatePipeline's PipelineDefinition (a JSON string) yields its steps' jobs, named pipeline/step.
test_pipeline_definition if {
	definition := {"Version": "2020-12-01", "Steps": [{"Name": "Train", "Type": "Training", "Arguments": {
		_flag: true,
		"ResourceConfig": {"InstanceCount": 2},
	}}]}
	doc := {"PipelineName": "p", "PipelineDefinition": json.marshal(definition), "RoleArn": "r"}
	_summary == {[
		"training_job", "p/Train", "true",
		"PipelineDefinition.Steps[0].Arguments.EnableInterContainerTrafficEncryption", _two,
	]} with input as doc
	{job.input_kind | some job in sagemaker_api.workloads} == {"sagemaker_api"} with input as doc
}

# METADATA
# description: A pipeline stored in S3 is uninspectable.
test_pipeline_s3_location if {
	doc := {"PipelineName": "p", "PipelineDefinitionS3Location": {"Bucket": "b", "ObjectKey": "k"}}
	sagemaker_api.workloads == {{
		"type": "uninspectable",
		"resource": "p",
		"input_kind": "sagemaker_api",
		"path": "PipelineDefinitionS3Location",
		"reason": "is stored in S3",
		"inline": "PipelineDefinition",
	}} with input as doc
}

# METADATA
# description: A PipelineDefinition that is not valid JSON is uninspectable and says so.
test_pipeline_invalid_definition if {
	doc := {"PipelineName": "p", "PipelineDefinition": "{\"Steps\": [", "RoleArn": "r"}
	{[item.type, item.path, item.reason] | some item in sagemaker_api.workloads} == {[
		"uninspectable", "PipelineDefinition",
		"is not a valid JSON definition",
	]} with input as doc
}

# METADATA
# description: >-
#   A body of an operation without inter-node traffic is one workload with nothing to check and a
#   note saying why; the encryption rules do not read it.
test_no_inter_node_traffic_workloads if {
	transform := {
		"TransformJobName": "scoring",
		"ModelName": "m",
		"TransformInput": {},
		"TransformOutput": {},
		"TransformResources": {"InstanceCount": 3},
	}
	sagemaker_api.workloads == {{
		"type": "no_inter_node_traffic",
		"resource": "scoring",
		"input_kind": "sagemaker_api",
		"note": "batch transform: no inter-node traffic (each instance transforms its own share of the input)",
	}} with input as transform
	cluster := {"ClusterName": "hp", "InstanceGroups": [{"InstanceCount": 8}]}
	some hyperpod in sagemaker_api.workloads with input as cluster
	startswith(hyperpod.note, "HyperPod cluster: SageMaker has no inter-container traffic encryption setting")
}
