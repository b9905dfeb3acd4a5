package transit_guard.rules.encryption.training_job_encryption_test

import data.transit_guard.rules.encryption.training_job_encryption as tg101

# TG101 on Terraform plans (terraform show -json); helpers _only, _about and the notes are in
# training_job_encryption_test.rego.

# METADATA
# description: A Terraform plan (terraform show -json) with the given resource changes.
_plan(changes) := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes}

# METADATA
# description: An aws_sagemaker_training_job resource change with actions ["create"].
_create(address, after, after_unknown) := _change(address, ["create"], after, after_unknown)

# METADATA
# description: An aws_sagemaker_training_job resource change.
_change(address, actions, after, after_unknown) := {
	"address": address,
	"mode": "managed",
	"type": "aws_sagemaker_training_job",
	"name": "job",
	"provider_name": "registry.terraform.io/hashicorp/aws",
	"change": {"actions": actions, "before": null, "after": after, "after_unknown": after_unknown},
}

# METADATA
# description: The planned state of a job with the given flag, instance count and training image.
_after(flag, instance_count, image) := {
	"enable_inter_container_traffic_encryption": flag,
	"resource_config": [{"instance_count": instance_count, "instance_type": "ml.p4d.24xlarge"}],
	"algorithm_specification": [{"training_image": image, "training_input_mode": "File"}],
}

_flag := "enable_inter_container_traffic_encryption"

_xgboost := "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"

_deepar := "522234722520.dkr.ecr.us-east-1.amazonaws.com/forecasting-deepar:1"

_linear_learner := "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1"

_unknown_reason := "enable_inter_container_traffic_encryption is unknown until apply, so encryption cannot be verified"

# The flag

# METADATA
# description: A planned job with the flag true passes.
test_allowed_plan_flag_true if {
	change := _create("aws_sagemaker_training_job.bert", {_flag: true, "resource_config": [{"instance_count": 4}]}, {})
	doc := _plan([change])
	tg101.deny == set() with input as doc
	tg101.warn == set() with input as doc
}

# METADATA
# description: A planned job with the flag false on two instances is denied (HIGH), with every fact of the finding.
test_denied_plan_flag_false_distributed if {
	change := _create("aws_sagemaker_training_job.bert", {_flag: false, "resource_config": [{"instance_count": 2}]}, {})
	doc := _plan([change])
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as doc
	finding.msg == concat("", [
		"TG101: training job aws_sagemaker_training_job.bert does not encrypt inter-node traffic: ",
		"enable_inter_container_traffic_encryption is false; 2 instances exchange unencrypted traffic",
	])
	finding.severity == "HIGH"
	finding.encryption == "false"
	finding.instance_count == 2
	finding.input_kind == "terraform_plan"
	finding.path == "enable_inter_container_traffic_encryption"
}

# METADATA
# description: >-
#   A flag absent from after but true in after_unknown (Optional+Computed, left unset) is unknown
#   until apply, and fails closed.
test_denied_plan_flag_unknown_at_plan_time if {
	change := _create("aws_sagemaker_training_job.bert", {"resource_config": [{"instance_count": 2}]}, {_flag: true})
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as _plan([change])
	finding.severity == "HIGH"
	finding.encryption == "unknown"
	endswith(finding.msg, concat("", [": ", _unknown_reason, "; 2 instances exchange unencrypted traffic"]))
}

# METADATA
# description: A flag unknown until apply on a single instance warns (LOW), like a false one.
test_allowed_with_warning_plan_flag_unknown_single_instance if {
	change := _create("aws_sagemaker_training_job.churn", {"resource_config": [{"instance_count": 1}]}, {_flag: true})
	tg101.deny == set() with input as _plan([change])
	finding := _only(tg101.warn, "aws_sagemaker_training_job.churn") with input as _plan([change])
	finding.severity == "LOW"
	finding.encryption == "unknown"
	contains(finding.msg, _unknown_reason)
}

