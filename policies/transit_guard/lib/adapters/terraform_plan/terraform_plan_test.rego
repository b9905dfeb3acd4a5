# METADATA
# title: lib/adapters/terraform_plan tests
# description: >-
#   Which resource changes are read, how each job resource type becomes workloads, and what the
#   loader may drop from a plan; embedded pipelines and state machines in
#   terraform_plan_embedded_test.rego.
package transit_guard.lib.adapters.terraform_plan_test

import data.transit_guard.lib.adapters.terraform_plan
import data.transit_guard.lib.plan

# METADATA
# description: A resource change of the given address, type, actions and planned state (mode managed).
_change(address, type, actions, after) := {
	"address": address,
	"mode": "managed",
	"type": type,
	"change": {"actions": actions, "before": null, "after": after, "after_unknown": {}},
}

# METADATA
# description: A created resource of the given type, named "a".
_create(type, after) := _change(concat(".", [type, "a"]), type, ["create"], after)

_plan(changes) := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes}

# METADATA
# description: The [type, resource, flag state, flag path, instances] of each workload of the input plan.
_summary contains [job.type, job.resource, job.flag.state, job.flag.path, job.instances] if {
	some job in terraform_plan.workloads
}

_flag := "enable_inter_container_traffic_encryption"

_two := {"known": true, "total": 2}

# METADATA
# description: >-
#   The adapter reads the aws and awscc SageMaker job types, pipelines and state machines, and the
#   resources the RStudio, S3, guardrail, FIPS and security group rules read.
test_resource_types if {
	plan.resource_types == {
		"aws_sagemaker_training_job",
		"aws_sagemaker_hyper_parameter_tuning_job",
		"aws_sagemaker_data_quality_job_definition",
		"aws_sagemaker_monitoring_schedule",
		"aws_sagemaker_pipeline",
		"aws_sfn_state_machine",
		"awscc_sagemaker_processing_job",
		"awscc_sagemaker_data_quality_job_definition",
		"awscc_sagemaker_model_quality_job_definition",
		"awscc_sagemaker_model_bias_job_definition",
		"awscc_sagemaker_model_explainability_job_definition",
		"awscc_sagemaker_monitoring_schedule",
		"awscc_sagemaker_pipeline",
		"aws_sagemaker_domain",
		"aws_sagemaker_user_profile",
		"aws_sagemaker_app",
		"aws_s3_bucket",
		"aws_s3_bucket_policy",
		"aws_sagemaker_model",
		"aws_iam_policy",
		"aws_iam_role_policy",
		"aws_organizations_policy",
		"aws_vpc_endpoint",
		"aws_security_group",
		"aws_security_group_rule",
		"aws_vpc_security_group_ingress_rule",
		"aws_vpc_security_group_egress_rule",
	}
}

# METADATA
# description: >-
#   The projection lists every envelope, the keys the loader may drop, the resource type filter and
#   the configuration's blocks.
test_projection if {
	plan.projection == {
		"envelopes": [[], ["plan"], ["terraform"]],
		"drop": [
			["planned_values"], ["prior_state"], ["resource_drift"], ["relevant_attributes"],
			["output_changes"], ["checks"],
		],
		"filter": {
			"path": ["resource_changes"], "field": "type", "keep": plan.resource_types,
			"each": [["change", "before"], ["change", "before_sensitive"], ["change", "after_sensitive"]],
		},
		"blocks": {
			"path": ["configuration", "root_module"], "list": "resources", "calls": ["module_calls", "module"],
			"field": "type", "keep": plan.resource_types, "keep_prefixes": ["aws_sagemaker_"],
			"match": ["mode", "type", "name"],
		},
	}
}

# METADATA
# description: >-
#   Managed changes of a read type with a planned state are read (modules included); deletes,
#   data sources and other types are not.
test_changes_filter if {
	doc := _plan([
		_change("aws_sagemaker_training_job.create", "aws_sagemaker_training_job", ["create"], {}),
		_change("aws_sagemaker_training_job.replace", "aws_sagemaker_training_job", ["delete", "create"], {}),
		_change("module.a.module.b[0].aws_sagemaker_pipeline.y", "aws_sagemaker_pipeline", ["update"], {}),
		_change("aws_sfn_state_machine.noop", "aws_sfn_state_machine", ["no-op"], {}),
		_change("aws_sagemaker_training_job.delete", "aws_sagemaker_training_job", ["delete"], null),
		object.union(
			_change("data.aws_sagemaker_training_job.r", "aws_sagemaker_training_job", ["read"], {}),
			{"mode": "data"},
		),
		_change("aws_lambda_function.f", "aws_lambda_function", ["create"], {}),
		_change("aws_sagemaker_transform_job.t", "aws_sagemaker_transform_job", ["create"], {}),
	])
	{change.address | some change in plan.changes} == {
		"aws_sagemaker_training_job.create",
		"aws_sagemaker_training_job.replace",
		"module.a.module.b[0].aws_sagemaker_pipeline.y",
		"aws_sfn_state_machine.noop",
	} with input as doc
}

# METADATA
# description: Changes are read from the plan wherever it sits (bare, input.plan, input.terraform).
test_changes_in_every_envelope if {
	bare := _plan([_create("aws_sagemaker_training_job", {})])
	every doc in [bare, {"plan": bare, "run": {}}, {"terraform": bare, "spacelift": {}}] {
		{change.address | some change in plan.changes} == {"aws_sagemaker_training_job.a"} with input as doc
	}
}

