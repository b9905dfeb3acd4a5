# METADATA
# title: TG105 tests
# description: >-
#   Allowed and denied samples of TG105 (data-quality, model-quality, model-bias and
#   model-explainability job definitions encrypt inter-node traffic) on small inline inputs.
#   Profile strict is applied by the entrypoints and tested in transit_guard.main_test.
package transit_guard.rules.encryption.monitoring_job_definition_encryption_test

import data.transit_guard.rules.encryption.monitoring_job_definition_encryption as tg105

# METADATA
# description: The only finding in findings, checked to be TG105's and about resource.
_only(findings, resource) := finding if {
	count(findings) == 1
	some finding in findings
	finding.id == "TG105"
	finding.rule == "monitoring_job_definition_encryption"
	finding.resource == resource
	startswith(finding.msg, concat("", [
		"TG105: monitoring job definition ", resource,
		" does not encrypt inter-node traffic: ",
	]))
}

_flag := "EnableInterContainerTrafficEncryption"

# METADATA
# description: A Create*JobDefinition body of the given operation's app specification, flag and instance count.
_api(specification, network, instances) := {
	"JobDefinitionName": "dq",
	specification: {"ImageUri": "monitor:1"},
	"JobResources": {"ClusterConfig": {"InstanceCount": instances, "InstanceType": "ml.m5.xlarge"}},
	"NetworkConfig": network,
}

_specifications := [
	"DataQualityAppSpecification",
	"ModelQualityAppSpecification",
	"ModelBiasAppSpecification",
	"ModelExplainabilityAppSpecification",
]

# METADATA
# description: Each of the four definitions with the flag false on two instances is denied (HIGH).
test_denied_api_each_definition if {
	every specification in _specifications {
		finding := _only(tg105.deny, "dq") with input as _api(specification, {_flag: false}, 2)
		finding.severity == "HIGH"
		finding.instance_count == 2
		finding.msg == concat("", [
			"TG105: monitoring job definition dq does not encrypt inter-node traffic: ",
			"NetworkConfig.EnableInterContainerTrafficEncryption is false; 2 instances exchange unencrypted traffic",
		])
	}
}

# METADATA
# description: Each of the four definitions with the flag true passes.
test_allowed_api_each_definition if {
	every specification in _specifications {
		tg105.deny == set() with input as _api(specification, {_flag: true}, 2)
		tg105.warn == set() with input as _api(specification, {_flag: true}, 2)
	}
}

# METADATA
# description: One instance without NetworkConfig warns (LOW); profile healthcare denies it.
test_allowed_with_warning_api_single_instance if {
	doc := object.remove(_api("DataQualityAppSpecification", {}, 1), ["NetworkConfig"])
	tg105.deny == set() with input as doc
	finding := _only(tg105.warn, "dq") with input as doc
	finding.severity == "LOW"
	finding.encryption == "absent"
	healthcare := _only(tg105.deny, "dq") with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	endswith(healthcare.msg, "; denied under profile healthcare")
	tg105.warn == set() with input as doc with data.transit_guard_config.profiles as ["healthcare"]
}

# METADATA
# description: The aws data quality job definition (blocks) and awscc model bias definition (objects) in a plan.
test_denied_plan_definitions if {
	doc := {"format_version": "1.2", "resource_changes": [
		{
			"address": "aws_sagemaker_data_quality_job_definition.dq",
			"mode": "managed",
			"type": "aws_sagemaker_data_quality_job_definition",
			"change": {"actions": ["create"], "after_unknown": {}, "after": {
				"network_config": [{"enable_inter_container_traffic_encryption": false}],
				"job_resources": [{"cluster_config": [{"instance_count": 2}]}],
			}},
		},
		{
			"address": "awscc_sagemaker_model_bias_job_definition.bias",
			"mode": "managed",
			"type": "awscc_sagemaker_model_bias_job_definition",
			"change": {"actions": ["create"], "after_unknown": {"network_config": true}, "after": {
				"job_resources": {"cluster_config": {"instance_count": 1}},
			}},
		},
	]}
	{[finding.resource, finding.encryption, finding.severity] | some finding in tg105.deny} == {
		["aws_sagemaker_data_quality_job_definition.dq", "false", "HIGH"],
	} with input as doc
	{[finding.resource, finding.encryption, finding.severity] | some finding in tg105.warn} == {
		["awscc_sagemaker_model_bias_job_definition.bias", "unknown", "LOW"],
	} with input as doc
}

# METADATA
# description: A CloudFormation model explainability definition and an ACK model quality definition, encrypted, pass.
test_allowed_cfn_and_ack if {
	cfn := {"Resources": {"Explain": {
		"Type": "AWS::SageMaker::ModelExplainabilityJobDefinition",
		"Properties": {"NetworkConfig": {_flag: true}, "JobResources": {"ClusterConfig": {"InstanceCount": 2}}},
	}}}
	tg105.deny == set() with input as cfn
	ack := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "ModelQualityJobDefinition",
		"metadata": {"name": "mq"},
		"spec": {"networkConfig": {"enableInterContainerTrafficEncryption": true}},
	}
	tg105.deny == set() with input as ack
	tg105.warn == set() with input as ack
}