# METADATA
# description: A flag null in after and not unknown is not set.
test_denied_plan_flag_absent if {
	change := _create("aws_sagemaker_training_job.bert", {_flag: null, "resource_config": [{"instance_count": 2}]}, {})
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as _plan([change])
	finding.severity == "HIGH"
	finding.encryption == "absent"
	contains(finding.msg, ": enable_inter_container_traffic_encryption is not set (SageMaker defaults it to false); ")
}

# METADATA
# description: A flag that is not a boolean is unresolvable and fails closed.
test_denied_plan_flag_not_a_boolean if {
	after := {_flag: "enabled", "resource_config": [{"instance_count": 2}]}
	change := _create("aws_sagemaker_training_job.bert", after, {})
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as _plan([change])
	finding.severity == "HIGH"
	finding.encryption == "unresolvable"
	contains(finding.msg, concat("", [
		": enable_inter_container_traffic_encryption ",
		"cannot be resolved to a boolean before deployment, ",
	]))
}

# Instance counts and levels

# METADATA
# description: >-
#   When a whole block is unknown (resource_config true in after_unknown) everything in it is, so the
#   count is unknown; with the flag unknown too, the job is denied HIGH with both reasons.
test_denied_plan_whole_block_unknown if {
	change := _create("aws_sagemaker_training_job.bert", {}, {_flag: true, "resource_config": true})
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as _plan([change])
	finding.severity == "HIGH"
	finding.encryption == "unknown"
	finding.instance_count == null
	endswith(finding.msg, concat("", [": ", _unknown_reason, "; instance count unknown, treated as distributed"]))
}

# METADATA
# description: An instance count unknown until apply is denied HIGH, never treated as one instance.
test_denied_plan_instance_count_unknown if {
	change := _create(
		"aws_sagemaker_training_job.bert",
		{_flag: false, "resource_config": [{"instance_type": "ml.p4d.24xlarge"}]},
		{"resource_config": [{"instance_count": true}]},
	)
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as _plan([change])
	finding.severity == "HIGH"
	finding.instance_count == null
	endswith(finding.msg, "is false; instance count unknown, treated as distributed")
}

# METADATA
# description: Without a resource_config block the count is unknown (deny, HIGH).
test_denied_plan_missing_resource_config if {
	change := _create("aws_sagemaker_training_job.bert", {_flag: false}, {})
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as _plan([change])
	finding.severity == "HIGH"
	finding.instance_count == null
	endswith(finding.msg, "is false; instance count unknown, treated as distributed")
}

# METADATA
# description: Heterogeneous instance groups are summed (1 + 2 = 3), instance_count being null.
test_denied_plan_instance_groups if {
	after := {_flag: false, "resource_config": [{
		"instance_count": null,
		"instance_groups": [
			{"instance_count": 1, "instance_group_name": "cpu", "instance_type": "ml.c5.xlarge"},
			{"instance_count": 2, "instance_group_name": "gpu", "instance_type": "ml.p4d.24xlarge"},
		],
	}]}
	change := _create("aws_sagemaker_training_job.hetero", after, {"resource_config": [{"instance_groups": [{}, {}]}]})
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.hetero") with input as _plan([change])
	finding.severity == "HIGH"
	finding.instance_count == 3
	endswith(finding.msg, "is false; 3 instances exchange unencrypted traffic")
}

# METADATA
# description: A list of instance groups unknown until apply makes the count unknown, even with instance_count 1.
test_denied_plan_instance_groups_unknown if {
	change := _create(
		"aws_sagemaker_training_job.hetero",
		{_flag: false, "resource_config": [{"instance_count": 1}]},
		{"resource_config": [{"instance_groups": true}]},
	)
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.hetero") with input as _plan([change])
	finding.severity == "HIGH"
	finding.instance_count == null
}

