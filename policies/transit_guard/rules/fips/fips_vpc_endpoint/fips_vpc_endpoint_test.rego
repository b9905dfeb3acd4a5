# METADATA
# title: TG302 tests
# description: >-
#   Under profile fips, SageMaker API and runtime interface endpoints must use the -fips service
#   where one exists.
package transit_guard.rules.fips.fips_vpc_endpoint_test

import data.transit_guard.rules.fips.fips_vpc_endpoint as tg302

_plan(services) := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [{
	"address": concat("", ["aws_vpc_endpoint.e", format_int(i, 10)]),
	"mode": "managed",
	"type": "aws_vpc_endpoint",
	"name": concat("", ["e", format_int(i, 10)]),
	"change": {
		"actions": ["create"],
		"after": {"service_name": service, "vpc_endpoint_type": "Interface"},
		"after_unknown": {},
	},
} |
	some i, service in services
]}

_fips := ["fips"]

# METADATA
# description: The TG302 findings as [resource, path].
_facts(findings) := {[f.resource, f.path] | some f in findings; f.id == "TG302"; f.severity == "HIGH"}

# METADATA
# description: The non-FIPS API service in us-east-1 is denied, naming the FIPS service; the FIPS runtime passes.
test_denied_plan_api if {
	doc := _plan(["com.amazonaws.us-east-1.sagemaker.api", "com.amazonaws.us-east-1.sagemaker.runtime-fips"])
	_facts(tg302.deny) == {["aws_vpc_endpoint.e0", "service_name"]}
		with input as doc
		with data.transit_guard_config.profiles as _fips
	tg302.deny == set() with input as doc
	some finding in tg302.deny with input as doc with data.transit_guard_config.profiles as _fips
	finding.msg == concat("", [
		"TG302: aws_vpc_endpoint.e0 uses com.amazonaws.us-east-1.sagemaker.api, ",
		"not the FIPS service com.amazonaws.us-east-1.sagemaker.api-fips",
	])
}

# METADATA
# description: >-
#   Where no FIPS service exists (the runtime in ca-central-1 and GovCloud, anything in
#   eu-west-1), the plain service passes; so do other SageMaker services and other AWS services.
test_allowed_no_fips_service if {
	doc := _plan([
		"com.amazonaws.ca-central-1.sagemaker.runtime",
		"com.amazonaws.us-gov-west-1.sagemaker.runtime",
		"com.amazonaws.eu-west-1.sagemaker.api",
		"aws.sagemaker.us-east-1.studio",
		"com.amazonaws.us-east-1.s3",
	])
	tg302.deny == set() with input as doc with data.transit_guard_config.profiles as _fips
}

# METADATA
# description: A template's service name built with ${AWS::Region} is denied, as the region is chosen at deploy time.
test_denied_cfn_region_at_deploy_time if {
	doc := {"Resources": {"Runtime": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {
		"VpcEndpointType": "Interface",
		"ServiceName": {"Fn::Join": [".", ["com.amazonaws", {"Ref": "AWS::Region"}, "sagemaker.runtime"]]},
	}}}}
	_facts(tg302.deny) == {["Runtime", "Properties.ServiceName"]}
		with input as doc
		with data.transit_guard_config.profiles as _fips
	some finding in tg302.deny with input as doc with data.transit_guard_config.profiles as _fips
	contains(
		finding.msg,
		concat("", [
			"with the region chosen at deploy time; in us-east-1, us-east-2, us-west-1, us-west-2 ",
			"the FIPS service sagemaker.runtime-fips exists",
		]),
	)
}

# METADATA
# description: A template's FIPS service passes.
test_allowed_cfn_fips if {
	doc := {
		"Resources": {
			"Api": {
				"Type": "AWS::EC2::VPCEndpoint",
				"Properties": {"ServiceName": {"Fn::Sub": "com.amazonaws.${AWS::Region}.sagemaker.api-fips"}},
			},
		},
	}
	tg302.deny == set() with input as doc with data.transit_guard_config.profiles as _fips
}

# remediation

_fixes(findings) := {f.remediation | some f in findings}

# METADATA
# description: >-
#   The remediation gives the FIPS service name for the Terraform attribute, and for the
#   CloudFormation property (as !Sub where the region is chosen at deploy time).
test_remediation_plan_and_template if {
	_fixes(tg302.deny) == {
		"Set service_name = \"com.amazonaws.us-east-1.sagemaker.api-fips\" on aws_vpc_endpoint.e0.",
	}
		with input as _plan(["com.amazonaws.us-east-1.sagemaker.api"])
		with data.transit_guard_config.profiles as _fips
	literal := {"Resources": {"Api": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {
		"VpcEndpointType": "Interface",
		"ServiceName": "com.amazonaws.us-gov-west-1.sagemaker.api",
	}}}}
	_fixes(tg302.deny) == {"Set Properties.ServiceName of Api to com.amazonaws.us-gov-west-1.sagemaker.api-fips."}
		with input as literal
		with data.transit_guard_config.profiles as _fips
	deploy_time := {"Resources": {"Runtime": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {
		"VpcEndpointType": "Interface",
		"ServiceName": {"Fn::Join": [".", ["com.amazonaws", {"Ref": "AWS::Region"}, "sagemaker.runtime"]]},
	}}}}
	_fixes(tg302.deny) == {concat("", [
		"Set Properties.ServiceName of Runtime to !Sub com.amazonaws.${AWS::Region}.sagemaker.runtime-fips, ",
		"and deploy the stack only to regions with the FIPS service (us-east-1, us-east-2, us-west-1, us-west-2).",
	])}
		with input as deploy_time
		with data.transit_guard_config.profiles as _fips
}
