# METADATA
# title: TG102 tests
# description: >-
#   Allowed and denied samples of TG102 (every training definition of a hyperparameter tuning job
#   encrypts inter-node traffic) on small inline inputs in every format that carries tuning jobs.
#   Test packages sit under data.transit_guard.rules, which the entrypoints iterate, so they cannot
#   import transit_guard.main: profile strict is tested in transit_guard.main_test.
package transit_guard.rules.encryption.tuning_job_encryption_test

import data.transit_guard.rules.encryption.tuning_job_encryption as tg102

# METADATA
# description: The only finding in findings, checked to be TG102's and about resource.
_only(findings, resource) := finding if {
	count(findings) == 1
	some finding in findings
	finding.id == "TG102"
	finding.rule == "tuning_job_encryption"
	finding.title == "Hyperparameter tuning jobs encrypt inter-node traffic"
	finding.resource == resource
	startswith(finding.msg, concat("", ["TG102: tuning job ", resource, " does not encrypt inter-node traffic: "]))
	contains(finding.remediation, _last(finding.path))
}

# The flag's own name as the path spells it: the remediation names the exact field.
_last(path) := parts[count(parts) - 1] if parts := split(path, ".")

# METADATA
# description: A CreateHyperParameterTuningJob body with the given training definition.
_api(definition) := {
	"HyperParameterTuningJobName": "hpo",
	"HyperParameterTuningJobConfig": {"Strategy": "Bayesian"},
	"TrainingJobDefinition": definition,
}

_flag := "EnableInterContainerTrafficEncryption"

_single := "1 instance: no inter-node traffic today; exposed when scaled out"

# METADATA
# description: A definition with the flag false on two instances is denied (HIGH), with every fact.
test_denied_api_definition_false if {
	doc := _api({_flag: false, "ResourceConfig": {"InstanceCount": 2}})
	tg102.warn == set() with input as doc
	finding := _only(tg102.deny, "hpo") with input as doc
	finding.msg == concat("", [
		"TG102: tuning job hpo does not encrypt inter-node traffic: ",
		"TrainingJobDefinition.EnableInterContainerTrafficEncryption is false; 2 instances exchange unencrypted traffic",
	])
	finding.severity == "HIGH"
	finding.encryption == "false"
	finding.instance_count == 2
	finding.input_kind == "sagemaker_api"
	finding.path == "TrainingJobDefinition.EnableInterContainerTrafficEncryption"
}

# METADATA
# description: An encrypted definition passes.
test_allowed_api_definition_true if {
	doc := _api({_flag: true, "ResourceConfig": {"InstanceCount": 4}})
	tg102.deny == set() with input as doc
	tg102.warn == set() with input as doc
}

# METADATA
# description: A tuning job without any training definition fails closed (absent flag, unknown count).
test_denied_api_without_definition if {
	doc := {"HyperParameterTuningJobName": "hpo", "HyperParameterTuningJobConfig": {}}
	finding := _only(tg102.deny, "hpo") with input as doc
	finding.severity == "HIGH"
	finding.encryption == "absent"
	finding.instance_count == null
	endswith(finding.msg, "(SageMaker defaults it to false); instance count unknown, treated as distributed")
}

# METADATA
# description: Of several TrainingJobDefinitions, only the unencrypted one is a finding.
test_denied_api_definitions_one_unencrypted if {
	doc := {
		"HyperParameterTuningJobName": "hpo",
		"HyperParameterTuningJobConfig": {},
		"TrainingJobDefinitions": [
			{"DefinitionName": "xgb", _flag: true, "ResourceConfig": {"InstanceCount": 2}},
			{"DefinitionName": "torch", _flag: false, "ResourceConfig": {"InstanceCount": 3}},
		],
	}
	tg102.warn == set() with input as doc
	finding := _only(tg102.deny, "hpo") with input as doc
	finding.instance_count == 3
	startswith(finding.path, "TrainingJobDefinitions")
	endswith(finding.path, "EnableInterContainerTrafficEncryption")
	endswith(finding.msg, "is false; 3 instances exchange unencrypted traffic")
}

