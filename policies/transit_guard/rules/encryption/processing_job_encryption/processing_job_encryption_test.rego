# METADATA
# title: TG103 tests
# description: >-
#   Allowed and denied samples of TG103 (processing jobs, pipeline QualityCheck and ClarifyCheck
#   steps included, encrypt inter-node traffic) on small inline inputs. Profile strict is applied
#   by the entrypoints and tested in transit_guard.main_test.
package transit_guard.rules.encryption.processing_job_encryption_test

import data.transit_guard.rules.encryption.processing_job_encryption as tg103

# METADATA
# description: The only finding in findings, checked to be TG103's and about resource.
_only(findings, resource) := finding if {
	count(findings) == 1
	some finding in findings
	finding.id == "TG103"
	finding.rule == "processing_job_encryption"
	finding.title == "Processing jobs encrypt inter-node traffic"
	finding.resource == resource
	startswith(finding.msg, concat("", ["TG103: processing job ", resource, " does not encrypt inter-node traffic: "]))
	startswith(finding.remediation, concat("", ["Set ", finding.path, " "]))
}

# METADATA
# description: A CreateProcessingJob body with the given NetworkConfig and instance count.
_api(network, instances) := {
	"ProcessingJobName": "prep",
	"AppSpecification": {"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1"},
	"ProcessingResources": {"ClusterConfig": {"InstanceCount": instances, "InstanceType": "ml.m5.xlarge"}},
	"NetworkConfig": network,
}

_flag := "EnableInterContainerTrafficEncryption"

_path := "NetworkConfig.EnableInterContainerTrafficEncryption"

# METADATA
# description: The flag false on three instances is denied (HIGH), with every fact.
test_denied_api_flag_false_distributed if {
	doc := _api({_flag: false}, 3)
	tg103.warn == set() with input as doc
	finding := _only(tg103.deny, "prep") with input as doc
	finding.msg == concat("", [
		"TG103: processing job prep does not encrypt inter-node traffic: ",
		_path, " is false; 3 instances exchange unencrypted traffic",
	])
	finding.severity == "HIGH"
	finding.encryption == "false"
	finding.instance_count == 3
	finding.path == _path
	finding.input_kind == "sagemaker_api"
}

# METADATA
# description: Without NetworkConfig the flag is absent, which fails closed.
test_denied_api_network_config_absent if {
	doc := object.remove(_api({}, 2), ["NetworkConfig"])
	finding := _only(tg103.deny, "prep") with input as doc
	finding.encryption == "absent"
	contains(finding.msg, "is not set (SageMaker defaults it to false); 2 instances")
}

# METADATA
# description: The flag true passes, on one or many instances, under any profile.
test_allowed_api_flag_true if {
	every instances in [1, 4] {
		tg103.deny == set() with input as _api({_flag: true}, instances)
			with data.transit_guard_config.profiles as ["healthcare"]
		tg103.warn == set() with input as _api({_flag: true}, instances)
	}
}

# METADATA
# description: One instance warns (LOW); profile healthcare denies it, profile strict leaves the rule's levels alone.
test_allowed_with_warning_api_single_instance if {
	doc := _api({_flag: false}, 1)
	tg103.deny == set() with input as doc
	finding := _only(tg103.warn, "prep") with input as doc
	finding.severity == "LOW"
	endswith(finding.msg, "is false; 1 instance: no inter-node traffic today; exposed when scaled out")
	healthcare := _only(tg103.deny, "prep") with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	endswith(healthcare.msg, "; exposed when scaled out; denied under profile healthcare")
	tg103.warn == set() with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	_only(tg103.warn, "prep") with input as doc with data.transit_guard_config.profiles as ["strict"]
}

# METADATA
# description: Pipeline QualityCheck and ClarifyCheck steps run processing jobs and are checked.
test_denied_pipeline_check_steps if {
	doc := {"Version": "2020-12-01", "Steps": [
		{"Name": "Quality", "Type": "QualityCheck", "Arguments": _api({_flag: false}, 2)},
		{"Name": "Clarify", "Type": "ClarifyCheck", "Arguments": _api({}, 2)},
		{"Name": "Prep", "Type": "Processing", "Arguments": _api({_flag: true}, 2)},
	]}
	deny := tg103.deny with input as doc
	{[finding.resource, finding.encryption, finding.path] | some finding in deny} == {
		["Quality", "false", "Steps[0].Arguments.NetworkConfig.EnableInterContainerTrafficEncryption"],
		["Clarify", "absent", "Steps[1].Arguments.NetworkConfig.EnableInterContainerTrafficEncryption"],
	}
}

# METADATA
# description: An awscc processing job (objects, not lists) with the flag false is denied.
test_denied_plan_awscc_processing_job if {
	doc := {"format_version": "1.2", "resource_changes": [{
		"address": "awscc_sagemaker_processing_job.prep",
		"mode": "managed",
		"type": "awscc_sagemaker_processing_job",
		"change": {"actions": ["create"], "after_unknown": {}, "after": {
			"network_config": {"enable_inter_container_traffic_encryption": false},
			"processing_resources": {"cluster_config": {"instance_count": 2}},
		}},
	}]}
	finding := _only(tg103.deny, "awscc_sagemaker_processing_job.prep") with input as doc
	finding.path == "network_config.enable_inter_container_traffic_encryption"
	finding.instance_count == 2
}

# METADATA
# description: A CloudFormation processing job with a Ref parameter defaulting to "true" passes.
test_allowed_cfn_ref_parameter if {
	doc := {
		"Parameters": {"Encrypt": {"Type": "String", "Default": "true"}},
		"Resources": {"Prep": {"Type": "AWS::SageMaker::ProcessingJob", "Properties": _api({_flag: {"Ref": "Encrypt"}}, 2)}},
	}
	tg103.deny == set() with input as doc
	tg103.warn == set() with input as doc
}

# METADATA
# description: A Step Functions processing task whose flag is a JSONPath is TG107's, not TG103's.
test_allowed_sfn_flag_at_run_time if {
	doc := {"StartAt": "Prep", "States": {"Prep": {
		"Type": "Task",
		"Resource": "arn:aws:states:::sagemaker:createProcessingJob.sync",
		"Parameters": _api({"EnableInterContainerTrafficEncryption.$": "$.encrypt"}, 2),
		"End": true,
	}}}
	tg103.deny == set() with input as doc
	tg103.warn == set() with input as doc
}
