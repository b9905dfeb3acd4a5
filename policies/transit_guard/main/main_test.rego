# METADATA
# title: Entrypoint tests
# description: >-
#   deny, warn and decision dispatch over every rule package, with profile strict promoting
#   warnings; document_kind and projection are what the loader asks before evaluation.
package transit_guard.main_test

import data.transit_guard.lib.plan
import data.transit_guard.main
import data.transit_guard.rules
import data.transit_guard.rules.encryption

# The entrypoints over the encryption rules (TG101-TG107), with their test packages masked.
# main skips *_test packages, but binds level only after data.transit_guard.rules[area][name][level],
# so OPA enumerates (evaluates) every rule of every package, the tests beside each rule included:
# unmasked, every test here runs all TG101-TG107 tests and times out (see
# test_test_packages_are_not_evaluated). The other areas are masked too, so that these tests see
# exactly the seven encryption rules; dispatch itself is tested below on a synthetic tree of rules.

# METADATA
# description: The entrypoints' values over the encryption rules only.
_entrypoints := result if {
	result := {"deny": main.deny, "warn": main.warn, "decision": main.decision}
		with encryption.training_job_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.tuning_job_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.processing_job_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.automl_job_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.monitoring_job_definition_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.monitoring_schedule_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.uninspectable_job_definition_test as {} # regal ignore:with-outside-test-context
		with rules.rstudio as {} # regal ignore:with-outside-test-context
		with rules.fips as {} # regal ignore:with-outside-test-context
		with rules.data_paths as {} # regal ignore:with-outside-test-context
		with rules.guardrails as {} # regal ignore:with-outside-test-context
		with rules.network as {} # regal ignore:with-outside-test-context
		with rules.input as {} # regal ignore:with-outside-test-context
}

_deny := _entrypoints.deny

_warn := _entrypoints.warn

_decision := _entrypoints.decision

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
	_summary(_deny) == {_distributed} with input as _plan
	_summary(_warn) == {_single} with input as _plan
}

# METADATA
# description: Profile strict turns every warning into a failure (severity unchanged) and leaves no warning.
test_strict_promotes_warnings_to_deny if {
	_summary(_deny) == {_distributed, _single} with input as _plan
		with data.transit_guard_config.profiles as ["strict"]
	_warn == set() with input as _plan with data.transit_guard_config.profiles as ["strict"]
}

# METADATA
# description: Profile healthcare denies the single-instance job itself; with strict the result is the same.
test_healthcare_denies_single_instance if {
	every profiles in [["healthcare"], ["healthcare", "strict"]] {
		_summary(_deny) == {_distributed, _single} with input as _plan
			with data.transit_guard_config.profiles as profiles
		_warn == set() with input as _plan with data.transit_guard_config.profiles as profiles
	}
}

# METADATA
# description: Profile strict adds nothing when there is nothing to warn about.
test_strict_without_warnings if {
	_deny == set() with input as _encrypted with data.transit_guard_config.profiles as ["strict"]
	_warn == set() with input as _encrypted with data.transit_guard_config.profiles as ["strict"]
}

# decision

# METADATA
# description: The decision carries the input kind, the number of resources and the findings.
test_decision_fields if {
	decision := _decision with input as _plan
	object.keys(decision) == {"input_kind", "resources", "buckets", "rules_passed", "deny", "warn", "exceptions", "notes"}
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
	decision := _decision with input as _plan with data.transit_guard_config.profiles as ["strict"]
	_summary(decision.deny) == {_distributed, _single}
	decision.warn == set()
}

# METADATA
# description: >-
#   rules_passed counts the rule packages (seven: TG101-TG107) without a finding: 7 for a clean or
#   unrecognised document, 6 when only TG101 has findings (deny and warn count once). Test
#   packages are not rules.
test_decision_rules_passed if {
	_decision.rules_passed == 7 with input as _encrypted
	_decision.rules_passed == 7 with input as {}
	_decision.rules_passed == 6 with input as _plan
	_decision.rules_passed == 6 with input as _plan with data.transit_guard_config.profiles as ["strict"]
}

# METADATA
# description: Each rule package with a finding, of any level, counts once against rules_passed.
test_decision_rules_passed_with_several_rules_failing if {
	doc := {"Version": "2020-12-01", "Steps": [
		{"Name": "Train", "Type": "Training", "Arguments": {"ResourceConfig": {"InstanceCount": 2}}},
		{"Name": "Tune", "Type": "Tuning", "Arguments": {"TrainingJobDefinition": {"ResourceConfig": {"InstanceCount": 1}}}},
		{"Name": "Prep", "Type": "Processing", "Arguments": {"NetworkConfig": {
			"EnableInterContainerTrafficEncryption": true,
		}}},
	]}
	decision := _decision with input as doc
	decision.input_kind == "pipeline_definition"
	decision.resources == 3
	decision.rules_passed == 5
	_summary(decision.deny) == {["TG101", "Train", "HIGH"]}
	_summary(decision.warn) == {["TG102", "Tune", "LOW"]}
}

# METADATA
# description: An unrecognised document has kind "unknown", no resource and no finding.
test_decision_for_an_unknown_document if {
	decision := _decision with input as {"apiVersion": "v1", "kind": "ConfigMap"}
	decision.input_kind == "unknown"
	decision.resources == 0
	decision.rules_passed == 7
	decision.deny == set()
	decision.warn == set()
}