# METADATA
# description: One instance group whose count is unknown until apply makes the total unknown.
test_denied_plan_instance_group_count_unknown if {
	change := _create(
		"aws_sagemaker_training_job.hetero",
		{_flag: false, "resource_config": [{"instance_groups": [{"instance_count": 1}, {"instance_group_name": "gpu"}]}]},
		{"resource_config": [{"instance_groups": [{}, {"instance_count": true}]}]},
	)
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.hetero") with input as _plan([change])
	finding.severity == "HIGH"
	finding.instance_count == null
}

# METADATA
# description: Placement specifications are summed (2 + 2 = 4).
test_denied_plan_placement_specifications if {
	after := {_flag: false, "resource_config": [{"instance_placement_config": [{"placement_specifications": [
		{"instance_count": 2, "ultra_server_id": "us-1"},
		{"instance_count": 2, "ultra_server_id": "us-2"},
	]}]}]}
	change := _create("aws_sagemaker_training_job.ultra", after, {})
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.ultra") with input as _plan([change])
	finding.severity == "HIGH"
	finding.instance_count == 4
	endswith(finding.msg, "is false; 4 instances exchange unencrypted traffic")
}

# METADATA
# description: Exactly one planned instance warns (LOW) and is not denied.
test_allowed_with_warning_plan_single_instance if {
	change := _create("aws_sagemaker_training_job.churn", {_flag: false, "resource_config": [{"instance_count": 1}]}, {})
	tg101.deny == set() with input as _plan([change])
	finding := _only(tg101.warn, "aws_sagemaker_training_job.churn") with input as _plan([change])
	finding.severity == "LOW"
	finding.instance_count == 1
	endswith(finding.msg, "is false; 1 instance: no inter-node traffic today; exposed when scaled out")
}

# METADATA
# description: Exactly one planned instance is denied under profile healthcare.
test_denied_plan_single_instance_under_healthcare if {
	change := _create("aws_sagemaker_training_job.churn", {_flag: false, "resource_config": [{"instance_count": 1}]}, {})
	doc := _plan([change])
	tg101.warn == set() with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	finding := _only(tg101.deny, "aws_sagemaker_training_job.churn") with input as doc
		with data.transit_guard_config.profiles as ["healthcare"]
	finding.severity == "LOW"
	endswith(finding.msg, "; exposed when scaled out; denied under profile healthcare")
}

# Which resource changes are read

# METADATA
# description: Resources in nested and counted modules are read, under their full address.
test_denied_plan_module_resource if {
	address := "module.a.module.b[0].aws_sagemaker_training_job.y"
	change := object.union(
		_create(address, {_flag: false, "resource_config": [{"instance_count": 2}]}, {}),
		{"module_address": "module.a.module.b[0]", "name": "y"},
	)
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, address) with input as _plan([change])
	finding.severity == "HIGH"
}

# METADATA
# description: A deleted job has no planned state (after null) and is skipped.
test_allowed_plan_delete_skipped if {
	change := _change("aws_sagemaker_training_job.old", ["delete"], null, false)
	tg101.deny == set() with input as _plan([change])
	tg101.warn == set() with input as _plan([change])
}

# METADATA
# description: A replaced job (delete then create) has a planned state and is checked.
test_denied_plan_replace_checked if {
	change := _change(
		"aws_sagemaker_training_job.bert",
		["delete", "create"],
		{_flag: false, "resource_config": [{"instance_count": 2}]},
		{},
	)
	tg101.warn == set() with input as _plan([change])
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as _plan([change])
	finding.severity == "HIGH"
}

# METADATA
# description: A job left unchanged (no-op) still exists after apply and is checked.
test_denied_plan_no_op_checked if {
	change := _change(
		"aws_sagemaker_training_job.bert",
		["no-op"],
		{_flag: false, "resource_config": [{"instance_count": 2}]},
		{},
	)
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as _plan([change])
	finding.severity == "HIGH"
}

