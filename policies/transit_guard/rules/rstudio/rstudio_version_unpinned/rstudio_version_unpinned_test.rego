# METADATA
# title: TG202 tests
# description: >-
#   RStudio whose version cannot be verified warns: a domain without a server image, a domain
#   update of RStudio settings, an RStudio app without an image (unless its domain in the same
#   document pins one), an image unknown until apply or unresolvable, an image that names no
#   RStudio Workbench version.
package transit_guard.rules.rstudio.rstudio_version_unpinned_test

import data.transit_guard.rules.rstudio.rstudio_version_unpinned as tg202

_new := "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0"

# METADATA
# description: Some finding's message contains text.
_says(findings, text) if {
	some finding in findings
	contains(finding.msg, text)
}

# METADATA
# description: The findings of TG202 as [resource, path].
_facts(findings) := {[f.resource, f.path] | some f in findings; f.id == "TG202"; f.severity == "MEDIUM"}

_server_path := "Properties.DomainSettings.RStudioServerProDomainSettings.DefaultResourceSpec.SageMakerImageArn"

_role := "arn:aws:iam::123456789012:role/rstudio"

_template(server) := {"Resources": {
	"Domain": {"Type": "AWS::SageMaker::Domain", "Properties": {"DomainSettings": {
		"RStudioServerProDomainSettings": object.union({"DomainExecutionRoleArn": _role}, server),
	}}},
	"Profile": {"Type": "AWS::SageMaker::UserProfile", "Properties": {
		"DomainId": {"Fn::GetAtt": ["Domain", "DomainId"]},
		"UserSettings": {"RStudioServerProAppSettings": {"AccessStatus": "ENABLED"}},
	}},
}}

# METADATA
# description: >-
#   A template's domain with RStudio and no server image warns, at the path to set; its user
#   profile, which follows the domain, does not.
test_denied_cfn_domain_without_image if {
	_facts(tg202.warn) == {["Domain", _server_path]} with input as _template({})
	_says(tg202.warn, "SageMaker uses its default version") with input as _template({})
}

# METADATA
# description: A pinned domain passes, and so does a domain without RStudio.
test_allowed_cfn_domain_pinned if {
	tg202.warn == set() with input as _template({"DefaultResourceSpec": {"SageMakerImageArn": _new}})
	tg202.warn == set()
		with input as {
			"Resources": {"Domain": {"Type": "AWS::SageMaker::Domain", "Properties": {"DomainName": "studio"}}},
		}
}

# METADATA
# description: >-
#   A parameter without a default is unknown; a Fn::GetAtt cannot be resolved; a custom image
#   names no version.
test_denied_cfn_unverifiable_images if {
	unknown := object.union(
		_template({"DefaultResourceSpec": {"SageMakerImageArn": {"Ref": "Image"}}}),
		{"Parameters": {"Image": {"Type": "String"}}},
	)
	_says(tg202.warn, "is unknown until it is deployed") with input as unknown
	computed := _template({"DefaultResourceSpec": {"SageMakerImageArn": {"Fn::GetAtt": ["Image", "ImageArn"]}}})
	_says(tg202.warn, "cannot be resolved before deployment") with input as computed
	custom_image := "arn:aws:sagemaker:us-east-1:123456789012:image/r-base"
	custom := _template({"DefaultResourceSpec": {"SageMakerImageArn": custom_image}})
	_says(tg202.warn, "names no RStudio Workbench version") with input as custom
}

# METADATA
# description: An UpdateDomain body that changes RSession settings without a server image warns.
test_denied_api_update_domain if {
	doc := {
		"DomainId": "d-abc",
		"DefaultUserSettings": {"RSessionAppSettings": {"CustomImages": [{"ImageName": "geo"}]}},
	}
	_facts(tg202.warn) == {
		[
			"d-abc",
			"DomainSettingsForUpdate.RStudioServerProDomainSettingsForUpdate.DefaultResourceSpec.SageMakerImageArn",
		],
	}
		with input as doc
	_says(tg202.warn, "is not set by this update") with input as doc
}

