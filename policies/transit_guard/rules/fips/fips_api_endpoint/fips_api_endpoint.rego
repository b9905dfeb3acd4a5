# METADATA
# title: SageMaker API calls go to a FIPS endpoint (profile fips)
# description: >-
#   Under profile fips, every AWS provider configuration of a Terraform plan that SageMaker
#   resources use must send SageMaker API calls to a FIPS 140 validated endpoint: set
#   use_fips_endpoint = true, or point endpoints.sagemaker at a FIPS host, in a region that has a
#   SageMaker FIPS endpoint. Constants and root variables are resolved from the plan; a region
#   without a FIPS endpoint is denied whatever the settings. The AWS_USE_FIPS_ENDPOINT environment
#   variable and AWS config profiles cannot be seen in a plan, so they do not count.
# related_resources:
#   - ref: https://aws.amazon.com/compliance/fips/
#     description: FIPS endpoints by service
# custom:
#   id: TG301
#   severity: HIGH
#   remediation: >-
#     Set use_fips_endpoint = true in the provider "aws" block (or each aliased block the SageMaker
#     resources use), or endpoints { sagemaker = "https://api-fips.sagemaker.<region>.amazonaws.com" },
#     and deploy to a region with a SageMaker FIPS endpoint (us-east-1, us-east-2, us-west-1,
#     us-west-2, ca-central-1, ca-west-1, us-gov-east-1, us-gov-west-1).
#   input_kinds: [terraform_plan]
package transit_guard.rules.fips.fips_api_endpoint

import data.transit_guard.lib.config
import data.transit_guard.lib.fips
import data.transit_guard.lib.result
import data.transit_guard.lib.tfconfig

# METADATA
# description: Provider configurations of SageMaker resources that do not use FIPS endpoints (profile fips only).
deny contains result.finding(rego.metadata.chain(), {
	"text": concat("", [
		provider.resource, ", used by ", _users(provider.users),
		", does not send SageMaker API calls to a FIPS endpoint: ", provider.text,
	]),
	"remediation": _remediation(provider),
	"resource": provider.resource,
	"input_kind": "terraform_plan",
	"path": provider.path,
}) if {
	config.fips
	some provider in fips.providers_without_fips
}

_users(users) := concat(", ", users) if {
	count(users) <= 3
} else := concat("", [concat(", ", array.slice(users, 0, 3)), " and ", format_int(count(users) - 3, 10), " more"])

# The provider block to change, as the configuration writes it: provider "aws", with its alias,
# in its module ("module.a:aws.west" is the block with alias = "west" in module a).
_block(key) := concat("", ["provider \"", parts[0], "\"", _alias(parts), _in_module(key)]) if {
	parts := split(_local_key(key), ".")
}

_local_key(key) := split(key, ":")[1] if contains(key, ":")

else := key

_alias(parts) := concat("", [" block with alias = \"", parts[1], "\""]) if count(parts) > 1

else := " block"

_in_module(key) := concat("", [" of ", split(key, ":")[0]]) if contains(key, ":")

else := ""

_configured(key) if tfconfig.provider_configs[key]

_region(key) := value if {
	region := _expression(key, "region")
	region.state == "known"
	value := region.value
} else := "<region>"

_fips_regions := "us-east-1, us-east-2, us-west-1, us-west-2, ca-central-1, ca-west-1, us-gov-east-1 or us-gov-west-1"

_invisible := concat("", [
	" (an AWS_USE_FIPS_ENDPOINT environment variable or AWS config profile setting does not show in ",
	"the plan, so it does not count)",
])

_remediation(provider) := concat("", [
	"Add a ", _block(provider.key), " to the configuration with use_fips_endpoint = true", _invisible, ".",
]) if {
	not _configured(provider.key)
} else := concat("", [
	"In the ", _block(provider.key), ", set region to one with a SageMaker FIPS endpoint (",
	_fips_regions, ") and use_fips_endpoint = true.",
]) if {
	provider.path == "region"
} else := concat("", [
	"In the ", _block(provider.key), ", set endpoints { sagemaker = \"https://api-fips.sagemaker.",
	_region(provider.key), ".amazonaws.com\" }, or remove endpoints.sagemaker and set use_fips_endpoint = true.",
]) if {
	provider.path == "endpoints.sagemaker"
} else := concat("", [
	"In the ", _block(provider.key), ", set use_fips_endpoint = true, as a literal or a root variable",
	" whose value the plan shows.",
]) if {
	_flag(provider.key).state == "unresolvable"
} else := concat("", ["In the ", _block(provider.key), ", set use_fips_endpoint = true", _invisible, "."])

_flag(key) := _expression(key, "use_fips_endpoint")

# The value of a setting of the provider configuration (tfconfig.expression_value).
_expression(key, name) := tfconfig.expression_value(
	object.get(config, ["expressions", name], null),
	object.get(config, "module_address", ""),
) if {
	config := tfconfig.provider_configs[key]
}
