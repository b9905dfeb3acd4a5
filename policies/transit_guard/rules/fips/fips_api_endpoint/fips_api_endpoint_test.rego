# METADATA
# title: TG301 tests
# description: >-
#   Under profile fips, the AWS provider configurations that SageMaker resources use must send
#   SageMaker calls to a FIPS endpoint, in a region that has one; constants and root variables
#   are resolved from the plan.
package transit_guard.rules.fips.fips_api_endpoint_test

import data.transit_guard.rules.fips.fips_api_endpoint as tg301

_job := {
	"address": "aws_sagemaker_training_job.bert",
	"mode": "managed",
	"type": "aws_sagemaker_training_job",
	"name": "bert",
	"change": {
		"actions": ["create"],
		"after": {"enable_inter_container_traffic_encryption": true},
		"after_unknown": {},
	},
}

# METADATA
# description: Some finding's message contains text.
_says(findings, text) if {
	some finding in findings
	contains(finding.msg, text)
}

# METADATA
# description: Some finding's message ends with text.
_ends_with(findings, text) if {
	some finding in findings
	endswith(finding.msg, text)
}

# METADATA
# description: A plan with one training job using provider key, the given provider configurations and variables.
_plan(key, configs, variables) := {
	"format_version": "1.2",
	"terraform_version": "1.11.4",
	"variables": variables,
	"resource_changes": [_job],
	"configuration": {
		"provider_config": configs,
		"root_module": {"resources": [{
			"address": "aws_sagemaker_training_job.bert",
			"mode": "managed",
			"type": "aws_sagemaker_training_job",
			"name": "bert",
			"provider_config_key": key,
			"expressions": {},
		}]},
	},
}

_aws(expressions) := {"aws": {"name": "aws", "expressions": expressions}}

_fips := ["fips"]

# METADATA
# description: The TG301 findings as [resource, path].
_facts(findings) := {[f.resource, f.path] | some f in findings; f.id == "TG301"; f.severity == "HIGH"}

# METADATA
# description: Without profile fips nothing is checked.
test_allowed_without_profile if {
	tg301.deny == set() with input as _plan("aws", _aws({"region": {"constant_value": "us-east-1"}}), {})
}

# METADATA
# description: A provider without use_fips_endpoint is denied, and the message says env settings are invisible.
test_denied_not_set if {
	doc := _plan("aws", _aws({"region": {"constant_value": "us-east-1"}}), {})
	_facts(tg301.deny) == {["provider.aws", "use_fips_endpoint"]}
		with input as doc
		with data.transit_guard_config.profiles as _fips
	some finding in tg301.deny with input as doc with data.transit_guard_config.profiles as _fips
	contains(
		finding.msg,
		concat("", [
			"provider.aws, used by aws_sagemaker_training_job.bert, does not send SageMaker API calls to a ",
			"FIPS endpoint: use_fips_endpoint is not set; an AWS_USE_FIPS_ENDPOINT environment variable",
		]),
	)
}

# METADATA
# description: use_fips_endpoint from a root variable set to true passes; set to false it is denied.
test_variable_resolution if {
	expressions := {"region": {"references": ["var.region"]}, "use_fips_endpoint": {"references": ["var.fips"]}}
	tg301.deny == set()
		with input as _plan("aws", _aws(expressions), {"region": {"value": "us-gov-west-1"}, "fips": {"value": true}})
		with data.transit_guard_config.profiles as _fips
	tg301.deny == set()
		with input as _plan("aws", _aws(expressions), {"region": {"value": "us-east-1"}, "fips": {"value": "true"}})
		with data.transit_guard_config.profiles as _fips
	some finding in tg301.deny
		with input as _plan("aws", _aws(expressions), {"region": {"value": "us-east-1"}, "fips": {"value": false}})
		with data.transit_guard_config.profiles as _fips
	endswith(finding.msg, "use_fips_endpoint is false")
}

# METADATA
# description: A reference the plan cannot resolve (a local) is denied and named.
test_denied_unresolvable if {
	doc := _plan("aws", _aws({"use_fips_endpoint": {"references": ["local.fips"]}}), {})
	_ends_with(tg301.deny, "use_fips_endpoint refers to local.fips, which cannot be resolved from the plan")
		with input as doc
		with data.transit_guard_config.profiles as _fips
}

