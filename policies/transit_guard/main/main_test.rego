# METADATA
# title: Entrypoint tests
# description: >-
#   deny, warn and decision dispatch over every rule package, with profile strict promoting
#   warnings; document_kind and projection are what the loader asks before evaluation.
package transit_guard.main_test

import data.transit_guard.main

# A plan with an encrypted job, a distributed unencrypted one (deny) and a single-instance one (warn).
_plan := {
	"format_version": "1.2",
	"terraform_version": "1.11.4",
	"resource_changes": [
		_job("aws_sagemaker_training_job.ok", true, 8),
		_job("aws_sagemaker_training_job.distributed", false, 4),
		_job("module.experiments.aws_sagemaker_training_job.single", false, 1),
	],
}

# METADATA
# description: A planned training job with the given flag and instance count.
_job(address, flag, instance_count) := {
	"address": address,
	"mode": "managed",
	"type": "aws_sagemaker_training_job",
	"change": {
		"actions": ["create"],
		"after": {
			"enable_inter_container_traffic_encryption": flag,
			"resource_config": [{"instance_count": instance_count}],
		},
		"after_unknown": {},
	},
}

_encrypted := {
	"TrainingJobName": "bert",
	"ResourceConfig": {"InstanceCount": 2},
	"EnableInterContainerTrafficEncryption": true,
}

# METADATA
# description: The [id, resource, severity] of each finding, to compare sets of findings at a glance.
_summary(findings) := {[finding.id, finding.resource, finding.severity] | some finding in findings}

_distributed := ["TG101", "aws_sagemaker_training_job.distributed", "HIGH"]

_single := ["TG101", "module.experiments.aws_sagemaker_training_job.single", "LOW"]

# deny and warn

# METADATA
# description: By default a distributed job is denied and a single-instance job warned about.
test_deny_and_warn_by_default if {
	_summary(main.deny) == {_distributed} with input as _plan
	_summary(main.warn) == {_single} with input as _plan
}

# METADATA
# description: Profile strict turns every warning into a failure (severity unchanged) and leaves no warning.
test_strict_promotes_warnings_to_deny if {
	_summary(main.deny) == {_distributed, _single} with input as _plan
		with data.transit_guard_config.profiles as ["strict"]
	main.warn == set() with input as _plan with data.transit_guard_config.profiles as ["strict"]
}

# METADATA
# description: Profile healthcare denies the single-instance job itself; with strict the result is the same.
test_healthcare_denies_single_instance if {
	every profiles in [["healthcare"], ["healthcare", "strict"]] {
		_summary(main.deny) == {_distributed, _single} with input as _plan
			with data.transit_guard_config.profiles as profiles
		main.warn == set() with input as _plan with data.transit_guard_config.profiles as profiles
	}
}

# METADATA
# description: Profile strict adds nothing when there is nothing to warn about.
test_strict_without_warnings if {
	main.deny == set() with input as _encrypted with data.transit_guard_config.profiles as ["strict"]
	main.warn == set() with input as _encrypted with data.transit_guard_config.profiles as ["strict"]
}

# decision

# METADATA
# description: The decision carries the input kind, the number of resources and the findings.
test_decision_fields if {
	decision := main.decision with input as _plan
	object.keys(decision) == {"input_kind", "resources", "rules_passed", "deny", "warn"}
	decision.input_kind == "terraform_plan"
	decision.resources == 3
	_summary(decision.deny) == {_distributed}
	_summary(decision.warn) == {_single}
	some finding in decision.deny
	finding.rule == "training_job_encryption"
	startswith(finding.msg, "TG101: training job aws_sagemaker_training_job.distributed ")
}

# METADATA
# description: Under profile strict the decision's deny holds the promoted warnings and warn is empty.
test_decision_under_strict if {
	decision := main.decision with input as _plan with data.transit_guard_config.profiles as ["strict"]
	_summary(decision.deny) == {_distributed, _single}
	decision.warn == set()
}

# METADATA
# description: >-
#   rules_passed counts the rule packages (one so far, TG101) without a finding: 1 for a clean or
#   unrecognised document, 0 when TG101 has a finding. Test packages are not rules.
test_decision_rules_passed if {
	main.decision.rules_passed == 1 with input as _encrypted
	main.decision.rules_passed == 1 with input as {}
	main.decision.rules_passed == 0 with input as _plan
}

# METADATA
# description: An unrecognised document has kind "unknown", no resource and no finding.
test_decision_for_an_unknown_document if {
	decision := main.decision with input as {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}
	decision.input_kind == "unknown"
	decision.resources == 0
	decision.deny == set()
	decision.warn == set()
}

# METADATA
# description: A SageMaker API body is one resource.
test_decision_for_an_api_body if {
	decision := main.decision with input as _encrypted
	decision.input_kind == "sagemaker_api"
	decision.resources == 1
	decision.deny == set()
	decision.warn == set()
}

# document_kind

# METADATA
# description: >-
#   A plan's kind says where the plan sits (bare, input.plan for HCP Terraform, input.terraform
#   for Spacelift).
test_document_kind_of_plans if {
	main.document_kind == {"kind": "terraform_plan", "path": []} with input as _plan
	main.document_kind == {"kind": "terraform_plan", "path": ["plan"]} with input as {"plan": _plan}
	main.document_kind == {"kind": "terraform_plan", "path": ["terraform"]} with input as {"terraform": _plan}
}

# METADATA
# description: An API document's kind names its operation.
test_document_kind_of_api_bodies if {
	main.document_kind == {"kind": "sagemaker_api", "operation": "CreateTrainingJob"} with input as _encrypted
	describe := object.union(_encrypted, {
		"TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/bert",
		"TrainingJobStatus": "Completed",
	})
	main.document_kind == {"kind": "sagemaker_api", "operation": "DescribeTrainingJob"} with input as describe
}

# METADATA
# description: An unrelated document and an empty object are of kind "unknown", and nothing else.
test_document_kind_unknown if {
	main.document_kind == {"kind": "unknown"} with input as {"apiVersion": "v1", "kind": "ConfigMap"}
	main.document_kind == {"kind": "unknown"} with input as {}
}

# projection

# METADATA
# description: The projection is input independent and keeps the resource types the adapters read.
test_projection if {
	main.projection == {
		"envelopes": [[], ["plan"], ["terraform"]],
		"drop": [
			["planned_values"], ["prior_state"], ["resource_drift"], ["relevant_attributes"],
			["output_changes"], ["checks"], ["configuration", "root_module"],
		],
		"filter": {"path": ["resource_changes"], "field": "type", "keep": {"aws_sagemaker_training_job"}},
	}
}