# METADATA
# description: The tuning resource config counts too (InstanceConfigs summed); one instance warns (LOW).
test_allowed_with_warning_api_tuning_resource_config_single_instance if {
	doc := _api({"HyperParameterTuningResourceConfig": {"InstanceCount": 1}})
	tg102.deny == set() with input as doc
	finding := _only(tg102.warn, "hpo") with input as doc
	finding.severity == "LOW"
	finding.instance_count == 1
	endswith(finding.msg, concat("", ["(SageMaker defaults it to false); ", _single]))
	instance_configs := [{"InstanceCount": 1}, {"InstanceCount": 1}]
	configs := _api({"HyperParameterTuningResourceConfig": {"InstanceConfigs": instance_configs}})
	_only(tg102.deny, "hpo").instance_count == 2 with input as configs
}

# METADATA
# description: >-
#   A single instance is denied under profile healthcare; profile strict leaves the rule's own
#   levels alone (the entrypoints promote its warnings, see transit_guard.main_test).
test_denied_api_single_instance_under_healthcare_and_strict if {
	doc := _api({_flag: false, "ResourceConfig": {"InstanceCount": 1}})
	finding := _only(tg102.deny, "hpo") with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	finding.severity == "LOW"
	endswith(finding.msg, "; denied under profile healthcare")
	tg102.warn == set() with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	tg102.deny == set() with input as doc with data.transit_guard_config.profiles as ["strict"]
	_only(tg102.warn, "hpo").severity == "LOW" with input as doc with data.transit_guard_config.profiles as ["strict"]
}

# METADATA
# description: A planned tuning job whose definition flag is unknown until apply is denied.
test_denied_plan_flag_unknown if {
	doc := {"format_version": "1.2", "resource_changes": [{
		"address": "aws_sagemaker_hyper_parameter_tuning_job.hpo",
		"mode": "managed",
		"type": "aws_sagemaker_hyper_parameter_tuning_job",
		"change": {
			"actions": ["create"],
			"after": {"training_job_definition": [{"resource_config": [{"instance_count": 2}]}]},
			"after_unknown": {"training_job_definition": [{"enable_inter_container_traffic_encryption": true}]},
		},
	}]}
	finding := _only(tg102.deny, "aws_sagemaker_hyper_parameter_tuning_job.hpo") with input as doc
	finding.encryption == "unknown"
	finding.path == "training_job_definition.enable_inter_container_traffic_encryption"
	contains(finding.msg, "is unknown until apply, so encryption cannot be verified; 2 instances")
}

# METADATA
# description: >-
#   A planned tuning job with encrypted training_job_definitions blocks passes, its unset
#   training_job_definition block (rendered []) being no definition.
test_allowed_plan_definitions_encrypted if {
	doc := {"format_version": "1.2", "resource_changes": [{
		"address": "aws_sagemaker_hyper_parameter_tuning_job.hpo",
		"mode": "managed",
		"type": "aws_sagemaker_hyper_parameter_tuning_job",
		"change": {"actions": ["create"], "after_unknown": {}, "after": {
			"training_job_definition": [],
			"training_job_definitions": [{
				"enable_inter_container_traffic_encryption": true,
				"resource_config": [{"instance_count": 2}],
			}],
		}},
	}]}
	tg102.deny == set() with input as doc
	tg102.warn == set() with input as doc
}

# METADATA
# description: A pipeline Tuning step and a Step Functions tuning task are tuning jobs.
test_denied_pipeline_and_sfn_tuning if {
	pipeline := {"Version": "2020-12-01", "Steps": [{"Name": "Tune", "Type": "Tuning", "Arguments": _api({_flag: false})}]}
	path := "Steps[0].Arguments.TrainingJobDefinition.EnableInterContainerTrafficEncryption"
	_only(tg102.deny, "Tune").path == path with input as pipeline
	sfn := {"StartAt": "Tune", "States": {"Tune": {
		"Type": "Task",
		"Resource": "arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync",
		"Parameters": _api({_flag: false}),
		"End": true,
	}}}
	_only(tg102.deny, "Tune").input_kind == "step_functions" with input as sfn
}

# METADATA
# description: An ACK HyperParameterTuningJob with an encrypted definition passes.
test_allowed_ack_tuning_job if {
	doc := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "HyperParameterTuningJob",
		"metadata": {"name": "hpo"},
		"spec": {"trainingJobDefinition": {"enableInterContainerTrafficEncryption": true}},
	}
	tg102.deny == set() with input as doc
	tg102.warn == set() with input as doc
}
