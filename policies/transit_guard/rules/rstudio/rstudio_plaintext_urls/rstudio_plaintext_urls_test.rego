# METADATA
# title: TG204 tests
# description: http:// RStudio Connect and Package Manager URLs deny; https:// ones pass.
package transit_guard.rules.rstudio.rstudio_plaintext_urls_test

import data.transit_guard.rules.rstudio.rstudio_plaintext_urls as tg204

_domain(settings) := {
	"DomainName": "biostat",
	"AuthMode": "IAM",
	"DomainSettings": {"RStudioServerProDomainSettings": settings},
}

_template(url) := {
	"Resources": {
		"Domain": {
			"Type": "AWS::SageMaker::Domain",
			"Properties": {"DomainSettings": {"RStudioServerProDomainSettings": {"RStudioPackageManagerUrl": url}}},
		},
	},
}

# METADATA
# description: An http:// Connect URL is denied, with the URL in the message.
test_denied_api_http_connect if {
	doc := _domain({
		"RStudioConnectUrl": "http://connect.internal:3939",
		"RStudioPackageManagerUrl": "https://rspm.internal",
	})
	{[
		f.id,
		f.resource,
		f.path,
		f.severity,
	] |
		some f in tg204.deny
	} == {
		["TG204", "biostat", "DomainSettings.RStudioServerProDomainSettings.RStudioConnectUrl", "HIGH"],
	}
		with input as doc
	some finding in tg204.deny with input as doc
	finding.msg == concat("", [
		"TG204: RStudio Connect URL of biostat (DomainSettings.RStudioServerProDomainSettings.RStudioConnectUrl) ",
		"is http://connect.internal:3939: its traffic is not encrypted",
	])
}

# METADATA
# description: HTTPS URLs pass.
test_allowed_api_https if {
	tg204.deny == set()
		with input as _domain({
			"RStudioConnectUrl": "https://connect.internal",
			"RStudioPackageManagerUrl": "https://rspm.internal",
		})
}

# METADATA
# description: Either branch of a CloudFormation Fn::If counts; an absent URL (AWS::NoValue) does not.
test_denied_cfn_branch if {
	{[f.resource, f.path] | some f in tg204.deny} == {
		["Domain", "Properties.DomainSettings.RStudioServerProDomainSettings.RStudioPackageManagerUrl"],
	}
		with input as _template({"Fn::If": ["Internal", "http://rspm.internal", {"Ref": "AWS::NoValue"}]})
	tg204.deny == set()
		with input as _template({"Fn::If": ["Internal", "https://rspm.internal", {"Ref": "AWS::NoValue"}]})
}

# METADATA
# description: UpdateDomain reads the ForUpdate settings.
test_denied_api_update if {
	doc := {
		"DomainId": "d-abc",
		"DomainSettingsForUpdate": {
			"RStudioServerProDomainSettingsForUpdate": {"RStudioConnectUrl": "http://connect.internal"},
		},
	}
	{f.path | some f in tg204.deny} == {
		"DomainSettingsForUpdate.RStudioServerProDomainSettingsForUpdate.RStudioConnectUrl",
	}
		with input as doc
}

# remediation

_fixes(findings) := {f.remediation | some f in findings}

# METADATA
# description: >-
#   The remediation gives the https:// URL for the field in the input's format: an API field of
#   the request, a CloudFormation property path, a Terraform attribute (quoted), an ACK spec field.
test_remediation_in_each_format if {
	_fixes(tg204.deny) == {concat("", [
		"In the CreateDomain request body, set DomainSettings.RStudioServerProDomainSettings.RStudioConnectUrl ",
		"to https://connect.internal:3939 and serve RStudio Connect there over TLS.",
	])} with input as _domain({"RStudioConnectUrl": "http://connect.internal:3939"})
	_fixes(tg204.deny) == {concat("", [
		"Set Properties.DomainSettings.RStudioServerProDomainSettings.RStudioPackageManagerUrl on Domain ",
		"to https://rspm.internal and serve RStudio Package Manager there over TLS.",
	])} with input as _template("http://rspm.internal")
	plan := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [{
		"address": "aws_sagemaker_domain.rstudio", "mode": "managed", "type": "aws_sagemaker_domain", "name": "rstudio",
		"change": {
			"actions": ["create"], "after": {"domain_settings": [{"r_studio_server_pro_domain_settings": [{
				"r_studio_connect_url": "http://connect.internal",
			}]}]},
			"after_unknown": {},
		},
	}]}
	_fixes(tg204.deny) == {concat("", [
		"Set domain_settings.r_studio_server_pro_domain_settings.r_studio_connect_url on aws_sagemaker_domain.rstudio ",
		"to \"https://connect.internal\" and serve RStudio Connect there over TLS.",
	])} with input as plan
	ack := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "Domain", "metadata": {"name": "biostat"},
		"spec": {"domainSettings": {"rStudioServerProDomainSettings": {"rStudioConnectURL": "http://connect.internal"}}},
	}
	_fixes(tg204.deny) == {concat("", [
		"Set spec.domainSettings.rStudioServerProDomainSettings.rStudioConnectURL in Domain/biostat ",
		"to https://connect.internal and serve RStudio Connect there over TLS.",
	])} with input as ack
}