# METADATA
# description: An UpdateDomain body that does not touch RStudio is not about RStudio.
test_allowed_api_update_domain_without_rstudio if {
	tg202.warn == set()
		with input as {
			"DomainId": "d-abc",
			"DefaultUserSettings": {"ExecutionRole": "arn:aws:iam::123456789012:role/studio"},
		}
}

# METADATA
# description: An RSessionGateway app without an image warns; with one, or of another app type, it does not.
test_denied_api_app_without_image if {
	_facts(tg202.warn) == {["default", "ResourceSpec.SageMakerImageArn"]}
		with input as {"AppName": "default", "AppType": "RSessionGateway"}
	tg202.warn == set()
		with input as {"AppName": "default", "AppType": "RSessionGateway", "ResourceSpec": {"SageMakerImageArn": _new}}
	tg202.warn == set() with input as {"AppName": "default", "AppType": "JupyterLab"}
}

# METADATA
# description: An app without an image follows its domain, which the same template pins.
test_allowed_cfn_app_following_pinned_domain if {
	doc := {"Resources": {
		"Domain": {
			"Type": "AWS::SageMaker::Domain",
			"Properties": {
				"DomainSettings": {
					"RStudioServerProDomainSettings": {"DefaultResourceSpec": {"SageMakerImageArn": _new}},
				},
			},
		},
		"Server": {
			"Type": "AWS::SageMaker::App",
			"Properties": {"AppType": "RStudioServerPro", "DomainId": {"Ref": "Domain"}},
		},
	}}
	tg202.warn == set() with input as doc
}

# METADATA
# description: A Terraform image unknown until apply warns.
test_denied_plan_image_unknown if {
	doc := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [{
		"address": "aws_sagemaker_app.server",
		"mode": "managed",
		"type": "aws_sagemaker_app",
		"name": "server",
		"change": {
			"actions": ["create"],
			"after": {"app_type": "RStudioServerPro", "resource_spec": [{"instance_type": "system"}]},
			"after_unknown": {"resource_spec": [{"sagemaker_image_arn": true}]},
		},
	}]}
	_facts(tg202.warn) == {["aws_sagemaker_app.server", "resource_spec.sagemaker_image_arn"]} with input as doc
}

# remediation

_pin := "an rstudio-workbench image ARN of RStudio 2022.02.2-485.pro2 or later"

_fixes(findings) := {f.remediation | some f in findings}

# METADATA
# description: >-
#   The remediation names the field to set in the input's format: a CloudFormation property path
#   on the domain, an API field of the request, an ACK spec field.
test_remediation_cfn_api_ack if {
	_fixes(tg202.warn) == {concat("", [
		"Set ", _server_path, " on Domain to ", _pin,
		", so that the RStudio version can be verified before deployment.",
	])} with input as _template({})
	_fixes(tg202.warn) == {concat("", [
		"In the CreateApp request body, set ResourceSpec.SageMakerImageArn to ", _pin,
		", so that the RStudio version can be verified before deployment.",
	])} with input as {"AppName": "default", "AppType": "RSessionGateway"}
	ack := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "App",
		"metadata": {"name": "server"}, "spec": {"appType": "RStudioServerPro", "resourceSpec": {}},
	}
	_fixes(tg202.warn) == {concat("", [
		"Set spec.resourceSpec.sageMakerImageARN in App/server to ", _pin,
		", so that the RStudio version can be verified before deployment.",
	])} with input as ack
}

# METADATA
# description: A Terraform image unknown until apply is to be set as a value known at plan time.
test_remediation_plan_unknown if {
	doc := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [{
		"address": "aws_sagemaker_app.server",
		"mode": "managed",
		"type": "aws_sagemaker_app",
		"name": "server",
		"change": {
			"actions": ["create"],
			"after": {"app_type": "RStudioServerPro", "resource_spec": [{"instance_type": "system"}]},
			"after_unknown": {"resource_spec": [{"sagemaker_image_arn": true}]},
		},
	}]}
	_fixes(tg202.warn) == {concat("", [
		"Set resource_spec.sagemaker_image_arn on aws_sagemaker_app.server to ", _pin,
		", as a value known at plan time, so that the RStudio version can be verified before deployment.",
	])} with input as doc
}