# METADATA
# description: A template without anything the rules inspect is recognised, with no resource and no finding.
test_decision_for_a_template_without_jobs if {
	decision := _decision with input as {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}
	decision.input_kind == "cloudformation"
	decision.resources == 0
	decision.rules_passed == 7
	decision.deny == set()
	decision.warn == set()
}

# METADATA
# description: A SageMaker API body is one resource.
test_decision_for_an_api_body if {
	decision := _decision with input as _encrypted
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
# description: The projection is the Terraform adapter's (lib/plan), whatever the input.
test_projection if {
	main.projection == plan.projection
	main.projection == plan.projection with input as {"resource_changes": []}
}

# Every rule under the profiles

_one := {"ClusterConfig": {"InstanceCount": 1}}

# A template with a single-instance unencrypted job of every rule that warns, and a pipeline in S3.
_template := {"Resources": {
	"Train": {"Type": "AWS::SageMaker::TrainingJob", "Properties": {"ResourceConfig": {"InstanceCount": 1}}},
	"Prep": {"Type": "AWS::SageMaker::ProcessingJob", "Properties": {"ProcessingResources": _one}},
	"Quality": {"Type": "AWS::SageMaker::DataQualityJobDefinition", "Properties": {"JobResources": _one}},
	"Nightly": {"Type": "AWS::SageMaker::MonitoringSchedule", "Properties": {"MonitoringScheduleConfig": {
		"MonitoringJobDefinition": {"MonitoringResources": _one},
	}}},
	"Stored": {"Type": "AWS::SageMaker::Pipeline", "Properties": {"PipelineDefinition": {
		"PipelineDefinitionS3Location": {"Bucket": "b", "Key": "k"},
	}}},
	"Tuned": {"Type": "AWS::SageMaker::Pipeline", "Properties": {"PipelineDefinition": {
		"PipelineDefinitionBody": json.marshal({"Version": "2020-12-01", "Steps": [{
			"Name": "Tune",
			"Type": "Tuning",
			"Arguments": {"TrainingJobDefinition": {"ResourceConfig": {"InstanceCount": 1}}},
		}]}),
	}}},
}}

_template_findings := {
	["TG101", "Train", "LOW"],
	["TG102", "Tuned/Tune", "LOW"],
	["TG103", "Prep", "LOW"],
	["TG105", "Quality", "LOW"],
	["TG106", "Nightly", "LOW"],
	["TG107", "Stored", "MEDIUM"],
}

# METADATA
# description: By default every rule's finding on a single instance (and TG107's) is a warning.
test_every_rule_warns_by_default if {
	decision := _decision with input as _template
	decision.input_kind == "cloudformation"
	decision.deny == set()
	_summary(decision.warn) == _template_findings
	decision.rules_passed == 1
}

# METADATA
# description: Profile strict turns the warning of every rule into a failure, severities unchanged.
test_every_rule_under_strict if {
	decision := _decision with input as _template with data.transit_guard_config.profiles as ["strict"]
	_summary(decision.deny) == _template_findings
	decision.warn == set()
	decision.rules_passed == 1
}

# METADATA
# description: Profile healthcare denies single instances and uninspectable definitions in every rule.
test_every_rule_under_healthcare if {
	decision := _decision with input as _template with data.transit_guard_config.profiles as ["healthcare"]
	_summary(decision.deny) == _template_findings
	decision.warn == set()
	every finding in decision.deny {
		endswith(finding.msg, "denied under profile healthcare")
	}
}

# Dispatch, on a synthetic tree of rules

# Two areas; a rule with both levels, one with a warning only, one without findings, and a test
# package whose deny must not count.
_tree := {
	"a": {
		"one": {"deny": {"d1"}, "warn": {"w1"}},
		"one_test": {"deny": {"from a test"}, "warn": set(), "test_x": true},
	},
	"b": {
		"two": {"deny": set(), "warn": {"w2"}},
		"three": {"deny": set(), "warn": set()},
	},
}

# METADATA
# description: deny and warn are the union over every rule package of every area; test packages are not rules.
test_dispatch_over_every_rule_package if {
	main.deny == {"d1"} with rules as _tree
	main.warn == {"w1", "w2"} with rules as _tree
	main.decision.rules_passed == 1 with rules as _tree with input as {}
}

# METADATA
# description: Under profile strict every warning is denied and none is left; rules_passed is unchanged.
test_dispatch_under_strict if {
	main.deny == {"d1", "w1", "w2"} with rules as _tree
		with data.transit_guard_config.profiles as ["strict"]
	main.warn == set() with rules as _tree with data.transit_guard_config.profiles as ["strict"]
	main.decision.rules_passed == 1 with rules as _tree with input as {}
		with data.transit_guard_config.profiles as ["strict"]
}

# METADATA
# description: Without any rule there is nothing to deny, warn about or pass.
test_dispatch_without_rules if {
	main.deny == set() with rules as {}
	main.warn == set() with rules as {}
	main.decision.rules_passed == 0 with rules as {} with input as {}
}

# METADATA
# description: >-
#   main evaluates only the deny and warn rules of rule packages, never a test package:
#   rules.encryption.dispatch_probe_test (main_dispatch_probe_test.rego) holds a rule with
#   conflicting values once data.transit_guard_config.dispatch_probe is set, and no deny or warn.
#   Were level bound after the reference data.transit_guard.rules[area][name][level], OPA would
#   evaluate every rule of every package (the probe's included) and stop with
#   eval_conflict_error.
test_test_packages_are_not_evaluated if {
	decision := _entrypoints.decision with input as _encrypted with data.transit_guard_config.dispatch_probe as true
	decision.rules_passed == 7
	decision.deny == set()
}
