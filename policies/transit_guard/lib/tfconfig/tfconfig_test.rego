# METADATA
# title: lib/tfconfig tests
# description: >-
#   Configuration blocks by module path, references between resources, provider keys and the
#   values of configuration expressions.
package transit_guard.lib.tfconfig_test

import data.transit_guard.lib.fips
import data.transit_guard.lib.iam
import data.transit_guard.lib.plan
import data.transit_guard.lib.rstudio
import data.transit_guard.lib.s3
import data.transit_guard.lib.security_groups
import data.transit_guard.lib.tfconfig

_plan := {
	"format_version": "1.2",
	"terraform_version": "1.11.4",
	"variables": {"region": {"value": "us-east-1"}, "unset": {"value": null}},
	"resource_changes": [
		{
			"address": "module.ml.module.jobs[0].aws_security_group.g",
			"module_address": "module.ml.module.jobs[0]",
			"mode": "managed",
			"type": "aws_security_group",
			"name": "g",
			"change": {"actions": ["create"], "after": {}},
		},
		{
			"address": "module.ml.module.jobs[0].aws_security_group_rule.r",
			"module_address": "module.ml.module.jobs[0]",
			"mode": "managed",
			"type": "aws_security_group_rule",
			"name": "r",
			"change": {"actions": ["create"], "after": {}},
		},
	],
	"configuration": {"root_module": {
		"resources": [{
			"address": "aws_s3_bucket.b",
			"mode": "managed",
			"type": "aws_s3_bucket",
			"name": "b",
			"provider_config_key": "aws",
			# an attribute named resources is not a resource block
			"expressions": {"resources": {"constant_value": ["x"]}},
		}],
		"module_calls": {"ml": {"module": {"module_calls": {"jobs": {"module": {"resources": [
			{
				"address": "aws_security_group.g",
				"mode": "managed",
				"type": "aws_security_group",
				"name": "g",
				"provider_config_key": "aws.west",
				"expressions": {},
			},
			{
				"address": "aws_security_group_rule.r",
				"mode": "managed",
				"type": "aws_security_group_rule",
				"name": "r",
				"provider_config_key": "aws.west",
				"expressions": {
					"security_group_id": {"references": ["aws_security_group.g.id", "aws_security_group.g", "var.x"]},
				},
			},
		]}}}}}},
	}},
}

# METADATA
# description: Blocks of nested modules are found and addressed by their module path.
test_configured_blocks if {
	{tfconfig.address(item) | some item in tfconfig.configured} == {
		"aws_s3_bucket.b",
		"module.ml.module.jobs.aws_security_group.g",
		"module.ml.module.jobs.aws_security_group_rule.r",
	} with input as _plan
}

# A configuration with a block at the root and one depth module calls down (m1 calls m2 ...).
_nested(depth) := {
	"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [],
	"configuration": {"root_module": object.union({"resources": [_block("top")]}, _calls(depth))},
}

_calls(depth) := json.unmarshal(concat("", [
	concat("", [concat("", ["{\"module_calls\": {\"m", format_int(i, 10), "\": {\"module\": "]) |
		some i in numbers.range(1, depth)
	]),
	json.marshal({"resources": [_block("deep")]}),
	concat("", ["}}}" | some _ in numbers.range(1, depth)]),
]))

_block(name) := {
	"address": concat(".", ["aws_s3_bucket", name]),
	"mode": "managed", "type": "aws_s3_bucket", "name": name,
}

_deep_address(depth) := concat(".", array.concat(
	[concat("", ["module.m", format_int(i, 10)]) | some i in numbers.range(1, depth)],
	["aws_s3_bucket.deep"],
))

# METADATA
# description: >-
#   Blocks are found at every depth: module by module to eight nested calls, and by walking the
#   configuration when it nests deeper.
test_configured_depths if {
	every depth in [1, 8, 9, 12] {
		found := {tfconfig.address(item) | some item in tfconfig.configured} with input as _nested(depth)
		found == {"aws_s3_bucket.top", _deep_address(depth)}
	}
}

# METADATA
# description: A change finds its block, provider key and references; references resolve within its module.
test_change_block_and_references if {
	some change in plan.changes with input as _plan
	change.type == "aws_security_group_rule"
	tfconfig.modules(change) == ["ml", "jobs"]
	tfconfig.provider_key(change) == "aws.west" with input as _plan
	tfconfig.references(change, "security_group_id") == {"aws_security_group.g"} with input as _plan
	tfconfig.all_references(change) == {"aws_security_group.g"} with input as _plan
	{other.address | some other in tfconfig.referenced(
		change,
		"aws_security_group.g",
	)} == {"module.ml.module.jobs[0].aws_security_group.g"}
		with input as _plan
}

# METADATA
# description: Expression values from constants and root variables; anything else is unresolvable.
test_expression_values if {
	tfconfig.expression_value(null, "") == {"state": "absent"}
	tfconfig.expression_value({"constant_value": "us-east-1"}, "") == {"state": "known", "value": "us-east-1"}
	tfconfig.expression_value({"constant_value": null}, "") == {"state": "absent"}
	tfconfig.expression_value({"references": ["var.region"]}, "") == {"state": "known", "value": "us-east-1"}
		with input as _plan
	tfconfig.expression_value(
		{"references": ["var.region"]},
		"module.ml",
	) == {"state": "unresolvable", "reference": "var.region"}
		with input as _plan
	tfconfig.expression_value({"references": ["var.unset"]}, "") == {"state": "unresolvable", "reference": "var.unset"}
		with input as _plan
	tfconfig.expression_value({}, "") == {"state": "unresolvable", "reference": "an expression"}
}

# METADATA
# description: Every Terraform type a rule library reads is kept by the projection.
test_rule_types_are_read if {
	every type in (((rstudio.tf_types | s3.tf_types) | iam.tf_types) | fips.tf_types) | security_groups.tf_types {
		type in plan.resource_types
	}
}

# METADATA
# description: >-
#   A reference names the resource of its own module instance: module.ml.module.jobs[1] has a
#   group g of its own, which the rule of jobs[0] does not refer to.
test_references_stay_in_their_module_instance if {
	other := {
		"address": "module.ml.module.jobs[1].aws_security_group.g",
		"module_address": "module.ml.module.jobs[1]",
		"mode": "managed",
		"type": "aws_security_group",
		"name": "g",
		"change": {"actions": ["create"], "after": {}},
	}
	doc := object.union(_plan, {"resource_changes": array.concat(_plan.resource_changes, [other])})
	some change in plan.changes with input as doc
	change.address == "module.ml.module.jobs[0].aws_security_group_rule.r"
	{found.address | some found in tfconfig.referenced(change, "aws_security_group.g")} == {
		"module.ml.module.jobs[0].aws_security_group.g",
	} with input as doc
}
