package transit_guard.main_test

import data.transit_guard.lib.fips
import data.transit_guard.lib.s3
import data.transit_guard.lib.waivers
import data.transit_guard.main

# A plan evaluated in slices (main/slices.rego): what ties its changes together, the
# document-wide context, and the decision gathered from slices that share findings.

_sliced_block(address, expressions) := {
	"address": address, "mode": "managed", "type": split(address, ".")[0], "name": split(address, ".")[1],
	"expressions": expressions,
}

_sliced_reference(address) := {"references": [concat("", [address, ".id"]), address]}

_sliced_change(address, after, unknown) := {
	"address": address, "mode": "managed", "type": split(address, ".")[0], "name": split(address, ".")[1],
	"change": {"actions": ["create"], "after": after, "after_unknown": unknown},
}

_sliced_deny_insecure(resource) := {
	"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": resource,
	"Condition": {"Bool": {"aws:SecureTransport": "false"}},
}

_sliced_policy(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

_sliced_plan := {
	"format_version": "1.2",
	"resource_changes": [
		_sliced_change("aws_s3_bucket.data", {"bucket": "data-bucket"}, {}),
		_sliced_change("aws_s3_bucket.other", {"bucket": "other-bucket"}, {}),
		_sliced_change(
			"aws_s3_bucket_policy.data",
			{"policy": _sliced_policy([_sliced_deny_insecure("arn:aws:s3:::data-bucket/*")])},
			{"bucket": true},
		),
		_sliced_change(
			"aws_s3_bucket_policy.orphan", {
				"bucket": "elsewhere",
				"policy": _sliced_policy([_sliced_deny_insecure("arn:aws:s3:::data-*/*")]),
			},
			{},
		),
		_sliced_change(
			"aws_sagemaker_training_job.train", {
				"output_data_config": [{"s3_output_path": "s3://data-bucket/out"}],
				"vpc_config": [{"subnets": ["subnet-1"]}],
			},
			{},
		),
		_sliced_change("aws_security_group.sg", {"ingress": [], "egress": []}, {}),
		_sliced_change(
			"aws_vpc_security_group_ingress_rule.ike",
			{"ip_protocol": "udp", "from_port": 500, "to_port": 500}, {},
		),
		_sliced_change("aws_sagemaker_domain.d", {"domain_name": "d"}, {}),
	],
	"configuration": {"root_module": {"resources": [
		_sliced_block("aws_s3_bucket_policy.data", {"bucket": _sliced_reference("aws_s3_bucket.data")}),
		_sliced_block(
			"aws_sagemaker_training_job.train",
			{"vpc_config": [{"security_group_ids": _sliced_reference("aws_security_group.sg")}]},
		),
		_sliced_block(
			"aws_vpc_security_group_ingress_rule.ike",
			{"security_group_id": _sliced_reference("aws_security_group.sg")},
		),
	]}},
}

test_links_tie_buckets_policies_groups_and_rstudio if {
	index := main.slice_index with input as _sliced_plan
	index.kind == {"kind": "terraform_plan", "path": []}
	links := {link | some link in index.links}
	every link in [
		["aws_s3_bucket.data", "s3 data-bucket"],
		["aws_s3_bucket.data", "ref |aws_s3_bucket.data"],
		["aws_s3_bucket_policy.data", "ref |aws_s3_bucket.data"],
		["aws_s3_bucket_policy.data", "s3 data-bucket"],
		["aws_s3_bucket_policy.orphan", "s3 elsewhere"],
		["aws_security_group.sg", "ref |aws_security_group.sg"],
		["aws_vpc_security_group_ingress_rule.ike", "ref |aws_security_group.sg"],
		["aws_sagemaker_domain.d", "rstudio"],
	] {
		link in links
	}
}

# A job is evaluated with the security groups it names (and their rules), but is not linked to
# them: the other jobs that name a group need not share its slice.
test_a_job_needs_its_security_groups if {
	index := main.slice_index with input as _sliced_plan
	index.needs == [["aws_sagemaker_training_job.train", "ref |aws_security_group.sg"]]
	every link in index.links {
		link[0] != "aws_sagemaker_training_job.train"
	}
}

test_facts_of_a_part if {
	facts := main.slice_index.facts.s3 with input as _sliced_plan
	facts.referenced_names == {"data-bucket"}
	facts.sagemaker_present == true
	facts.wild == [["aws_s3_bucket_policy.orphan", ["elsewhere"], []]]
	{entry | some entry in facts.buckets} == {
		["aws_s3_bucket.data", "|aws_s3_bucket.data", ["data-bucket"]],
		["aws_s3_bucket.other", "|aws_s3_bucket.other", ["other-bucket"]],
	}
}

test_context_from_every_part if {
	index := main.slice_index with input as _sliced_plan
	result := main.slice_context with data.transit_guard_part.index as [index.facts]
	result.context.s3 == {"used": {"aws_s3_bucket.data"}, "any_used": true, "sagemaker_present": true}
	result.everywhere == {"aws_s3_bucket_policy.orphan"}
}

test_context_across_parts if {
	parts := [
		{"s3": {
			"buckets": [["b.one", "|b.one", ["one"]], ["b.two", "|b.two", []]],
			"referenced_names": [], "referenced_keys": [], "sagemaker_present": false,
			"wild": [["p.attached", ["one"], []], ["p.by_reference", [], ["|b.two"]]],
		}},
		{"s3": {
			"buckets": [], "referenced_names": ["one"], "referenced_keys": ["|b.two"], "sagemaker_present": true,
			"wild": [["p.orphan", ["none"], ["|b.none"]]],
		}},
	]
	result := main.slice_context with data.transit_guard_part.index as parts
	result.context.s3 == {"used": {"b.one", "b.two"}, "any_used": true, "sagemaker_present": true}
	result.everywhere == {"p.orphan"}
}

test_no_bucket_used_in_any_part if {
	parts := [{"s3": {
		"buckets": [["b.one", "", ["one"]]], "referenced_names": ["two"], "referenced_keys": ["|b.one"],
		"sagemaker_present": false, "wild": [],
	}}]
	result := main.slice_context with data.transit_guard_part.index as parts
	result.context.s3 == {"used": set(), "any_used": false, "sagemaker_present": false}
}

# A slice holding a bucket but not the job that uses it checks the bucket as used, from the context.
test_bucket_used_by_a_job_of_another_slice if {
	slice := object.union(_sliced_plan, {"resource_changes": [_sliced_plan.resource_changes[1]]})
	context := {"used": ["aws_s3_bucket.other"], "any_used": true, "sagemaker_present": true}
	buckets := s3.buckets with input as slice with data.transit_guard_part.context.s3 as context
	{bucket.id | some bucket in buckets} == {"aws_s3_bucket.other"}
	some bucket in buckets
	s3.scope(bucket) == ", which SageMaker reads or writes," with input as slice
		with data.transit_guard_part.context.s3 as context
}

test_bucket_unused_when_the_context_says_so if {
	slice := object.union(_sliced_plan, {"resource_changes": [_sliced_plan.resource_changes[1]]})
	context := {"used": ["aws_s3_bucket.data"], "any_used": true, "sagemaker_present": true}
	count(s3.buckets) == 0 with input as slice with data.transit_guard_part.context.s3 as context
}

# The provider users of every part (configuration blocks, and changes without a provider key in
# theirs) become the context of every slice: a slice holds the blocks of its own changes only.
test_provider_users_of_every_part_are_the_context_of_every_slice if {
	index := main.slice_index with input as _sliced_plan
	index.facts.fips.users == {"aws": {"aws_sagemaker_domain.d", "aws_sagemaker_training_job.train"}}
	notebook := object.union(
		_sliced_block("aws_sagemaker_notebook_instance.nb", {}),
		{"provider_config_key": "aws.west"},
	)
	other := main.slice_index with input as object.union(_sliced_plan, {
		"resource_changes": [],
		"configuration": {"root_module": {"resources": [notebook]}},
	})
	other.facts.fips.users == {"aws.west": {"aws_sagemaker_notebook_instance.nb"}}
	slice_context := main.slice_context with data.transit_guard_part.index as [index.facts, other.facts]
	slice_context.context.fips.users == {
		"aws": {"aws_sagemaker_domain.d", "aws_sagemaker_training_job.train"},
		"aws.west": {"aws_sagemaker_notebook_instance.nb"},
	}
	slice := object.union(_sliced_plan, {"resource_changes": [_sliced_plan.resource_changes[0]]})
	users := {"aws": ["aws_sagemaker_domain.d", "aws_sagemaker_training_job.train"]}
	{item.users | some item in fips.providers_without_fips} == {users.aws} with input as slice
		with data.transit_guard_part.context.fips.users as users
}

# Slices that evaluated the same change give the same findings: the decision keeps one of each,
# and the suppressions of every slice.
test_decision_keeps_one_of_each_finding_of_the_slices if {
	finding := {
		"id": "TG401", "resource": "aws_s3_bucket.data", "msg": "m", "severity": "HIGH",
		"rule": "s3_secure_transport", "input_kind": "terraform_plan",
	}
	other := object.union(finding, {"resource": "aws_s3_bucket.other"})
	parts := [
		_sliced_part([finding], {"by_resource": {"x": {"TG101": []}}, "invalid": [{"id": "a"}]}),
		_sliced_part([finding, other], {"by_resource": {"y": {"TG101": []}}, "invalid": []}),
	]
	decision := main.decision with data.transit_guard_part.parts as parts
		with data.transit_guard_config as {"profiles": []}
	count(decision.deny) == 2
	decision.buckets == 2
	decision.rules_passed == 1
	merged := waivers.suppressions with data.transit_guard_part.parts as parts
	object.keys(merged.by_resource) == {"x", "y"}
	merged.invalid == {{"id": "a"}}
}

_sliced_part(findings, suppressions) := {
	"input_kind": "terraform_plan",
	"findings": [
		[["data_paths", "s3_secure_transport", "deny"], findings],
		[["encryption", "training_job_encryption", "deny"], []],
	],
	"facts": {"buckets": 1},
	"suppressions": suppressions,
}