# METADATA
# description: A region without a SageMaker FIPS endpoint is denied by name, whatever the settings.
test_denied_region_without_fips if {
	doc := _plan(
		"aws",
		_aws({"region": {"references": ["var.region"]}, "use_fips_endpoint": {"constant_value": true}}),
		{"region": {"value": "eu-west-1"}},
	)
	_facts(tg301.deny) == {["provider.aws", "region"]}
		with input as doc
		with data.transit_guard_config.profiles as _fips
	_says(tg301.deny, "region eu-west-1 has no SageMaker FIPS endpoint")
		with input as doc
		with data.transit_guard_config.profiles as _fips
}

# METADATA
# description: A custom SageMaker endpoint decides over use_fips_endpoint, both ways.
test_custom_endpoint if {
	fips_host := _aws({"endpoints": [{"sagemaker": {
		"constant_value": "https://api-fips.sagemaker.us-east-1.amazonaws.com",
	}}]})
	tg301.deny == set() with input as _plan("aws", fips_host, {}) with data.transit_guard_config.profiles as _fips
	plain := _aws({
		"use_fips_endpoint": {"constant_value": true},
		"endpoints": [{"sagemaker": {"constant_value": "https://sagemaker.internal.example.com"}}],
	})
	_facts(tg301.deny) == {["provider.aws", "endpoints.sagemaker"]}
		with input as _plan("aws", plain, {})
		with data.transit_guard_config.profiles as _fips
	computed := _aws({"endpoints": [{"sagemaker": {"references": ["local.endpoint"]}}]})
	_facts(tg301.deny) == {["provider.aws", "endpoints.sagemaker"]}
		with input as _plan("aws", computed, {})
		with data.transit_guard_config.profiles as _fips
}

# METADATA
# description: The aliased configuration the resource uses is checked, not the default one.
test_denied_alias if {
	configs := {
		"aws": {"name": "aws", "expressions": {"use_fips_endpoint": {"constant_value": true}}},
		"aws.west": {"name": "aws", "alias": "west", "expressions": {}},
	}
	_facts(tg301.deny) == {["provider.aws.west", "use_fips_endpoint"]}
		with input as _plan("aws.west", configs, {})
		with data.transit_guard_config.profiles as _fips
	tg301.deny == set() with input as _plan("aws", configs, {}) with data.transit_guard_config.profiles as _fips
}

# METADATA
# description: >-
#   A provider defined in a module is named after the module; a key the plan does not configure
#   is denied as not set.
test_denied_module_and_missing_configuration if {
	configs := {
		"module.ml:aws": {
			"name": "aws",
			"module_address": "module.ml",
			"expressions": {"use_fips_endpoint": {"references": ["var.fips"]}},
		},
	}
	_facts(tg301.deny) == {["module.ml.provider.aws", "use_fips_endpoint"]}
		with input as _plan("module.ml:aws", configs, {"fips": {"value": true}})
		with data.transit_guard_config.profiles as _fips
	_says(tg301.deny, "the plan has no configuration for provider aws")
		with input as _plan("aws", {}, {})
		with data.transit_guard_config.profiles as _fips
}

# METADATA
# description: Without a configuration section, the default provider of the SageMaker changes is checked.
test_denied_without_configuration if {
	doc := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [_job]}
	_facts(tg301.deny) == {["provider.aws", "use_fips_endpoint"]}
		with input as doc
		with data.transit_guard_config.profiles as _fips
}

# METADATA
# description: >-
#   A SageMaker change that the configuration has no block for (a configuration of other resources
#   only) uses the default provider configuration: checked, not skipped.
test_denied_change_without_a_block if {
	plan := _plan("aws.west", {"aws": {"name": "aws", "expressions": {}}}, {})
	other := object.union(
		plan.configuration.root_module.resources[0],
		{"address": "aws_sagemaker_model.m", "type": "aws_sagemaker_model", "name": "m"},
	)
	doc := object.union(plan, {"configuration": {"root_module": {"resources": [other]}}})
	findings := tg301.deny with input as doc with data.transit_guard_config.profiles as _fips
	_facts(findings) == {["provider.aws", "use_fips_endpoint"], ["provider.aws.west", "use_fips_endpoint"]}
	_says(findings, "provider.aws, used by aws_sagemaker_training_job.bert,")
}

