# METADATA
# title: TG203 tests
# description: >-
#   RStudioServerPro and RSession images of one domain on different sides of 2022.02.2-485.pro2
#   deny, on the older image; images of different domains, or not comparable, do not.
package transit_guard.rules.rstudio.rstudio_mixed_versions_test

import data.transit_guard.rules.rstudio.rstudio_mixed_versions as tg203

_image(version) := concat("", ["arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-", version])

# METADATA
# description: The findings of TG203 as [resource, path].
_facts(findings) := {[f.resource, f.path] | some f in findings; f.id == "TG203"; f.severity == "HIGH"}

_update(server, session) := {
	"DomainId": "d-abc",
	"DomainSettingsForUpdate": {
		"RStudioServerProDomainSettingsForUpdate": {"DefaultResourceSpec": {"SageMakerImageArn": server}},
	},
	"DefaultUserSettings": {"RSessionAppSettings": {"DefaultResourceSpec": {"SageMakerImageArn": session}}},
}

_template(domain) := {"Resources": {
	"Domain": {
		"Type": "AWS::SageMaker::Domain",
		"Properties": {
			"DomainSettings": {
				"RStudioServerProDomainSettings": {"DefaultResourceSpec": {"SageMakerImageArn": _image("2025.05")}},
			},
		},
	},
	"Legacy": {
		"Type": "AWS::SageMaker::App",
		"Properties": {
			"AppType": "RSessionGateway",
			"DomainId": domain,
			"ResourceSpec": {"SageMakerImageArn": _image("2021.09")},
		},
	},
}}

# METADATA
# description: A new server with an old RSession default is denied on the RSession image, naming the server.
test_denied_api_update_mixed if {
	doc := _update(_image("2025.05"), _image("2021.09"))
	_facts(tg203.deny) == {["d-abc", "DefaultUserSettings.RSessionAppSettings.DefaultResourceSpec.SageMakerImageArn"]}
		with input as doc
	some finding in tg203.deny with input as doc
	finding.msg == concat("", [
		"TG203: RSession image of d-abc (DefaultUserSettings.RSessionAppSettings.DefaultResourceSpec.SageMakerImageArn) ",
		"is RStudio 2021.09, but the RStudioServerPro image of the same domain is d-abc (RStudio 2025.05): ",
		"the two are on different sides of 2022.02.2-485.pro2, which is not backward compatible",
	])
}

# METADATA
# description: An old server with a new RSession is denied on the server image.
test_denied_api_update_old_server if {
	_facts(tg203.deny) == {
		[
			"d-abc",
			"DomainSettingsForUpdate.RStudioServerProDomainSettingsForUpdate.DefaultResourceSpec.SageMakerImageArn",
		],
	}
		with input as _update(_image("2021.09"), _image("2025.05"))
}

# METADATA
# description: Both new, both old (TG201's business), or one at 2022.02 (side unknown) is no mix.
test_allowed_same_side_or_unknown_side if {
	tg203.deny == set() with input as _update(_image("2025.05"), _image("2024.04"))
	tg203.deny == set() with input as _update(_image("2021.09"), _image("2021.06"))
	tg203.deny == set() with input as _update(_image("2022.02"), _image("2021.06"))
}

# METADATA
# description: >-
#   In a template, an app of another domain does not mix with this domain; one naming this
#   domain (GetAtt) does, and the older app is reported with every newer image.
test_domains_in_a_template if {
	tg203.deny == set() with input as _template("d-other")
	_facts(tg203.deny) == {["Legacy", "Properties.ResourceSpec.SageMakerImageArn"]}
		with input as _template({"Fn::GetAtt": "Domain.DomainId"})
}

# remediation

_fixes(findings) := {f.remediation | some f in findings; f.id == "TG203"}

_recreate := concat("", [
	", then recreate the RStudioServerPro app and every RSession app of the domain: ",
	"the upgrade is not backward compatible.",
])

# METADATA
# description: >-
#   The remediation names the older image's field in the input's format, to be set to the
#   version of the newer image of the other role: an API field of the request, a CloudFormation
#   property path on the resource.
test_remediation_api_and_cfn if {
	_fixes(tg203.deny) == {concat("", [
		"In the UpdateDomain request body, set ",
		"DefaultUserSettings.RSessionAppSettings.DefaultResourceSpec.SageMakerImageArn ",
		"to an rstudio-workbench image of the same RStudio version as the RStudioServerPro image of d-abc (RStudio 2025.05)",
		_recreate,
	])} with input as _update(_image("2025.05"), _image("2021.09"))
	_fixes(tg203.deny) == {concat("", [
		"Set Properties.ResourceSpec.SageMakerImageArn on Legacy to an rstudio-workbench image of the same RStudio ",
		"version as the RStudioServerPro image of Domain (RStudio 2025.05)", _recreate,
	])} with input as _template({"Ref": "Domain"})
}

_change(address, type, after) := {
	"address": address, "mode": "managed", "type": type, "name": split(address, ".")[1],
	"change": {"actions": ["create"], "after": after, "after_unknown": {}},
}

# METADATA
# description: The remediation names the Terraform attribute path on the user profile.
test_remediation_plan if {
	doc := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [
		_change("aws_sagemaker_domain.rstudio", "aws_sagemaker_domain", {"domain_settings": [{
			"r_studio_server_pro_domain_settings": [{"default_resource_spec": [{"sagemaker_image_arn": _image("2025.05")}]}],
		}]}),
		_change("aws_sagemaker_user_profile.analyst", "aws_sagemaker_user_profile", {"user_settings": [{
			"r_session_app_settings": [{"default_resource_spec": [{"sagemaker_image_arn": _image("2021.09")}]}],
		}]}),
	]}
	_fixes(tg203.deny) == {concat("", [
		"Set user_settings.r_session_app_settings.default_resource_spec.sagemaker_image_arn on ",
		"aws_sagemaker_user_profile.analyst to an rstudio-workbench image of the same RStudio version as the ",
		"RStudioServerPro image of aws_sagemaker_domain.rstudio (RStudio 2025.05)", _recreate,
	])} with input as doc
}
