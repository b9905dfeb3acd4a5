# METADATA
# title: SageMaker VPC endpoints use the FIPS service (profile fips)
# description: >-
#   Under profile fips, a VPC interface endpoint for the SageMaker API (sagemaker.api) or runtime
#   (sagemaker.runtime) must use the FIPS service (sagemaker.api-fips, sagemaker.runtime-fips)
#   in the regions where one exists. An endpoint whose region is chosen at deploy time
#   (${AWS::Region}) is denied too, since it may be deployed where a FIPS service exists.
# custom:
#   id: TG302
#   severity: HIGH
#   remediation: >-
#     Use the service name com.amazonaws.<region>.sagemaker.api-fips (or .sagemaker.runtime-fips)
#     for the interface endpoint; the API has one in us-east-1, us-east-2, us-west-1, us-west-2,
#     ca-central-1, ca-west-1, us-gov-east-1 and us-gov-west-1, the runtime in us-east-1,
#     us-east-2, us-west-1 and us-west-2.
#   input_kinds: [terraform_plan, cloudformation]
package transit_guard.rules.fips.fips_vpc_endpoint

import data.transit_guard.lib.config
import data.transit_guard.lib.fips
import data.transit_guard.lib.result

# METADATA
# description: SageMaker VPC endpoints on a non-FIPS service where a FIPS one exists (profile fips only).
deny contains result.finding(rego.metadata.chain(), {
	"text": concat("", [endpoint.resource, " uses ", endpoint.service, _why(endpoint)]),
	"remediation": _remediation(endpoint),
	"resource": endpoint.resource,
	"input_kind": endpoint.input_kind,
	"path": endpoint.path,
}) if {
	config.fips
	some endpoint in fips.endpoints
	not endpoint.fips
	fips.service_may_exist(endpoint)
}

_why(endpoint) := concat("", [
	", not the FIPS service com.amazonaws.", endpoint.region, ".sagemaker.", endpoint.kind, "-fips",
]) if {
	endpoint.region != ""
} else := concat("", [
	" with the region chosen at deploy time; in ", concat(", ", fips.service_regions(endpoint)),
	" the FIPS service sagemaker.", endpoint.kind, "-fips exists and must be used",
])

# The FIPS service name, written as the input writes it: a Terraform string, a CloudFormation
# value (!Sub where the region is chosen at deploy time).
_remediation(endpoint) := concat("", [
	"Set service_name = \"", endpoint.service, "-fips\" on ", endpoint.resource, ".",
]) if {
	endpoint.input_kind == "terraform_plan"
} else := concat("", [
	"Set ", endpoint.path, " of ", endpoint.resource, " to ", endpoint.service, "-fips.",
]) if {
	endpoint.region != ""
} else := concat("", [
	"Set ", endpoint.path, " of ", endpoint.resource, " to !Sub ", endpoint.service, "-fips",
	", and deploy the stack only to regions with the FIPS service (",
	concat(", ", fips.service_regions(endpoint)), ").",
])