# METADATA
# description: A training job, with after_unknown missing altogether (nothing unknown).
test_training_job if {
	change := {
		"address": "module.ml.aws_sagemaker_training_job.bert",
		"mode": "managed",
		"type": "aws_sagemaker_training_job",
		"change": {"actions": ["create"], "after": {_flag: false, "resource_config": [{"instance_count": 2}]}},
	}
	_summary == {[
		"training_job", "module.ml.aws_sagemaker_training_job.bert",
		"false", _flag, _two,
	]} with input as _plan([change])
}

# METADATA
# description: A tuning job, with its training_job_definition block.
test_tuning_job if {
	after := {"training_job_definition": [{_flag: true, "resource_config": [{"instance_count": 2}]}]}
	_summary == {[
		"tuning_job", "aws_sagemaker_hyper_parameter_tuning_job.a",
		"true", "training_job_definition.enable_inter_container_traffic_encryption", _two,
	]} with input as _plan([_create("aws_sagemaker_hyper_parameter_tuning_job", after)])
}

# METADATA
# description: The aws data quality job definition reads network_config and job_resources blocks.
test_aws_data_quality_job_definition if {
	after := {
		"network_config": [{_flag: false}],
		"job_resources": [{"cluster_config": [{"instance_count": 2, "instance_type": "ml.m5.large"}]}],
	}
	_summary == {[
		"monitoring_job_definition", "aws_sagemaker_data_quality_job_definition.a",
		"false", "network_config.enable_inter_container_traffic_encryption", _two,
	]} with input as _plan([_create("aws_sagemaker_data_quality_job_definition", after)])
}

# METADATA
# description: An aws monitoring schedule with an inline job definition block.
test_aws_monitoring_schedule_inline if {
	after := {"monitoring_schedule_config": [{"monitoring_job_definition": [{
		"network_config": [{_flag: true}],
		"monitoring_resources": [{"cluster_config": [{"instance_count": 2}]}],
	}]}]}
	_summary == {[
		"monitoring_schedule", "aws_sagemaker_monitoring_schedule.a", "true",
		"monitoring_schedule_config.monitoring_job_definition.network_config.enable_inter_container_traffic_encryption",
		_two,
	]} with input as _plan([_create("aws_sagemaker_monitoring_schedule", after)])
}

# METADATA
# description: An aws monitoring schedule naming its job definition (no inline block at all) has no workload.
test_aws_monitoring_schedule_named if {
	after := {"monitoring_schedule_config": [{"monitoring_job_definition_name": "dq", "monitoring_type": "DataQuality"}]}
	_summary == set() with input as _plan([_create("aws_sagemaker_monitoring_schedule", after)])
}

# METADATA
# description: The awscc processing job nests objects, not lists.
test_awscc_processing_job if {
	after := {
		"network_config": {_flag: false},
		"processing_resources": {"cluster_config": {"instance_count": 2}},
		"app_specification": {"image_uri": "proc:1"},
	}
	_summary == {[
		"processing_job", "awscc_sagemaker_processing_job.a",
		"false", "network_config.enable_inter_container_traffic_encryption", _two,
	]} with input as _plan([_create("awscc_sagemaker_processing_job", after)])
}

# METADATA
# description: The four awscc monitoring job definition types are monitoring job definitions.
test_awscc_monitoring_job_definitions if {
	after := {"network_config": {_flag: true}, "job_resources": {"cluster_config": {"instance_count": 2}}}
	every type in [
		"awscc_sagemaker_data_quality_job_definition",
		"awscc_sagemaker_model_quality_job_definition",
		"awscc_sagemaker_model_bias_job_definition",
		"awscc_sagemaker_model_explainability_job_definition",
	] {
		_summary == {[
			"monitoring_job_definition", concat(".", [type, "a"]),
			"true", "network_config.enable_inter_container_traffic_encryption", _two,
		]} with input as _plan([_create(type, after)])
	}
}

# METADATA
# description: The awscc monitoring schedule, inline definition as objects; a named definition has none.
test_awscc_monitoring_schedule if {
	inline := {"monitoring_schedule_config": {"monitoring_job_definition": {
		"network_config": {_flag: false},
		"monitoring_resources": {"cluster_config": {"instance_count": 1}},
	}}}
	_summary == {[
		"monitoring_schedule", "awscc_sagemaker_monitoring_schedule.a", "false",
		"monitoring_schedule_config.monitoring_job_definition.network_config.enable_inter_container_traffic_encryption",
		{"known": true, "total": 1},
	]} with input as _plan([_create("awscc_sagemaker_monitoring_schedule", inline)])
	named := {"monitoring_schedule_config": {"monitoring_job_definition_name": "dq", "monitoring_job_definition": null}}
	_summary == set() with input as _plan([_create("awscc_sagemaker_monitoring_schedule", named)])
}

# METADATA
# description: A flag true in after_unknown is unknown until apply.
test_unknown_flag if {
	change := object.union(
		_create("aws_sagemaker_training_job", {"resource_config": [{"instance_count": 2}]}),
		{"change": {"after_unknown": {_flag: true}}},
	)
	_summary == {["training_job", "aws_sagemaker_training_job.a", "unknown", _flag, _two]} with input as _plan([change])
}

# METADATA
# description: Deleted resources and resources of other types have no workload.
test_no_workloads if {
	doc := _plan([
		_change("aws_sagemaker_training_job.old", "aws_sagemaker_training_job", ["delete"], null),
		_create("aws_sagemaker_endpoint", {_flag: false}),
	])
	_summary == set() with input as doc
}

# METADATA
# description: Workloads are found in every envelope, with the plan's input kind.
test_workloads_in_envelopes if {
	plan := _plan([_create("aws_sagemaker_training_job", {_flag: true})])
	every doc in [{"plan": plan}, {"terraform": plan}] {
		{[job.resource, job.input_kind] | some job in terraform_plan.workloads} == {
			["aws_sagemaker_training_job.a", "terraform_plan"],
		} with input as doc
	}
}
