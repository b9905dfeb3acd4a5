# METADATA
# title: TG104 tests
# description: >-
#   Allowed and denied samples of TG104 (AutoML v1 and v2 jobs encrypt inter-node traffic; always
#   treated as distributed) on small inline inputs. Profile strict is applied by the entrypoints
#   and tested in transit_guard.main_test.
package transit_guard.rules.encryption.automl_job_encryption_test

import data.transit_guard.rules.encryption.automl_job_encryption as tg104

# METADATA
# description: The only finding in findings, checked to be TG104's and about resource.
_only(findings, resource) := finding if {
	count(findings) == 1
	some finding in findings
	finding.id == "TG104"
	finding.rule == "automl_job_encryption"
	finding.title == "AutoML jobs encrypt inter-node traffic"
	finding.resource == resource
	startswith(finding.msg, concat("", ["TG104: AutoML job ", resource, " does not encrypt inter-node traffic: "]))
	finding.severity == "HIGH"
	finding.instance_count == null
	endswith(finding.msg, "; AutoML jobs are always treated as distributed")
}

_flag := "EnableInterContainerTrafficEncryption"

# METADATA
# description: A CreateAutoMLJob (v1) body with the given SecurityConfig.
_v1(security) := {
	"AutoMLJobName": "churn",
	"InputDataConfig": [{"TargetAttributeName": "churned"}],
	"AutoMLJobConfig": {"SecurityConfig": security},
}

# METADATA
# description: A CreateAutoMLJobV2 body with the given SecurityConfig.
_v2(security) := {
	"AutoMLJobName": "churn",
	"AutoMLJobInputDataConfig": [{"ChannelType": "training"}],
	"AutoMLProblemTypeConfig": {"TabularJobConfig": {"TargetAttributeName": "churned"}},
	"SecurityConfig": security,
}

# METADATA
# description: A v1 job without the flag is denied (HIGH), with every fact.
test_denied_api_v1_flag_absent if {
	doc := _v1({})
	tg104.warn == set() with input as doc
	finding := _only(tg104.deny, "churn") with input as doc
	finding.msg == concat("", [
		"TG104: AutoML job churn does not encrypt inter-node traffic: ",
		"AutoMLJobConfig.SecurityConfig.EnableInterContainerTrafficEncryption is not set ",
		"(SageMaker defaults it to false); AutoML jobs are always treated as distributed",
	])
	finding.encryption == "absent"
	finding.path == "AutoMLJobConfig.SecurityConfig.EnableInterContainerTrafficEncryption"
	startswith(finding.remediation, concat("", [
		"Set AutoMLJobConfig.SecurityConfig.EnableInterContainerTrafficEncryption to true ",
		"in the CreateAutoMLJob request body. ",
	]))
}

# METADATA
# description: A v2 job with the flag false is denied (HIGH), never a warning, whatever the profile.
test_denied_api_v2_flag_false if {
	doc := _v2({_flag: false})
	every profiles in [[], ["healthcare"], ["strict"]] {
		finding := _only(tg104.deny, "churn") with input as doc with data.transit_guard_config.profiles as profiles
		finding.path == "SecurityConfig.EnableInterContainerTrafficEncryption"
		tg104.warn == set() with input as doc with data.transit_guard_config.profiles as profiles
	}
}

# METADATA
# description: v1 and v2 jobs with the flag true pass.
test_allowed_api_flag_true if {
	every doc in [_v1({_flag: true}), _v2({_flag: true})] {
		tg104.deny == set() with input as doc
		tg104.warn == set() with input as doc
	}
}

# METADATA
# description: A v2 DescribeAutoMLJobV2 output without the flag is denied.
test_denied_api_describe_v2 if {
	arn := "arn:aws:sagemaker:us-east-1:123456789012:automl-job/churn"
	doc := object.union(_v2({}), {"AutoMLJobArn": arn, "AutoMLJobStatus": "Completed"})
	_only(tg104.deny, "churn").encryption == "absent" with input as doc
}

# METADATA
# description: A CloudFormation AutoML job (v2 shape) with the flag "false" is denied; v1 "true" passes.
test_denied_cfn_automl_job if {
	doc := {"Resources": {"Auto": {
		"Type": "AWS::SageMaker::AutoMLJob",
		"Properties": {"SecurityConfig": {_flag: "false"}},
	}}}
	_only(tg104.deny, "Auto").path == "Properties.SecurityConfig.EnableInterContainerTrafficEncryption" with input as doc
	ok := {"Resources": {"Auto": {"Type": "AWS::SageMaker::AutoMLJob", "Properties": {
		"AutoMLJobConfig": {"SecurityConfig": {_flag: "true"}},
	}}}}
	tg104.deny == set() with input as ok
}

# METADATA
# description: A pipeline AutoML step without the flag is denied.
test_denied_pipeline_automl_step if {
	doc := {"Version": "2020-12-01", "Steps": [{"Name": "Auto", "Type": "AutoML", "Arguments": _v1({})}]}
	path := concat(".", ["Steps[0].Arguments.AutoMLJobConfig.SecurityConfig", _flag])
	_only(tg104.deny, "Auto").path == path with input as doc
}
