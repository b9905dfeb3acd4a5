# METADATA
# title: lib/adapters/cloudformation tests
# description: >-
#   Recognising a template, and each SageMaker job resource type as workloads, with intrinsics
#   resolved; pipelines and state machines in cloudformation_embedded_test.rego.
package transit_guard.lib.adapters.cloudformation_test

import data.transit_guard.lib.adapters.cloudformation
import data.transit_guard.lib.document

# METADATA
# description: A template with one resource J of the given type and properties, and the given parameters.
_template(type, properties, parameters) := {
	"AWSTemplateFormatVersion": "2010-09-09",
	"Parameters": parameters,
	"Resources": {"J": {"Type": type, "Properties": properties}},
}

# METADATA
# description: The [type, resource, flag state, flag path, instances] of each workload of the input template.
_summary contains [job.type, job.resource, job.flag.state, job.flag.path, job.instances] if {
	some job in cloudformation.workloads
}

_flag := "EnableInterContainerTrafficEncryption"

_two := {"known": true, "total": 2}

_processing(flag, instances) := {
	"NetworkConfig": {_flag: flag},
	"ProcessingResources": {"ClusterConfig": {"InstanceCount": instances}},
}

# is_template

# METADATA
# description: A document whose Resources have a Type is a template (SAM too); its kind is cloudformation.
test_is_template if {
	document.is_template({"Resources": {"B": {"Type": "AWS::S3::Bucket"}}})
	sam := {"Transform": "AWS::Serverless-2016-10-31", "Resources": {"S": {"Type": "AWS::Serverless::StateMachine"}}}
	document.is_template(sam)
	document.kind == "cloudformation" with input as sam
}

# METADATA
# description: Resources that are not an object, or have no typed resource, are not a template.
test_not_a_template if {
	not document.is_template({"Resources": []})
	not document.is_template({"Resources": {}})
	not document.is_template({"Resources": {"B": {"Properties": {}}}})
	not document.is_template({"Resources": {"B": {"Type": 7}}})
	not document.is_template({})
}

# Job types

# METADATA
# description: A training job, under Properties and named by its logical ID.
test_training_job if {
	doc := _template("AWS::SageMaker::TrainingJob", {_flag: true, "ResourceConfig": {"InstanceCount": 2}}, {})
	_summary == {["training_job", "J", "true", "Properties.EnableInterContainerTrafficEncryption", _two]} with input as doc
	{job.input_kind | some job in cloudformation.workloads} == {"cloudformation"} with input as doc
}

# METADATA
# description: A processing job.
test_processing_job if {
	doc := _template("AWS::SageMaker::ProcessingJob", _processing(false, 2), {})
	_summary == {[
		"processing_job", "J", "false",
		"Properties.NetworkConfig.EnableInterContainerTrafficEncryption", _two,
	]} with input as doc
}

# METADATA
# description: An AutoML job with AutoMLJobConfig is v1 (flag under AutoMLJobConfig.SecurityConfig), otherwise v2.
test_automl_jobs if {
	v1 := _template("AWS::SageMaker::AutoMLJob", {"AutoMLJobConfig": {"SecurityConfig": {_flag: true}}}, {})
	_summary == {[
		"automl_job", "J", "true",
		"Properties.AutoMLJobConfig.SecurityConfig.EnableInterContainerTrafficEncryption", {"known": false},
	]} with input as v1
	v2 := _template("AWS::SageMaker::AutoMLJob", {"SecurityConfig": {_flag: false}}, {})
	_summary == {[
		"automl_job", "J", "false",
		"Properties.SecurityConfig.EnableInterContainerTrafficEncryption", {"known": false},
	]} with input as v2
}

# METADATA
# description: The four monitoring job definition types.
test_monitoring_job_definitions if {
	properties := {"NetworkConfig": {_flag: true}, "JobResources": {"ClusterConfig": {"InstanceCount": 2}}}
	every type in [
		"AWS::SageMaker::DataQualityJobDefinition",
		"AWS::SageMaker::ModelQualityJobDefinition",
		"AWS::SageMaker::ModelBiasJobDefinition",
		"AWS::SageMaker::ModelExplainabilityJobDefinition",
	] {
		_summary == {[
			"monitoring_job_definition", "J", "true",
			"Properties.NetworkConfig.EnableInterContainerTrafficEncryption", _two,
		]} with input as _template(type, properties, {})
	}
}

# METADATA
# description: A monitoring schedule with an inline definition is a workload; one naming its definition is not.
test_monitoring_schedules if {
	inline := _template(
		"AWS::SageMaker::MonitoringSchedule", {"MonitoringScheduleConfig": {"MonitoringJobDefinition": {
			"NetworkConfig": {_flag: false},
			"MonitoringResources": {"ClusterConfig": {"InstanceCount": 1}},
		}}},
		{},
	)
	_summary == {[
		"monitoring_schedule", "J", "false",
		"Properties.MonitoringScheduleConfig.MonitoringJobDefinition.NetworkConfig.EnableInterContainerTrafficEncryption",
		{"known": true, "total": 1},
	]} with input as inline
	named := _template(
		"AWS::SageMaker::MonitoringSchedule", {"MonitoringScheduleConfig": {
			"MonitoringJobDefinitionName": {"Fn::GetAtt": ["DataQuality", "JobDefinitionName"]},
			"MonitoringType": "DataQuality",
		}},
		{},
	)
	_summary == set() with input as named
}

