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

# METADATA
# description: Provider configurations of SageMaker resources that do not use FIPS endpoints (profile fips only).
deny contains result.finding(rego.metadata.chain(), {
	"text": concat("", [
		provider.resource, ", used by ", _users(provider.users),
		", does not send SageMaker API calls to a FIPS endpoint: ", provider.text,
	]),
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