# METADATA
# description: Users beyond three are counted, not listed.
test_denied_many_users if {
	jobs := [object.union(
		_job,
		{"address": concat("", ["aws_sagemaker_training_job.j", format_int(i, 10)])},
	) |
		some i in numbers.range(1, 5)
	]
	doc := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": jobs}
	some finding in tg301.deny with input as doc with data.transit_guard_config.profiles as _fips
	contains(
		finding.msg,
		"used by aws_sagemaker_training_job.j1, aws_sagemaker_training_job.j2, aws_sagemaker_training_job.j3 and 2 more,",
	)
}

# remediation

_fixes(findings) := {f.remediation | some f in findings}

_invisible := concat("", [
	" (an AWS_USE_FIPS_ENDPOINT environment variable or AWS config profile setting does not show in ",
	"the plan, so it does not count).",
])

# METADATA
# description: >-
#   The remediation names the provider block as the configuration writes it (provider "aws",
#   its alias, its module) and the argument to set.
test_remediation_provider_blocks if {
	_fixes(tg301.deny) == {concat("", [
		"In the provider \"aws\" block, set use_fips_endpoint = true", _invisible,
	])}
		with input as _plan("aws", _aws({}), {})
		with data.transit_guard_config.profiles as _fips
	aliased := {"aws.west": {"name": "aws", "alias": "west", "expressions": {}}}
	_fixes(tg301.deny) == {concat("", [
		"In the provider \"aws\" block with alias = \"west\", set use_fips_endpoint = true", _invisible,
	])}
		with input as _plan("aws.west", aliased, {})
		with data.transit_guard_config.profiles as _fips
	module := {"module.ml:aws": {"name": "aws", "module_address": "module.ml", "expressions": {
		"use_fips_endpoint": {"references": ["var.fips"]},
	}}}
	_fixes(tg301.deny) == {concat("", [
		"In the provider \"aws\" block of module.ml, set use_fips_endpoint = true, as a literal or a root ",
		"variable whose value the plan shows.",
	])}
		with input as _plan("module.ml:aws", module, {})
		with data.transit_guard_config.profiles as _fips
	_fixes(tg301.deny) == {concat("", [
		"Add a provider \"aws\" block to the configuration with use_fips_endpoint = true", _invisible,
	])}
		with input as _plan("aws", {}, {})
		with data.transit_guard_config.profiles as _fips
}

# METADATA
# description: >-
#   A region without FIPS endpoints, or a custom endpoint, is fixed in the provider block's region
#   or endpoints.
test_remediation_region_and_endpoint if {
	region := _aws({"region": {"constant_value": "eu-west-1"}, "use_fips_endpoint": {"constant_value": true}})
	_fixes(tg301.deny) == {concat("", [
		"In the provider \"aws\" block, set region to one with a SageMaker FIPS endpoint (us-east-1, us-east-2, ",
		"us-west-1, us-west-2, ca-central-1, ca-west-1, us-gov-east-1 or us-gov-west-1) and use_fips_endpoint = true.",
	])}
		with input as _plan("aws", region, {})
		with data.transit_guard_config.profiles as _fips
	endpoint := _aws({
		"region": {"constant_value": "us-west-2"},
		"endpoints": [{"sagemaker": {"constant_value": "https://sagemaker.internal.example.com"}}],
	})
	_fixes(tg301.deny) == {concat("", [
		"In the provider \"aws\" block, set endpoints { sagemaker = ",
		"\"https://api-fips.sagemaker.us-west-2.amazonaws.com\" }, ",
		"or remove endpoints.sagemaker and set use_fips_endpoint = true.",
	])}
		with input as _plan("aws", endpoint, {})
		with data.transit_guard_config.profiles as _fips
}