# METADATA
# description: Other resource types, and a job without Properties, are handled (the latter with an absent flag).
test_other_resources if {
	_summary == set() with input as _template("AWS::SageMaker::Endpoint", {}, {})
	_summary == set() with input as _template("AWS::SageMaker::TransformJob", {_flag: false}, {})
	doc := {"Resources": {"J": {"Type": "AWS::SageMaker::TrainingJob"}}}
	_summary == {[
		"training_job", "J", "absent",
		"Properties.EnableInterContainerTrafficEncryption", {"known": false},
	]} with input as doc
}

# Intrinsics and strings

# METADATA
# description: Booleans and counts may be the strings "true", "false" and "2", as CloudFormation passes them.
test_strings if {
	doc := _template("AWS::SageMaker::ProcessingJob", _processing("false", "2"), {})
	_summary == {[
		"processing_job", "J", "false",
		"Properties.NetworkConfig.EnableInterContainerTrafficEncryption", _two,
	]} with input as doc
	ok := _template("AWS::SageMaker::ProcessingJob", _processing("true", "1"), {})
	{job.flag.state | some job in cloudformation.workloads} == {"true"} with input as ok
}

# METADATA
# description: A Ref to a parameter is its Default; without a Default it is unknown.
test_ref_parameters if {
	parameters := {"Encrypt": {"Type": "String", "Default": "true"}, "Count": {"Type": "Number", "Default": "2"}}
	doc := _template("AWS::SageMaker::ProcessingJob", _processing({"Ref": "Encrypt"}, {"Ref": "Count"}), parameters)
	{[job.flag.state, job.instances] | some job in cloudformation.workloads} == {["true", _two]} with input as doc
	no_default := {"Encrypt": {"Type": "String"}, "Count": {"Type": "Number"}}
	unknown := _template("AWS::SageMaker::ProcessingJob", _processing({"Ref": "Encrypt"}, {"Ref": "Count"}), no_default)
	{[job.flag.state, job.instances] | some job in cloudformation.workloads} == {["unknown", {"known": false}]}
		with input as unknown
}

# METADATA
# description: Fn::If on a block yields both branches; the worse one is the flag's state.
test_fn_if_on_a_block if {
	properties := {
		"NetworkConfig": {"Fn::If": ["IsProd", {_flag: true}, {_flag: false}]},
		"ProcessingResources": {"ClusterConfig": {"Fn::If": ["IsProd", {"InstanceCount": 4}, {"InstanceCount": 1}]}},
	}
	doc := _template("AWS::SageMaker::ProcessingJob", properties, {})
	{[job.flag.state, job.instances] | some job in cloudformation.workloads} == {["false", {"known": true, "total": 4}]}
		with input as doc
}

# METADATA
# description: Fn::If whose branches are both encrypted is encrypted; a NoValue block is absent.
test_fn_if_both_encrypted_and_no_value if {
	network := {"Fn::If": ["C", {_flag: true}, {_flag: "true"}]}
	both := _template("AWS::SageMaker::ProcessingJob", {"NetworkConfig": network}, {})
	{job.flag.state | some job in cloudformation.workloads} == {"true"} with input as both
	novalue := _template("AWS::SageMaker::ProcessingJob", {"NetworkConfig": {"Ref": "AWS::NoValue"}}, {})
	{job.flag.state | some job in cloudformation.workloads} == {"absent"} with input as novalue
}

# METADATA
# description: !If on the flag itself, the common CloudFormation form, yields both branches (not encrypted).
test_fn_if_on_the_flag if {
	doc := _template("AWS::SageMaker::ProcessingJob", _processing({"Fn::If": ["IsProd", true, false]}, 2), {})
	{[job.flag.state, job.instances] | some job in cloudformation.workloads} == {["false", _two]} with input as doc
	count_if := _template("AWS::SageMaker::ProcessingJob", _processing(true, {"Fn::If": ["IsProd", 4, 1]}), {})
	{[job.flag.state, job.instances] | some job in cloudformation.workloads} == {["true", {"known": true, "total": 4}]}
		with input as count_if
}

# METADATA
# description: >-
#   !If [IsProd, false, !Ref AWS::NoValue] on the flag (false or not set) is not encrypted, and
#   is reported as the worse of the two outcomes, "false".
test_fn_if_flag_or_no_value if {
	flag := {"Fn::If": ["IsProd", false, {"Ref": "AWS::NoValue"}]}
	doc := _template("AWS::SageMaker::ProcessingJob", _processing(flag, 2), {})
	{[job.flag.state, job.instances] | some job in cloudformation.workloads} == {["false", _two]} with input as doc
}
