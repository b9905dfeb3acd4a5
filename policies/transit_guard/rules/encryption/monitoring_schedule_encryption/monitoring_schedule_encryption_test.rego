# METADATA
# title: TG106 tests
# description: >-
#   Allowed and denied samples of TG106 (monitoring schedules with an inline job definition encrypt
#   inter-node traffic; a schedule naming its definition is left to TG105) on small inline inputs.
#   Profile strict is applied by the entrypoints and tested in transit_guard.main_test.
package transit_guard.rules.encryption.monitoring_schedule_encryption_test

import data.transit_guard.rules.encryption.monitoring_schedule_encryption as tg106

# METADATA
# description: The only finding in findings, checked to be TG106's and about resource.
_only(findings, resource) := finding if {
	count(findings) == 1
	some finding in findings
	finding.id == "TG106"
	finding.rule == "monitoring_schedule_encryption"
	finding.resource == resource
	startswith(finding.msg, concat("", [
		"TG106: monitoring schedule ", resource,
		" does not encrypt inter-node traffic: ",
	]))
}

_flag := "EnableInterContainerTrafficEncryption"

_path := "MonitoringScheduleConfig.MonitoringJobDefinition.NetworkConfig.EnableInterContainerTrafficEncryption"

# METADATA
# description: A CreateMonitoringSchedule body with an inline definition of the given NetworkConfig and instance count.
_api(network, instances) := {
	"MonitoringScheduleName": "nightly",
	"MonitoringScheduleConfig": {
		"ScheduleConfig": {"ScheduleExpression": "cron(0 0 ? * * *)"},
		"MonitoringJobDefinition": {
			"MonitoringAppSpecification": {"ImageUri": "monitor:1"},
			"MonitoringResources": {"ClusterConfig": {"InstanceCount": instances}},
			"NetworkConfig": network,
		},
	},
}

# METADATA
# description: An inline definition with the flag false on two instances is denied (HIGH), with every fact.
test_denied_api_inline_flag_false if {
	doc := _api({_flag: false}, 2)
	tg106.warn == set() with input as doc
	finding := _only(tg106.deny, "nightly") with input as doc
	finding.msg == concat("", [
		"TG106: monitoring schedule nightly does not encrypt inter-node traffic: ",
		_path, " is false; 2 instances exchange unencrypted traffic",
	])
	finding.severity == "HIGH"
	finding.path == _path
	finding.instance_count == 2
}

# METADATA
# description: An encrypted inline definition passes.
test_allowed_api_inline_flag_true if {
	tg106.deny == set() with input as _api({_flag: true}, 2)
	tg106.warn == set() with input as _api({_flag: true}, 2)
}

# METADATA
# description: A schedule naming its job definition has nothing inline to check.
test_allowed_api_named_definition if {
	doc := {"MonitoringScheduleName": "nightly", "MonitoringScheduleConfig": {
		"MonitoringJobDefinitionName": "dq",
		"MonitoringType": "DataQuality",
	}}
	tg106.deny == set() with input as doc
	tg106.warn == set() with input as doc
}

# METADATA
# description: One instance without the flag warns (LOW); profile healthcare denies it.
test_allowed_with_warning_api_single_instance if {
	doc := _api({}, 1)
	tg106.deny == set() with input as doc
	finding := _only(tg106.warn, "nightly") with input as doc
	finding.severity == "LOW"
	finding.encryption == "absent"
	healthcare := _only(tg106.deny, "nightly") with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	endswith(healthcare.msg, "; denied under profile healthcare")
}

# METADATA
# description: A planned schedule with an inline definition block (aws) is checked.
test_denied_plan_inline_block if {
	doc := {"format_version": "1.2", "resource_changes": [{
		"address": "aws_sagemaker_monitoring_schedule.nightly",
		"mode": "managed",
		"type": "aws_sagemaker_monitoring_schedule",
		"change": {"actions": ["create"], "after_unknown": {}, "after": {"monitoring_schedule_config": [{
			"monitoring_job_definition": [{
				"network_config": [{"enable_inter_container_traffic_encryption": false}],
				"monitoring_resources": [{"cluster_config": [{"instance_count": 2}]}],
			}],
		}]}},
	}]}
	finding := _only(tg106.deny, "aws_sagemaker_monitoring_schedule.nightly") with input as doc
	finding.path == concat("", [
		"monitoring_schedule_config.monitoring_job_definition.network_config.",
		"enable_inter_container_traffic_encryption",
	])
}

# METADATA
# description: >-
#   A planned schedule that names its job definition, with the unset inline block rendered as [],
#   has nothing inline to check.
test_allowed_plan_named_definition if {
	doc := {"format_version": "1.2", "resource_changes": [{
		"address": "aws_sagemaker_monitoring_schedule.nightly",
		"mode": "managed",
		"type": "aws_sagemaker_monitoring_schedule",
		"change": {"actions": ["create"], "after_unknown": {}, "after": {"monitoring_schedule_config": [{
			"monitoring_job_definition_name": "dq",
			"monitoring_type": "DataQuality",
			"monitoring_job_definition": [],
		}]}},
	}]}
	tg106.deny == set() with input as doc
	tg106.warn == set() with input as doc
}

# METADATA
# description: A CloudFormation schedule with a NoValue NetworkConfig and an ACK schedule without one are denied.
test_denied_cfn_and_ack if {
	cfn := {"Resources": {"Nightly": {
		"Type": "AWS::SageMaker::MonitoringSchedule",
		"Properties": _api({"Ref": "AWS::NoValue"}, 2),
	}}}
	_only(tg106.deny, "Nightly").encryption == "absent" with input as cfn
	ack := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "MonitoringSchedule",
		"metadata": {"name": "nightly"},
		"spec": {"monitoringScheduleConfig": {"monitoringJobDefinition": {"monitoringResources": {}}}},
	}
	_only(tg106.deny, "MonitoringSchedule/nightly").instance_count == null with input as ack
}