# METADATA
# description: Data-mode resources are not jobs SageMaker will run, and are ignored.
test_allowed_plan_data_mode_ignored if {
	change := object.union(
		_create("data.aws_sagemaker_training_job.bert", {_flag: false, "resource_config": [{"instance_count": 2}]}, {}),
		{"mode": "data", "change": {"actions": ["read"]}},
	)
	tg101.deny == set() with input as _plan([change])
	tg101.warn == set() with input as _plan([change])
}

# METADATA
# description: Resource types other than aws_sagemaker_training_job are not training jobs.
test_allowed_plan_other_type_ignored if {
	change := object.union(
		_create("aws_sagemaker_endpoint.bert", {_flag: false, "resource_config": [{"instance_count": 2}]}, {}),
		{"type": "aws_sagemaker_endpoint"},
	)
	tg101.deny == set() with input as _plan([change])
	tg101.warn == set() with input as _plan([change])
}

# Envelopes

# METADATA
# description: A plan wrapped as input.plan (HCP Terraform policy input) is read.
test_denied_plan_hcp_terraform_envelope if {
	change := _create("aws_sagemaker_training_job.bert", {_flag: false, "resource_config": [{"instance_count": 2}]}, {})
	doc := {"plan": _plan([change]), "run": {"id": "run-abc123"}}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as doc
	finding.severity == "HIGH"
	finding.input_kind == "terraform_plan"
}

# METADATA
# description: A plan wrapped as input.terraform (Spacelift plan policy input) is read.
test_denied_plan_spacelift_envelope if {
	change := _create("aws_sagemaker_training_job.bert", {_flag: false, "resource_config": [{"instance_count": 2}]}, {})
	doc := {"terraform": _plan([change]), "spacelift": {"run": {"type": "PROPOSED"}}}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as doc
	finding.severity == "HIGH"
	finding.input_kind == "terraform_plan"
}

# Notes

# METADATA
# description: >-
#   Several jobs in one plan: each gets its own finding at its own level, with the built-in algorithm
#   note (xgboost, forecasting-deepar, linear-learner) or the deep-learning note where it applies.
test_denied_plan_jobs_with_notes if {
	doc := _plan([
		_create("aws_sagemaker_training_job.xgb", _after(false, 1, _xgboost), {}),
		_create("aws_sagemaker_training_job.deepar", _after(false, 2, _deepar), {}),
		_create("aws_sagemaker_training_job.linear", _after(false, null, _linear_learner), {}),
		_create("aws_sagemaker_training_job.torch", _after(false, 8, _pytorch), {}),
		_create("aws_sagemaker_training_job.ok", _after(true, 8, _pytorch), {}),
	])
	warn := tg101.warn with input as doc
	endswith(_only(warn, "aws_sagemaker_training_job.xgb").msg, _builtin_note("xgboost"))
	deny := tg101.deny with input as doc
	{finding.resource | some finding in deny} == {
		"aws_sagemaker_training_job.deepar",
		"aws_sagemaker_training_job.linear",
		"aws_sagemaker_training_job.torch",
	}
	endswith(_about(deny, "aws_sagemaker_training_job.deepar").msg, _builtin_note("forecasting-deepar"))
	endswith(_about(deny, "aws_sagemaker_training_job.linear").msg, _builtin_note("linear-learner"))
	endswith(_about(deny, "aws_sagemaker_training_job.torch").msg, _deep_learning_note)
}

# METADATA
# description: A training image unknown until apply (null in after) gives no note, and no error.
test_denied_plan_unknown_image_no_note if {
	change := _create(
		"aws_sagemaker_training_job.bert",
		_after(false, 2, null),
		{"algorithm_specification": [{"training_image": true}]},
	)
	finding := _only(tg101.deny, "aws_sagemaker_training_job.bert") with input as _plan([change])
	endswith(finding.msg, "is false; 2 instances exchange unencrypted traffic")
}
