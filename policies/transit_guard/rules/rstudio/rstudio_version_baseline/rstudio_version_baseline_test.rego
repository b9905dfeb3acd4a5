# METADATA
# title: TG201 tests
# description: >-
#   RStudio images older than 2022.02.2-485.pro2 deny, images that show only 2022.02 warn, newer
#   ones pass, in API bodies, CloudFormation, Terraform plans and ACK manifests.
package transit_guard.rules.rstudio.rstudio_version_baseline_test

import data.transit_guard.rules.rstudio.rstudio_version_baseline as tg201

_image(version) := concat("", ["arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-", version])

_domain(server, session) := {
	"DomainName": "biostat",
	"AuthMode": "IAM",
	"DomainSettings": {"RStudioServerProDomainSettings": {
		"DomainExecutionRoleArn": "arn:aws:iam::123456789012:role/rstudio",
		"DefaultResourceSpec": {"SageMakerImageArn": server},
	}},
	"DefaultUserSettings": {"RSessionAppSettings": {"DefaultResourceSpec": {"SageMakerImageArn": session}}},
}

# METADATA
# description: The findings of TG201 among findings, as [resource, path, severity].
_facts(findings) := {[f.resource, f.path, f.severity] | some f in findings; f.id == "TG201"}

_app(image) := {"AppName": "geo", "AppType": "RSessionGateway", "ResourceSpec": {"SageMakerImageArn": image}}

_server_path := "DomainSettings.RStudioServerProDomainSettings.DefaultResourceSpec.SageMakerImageArn"

_session_path := "DefaultUserSettings.RSessionAppSettings.DefaultResourceSpec.SageMakerImageArn"

# METADATA
# description: A CreateDomain body with 2021.09 images is denied for both images, with the version in the message.
test_denied_api_domain_2021 if {
	doc := _domain(_image("2021.09"), _image("2021.09"))
	_facts(tg201.deny) == {["biostat", _server_path, "HIGH"], ["biostat", _session_path, "HIGH"]} with input as doc
	tg201.warn == set() with input as doc
	some finding in tg201.deny with input as doc
	finding.path == _server_path
	finding.msg == concat("", [
		"TG201: RStudioServerPro image of biostat (", _server_path, ") is RStudio 2021.09, older than ",
		"2022.02.2-485.pro2, which RStudioServerPro-RSession traffic encryption needs",
	])
	finding.version == "2021.09"
	finding.input_kind == "sagemaker_api"
}

# METADATA
# description: >-
#   An image that shows only 2022.02 warns (MEDIUM): its patch may be older than the baseline.
test_denied_api_domain_2022_02_warns if {
	doc := _domain(_image("2022.02"), _image("2025.05-sagemaker-1.0"))
	tg201.deny == set() with input as doc
	_facts(tg201.warn) == {["biostat", _server_path, "MEDIUM"]} with input as doc
}

# METADATA
# description: Images of 2024.04 and 2025.05 pass.
test_allowed_api_domain_new if {
	doc := _domain(_image("2024.04"), _image("2025.05-sagemaker-1.0"))
	tg201.deny == set() with input as doc
	tg201.warn == set() with input as doc
}

# METADATA
# description: >-
#   Full version strings compare by patch, build and pro: 2022.02.1 and 2022.02.2-484.pro9 are
#   older; 2022.02.2-485.pro2 itself and 2024.04.2+764.pro1 are not.
test_denied_full_version_strings if {
	_facts(tg201.deny) == {["geo", "ResourceSpec.SageMakerImageArn", "HIGH"]}
		with input as _app("arn:aws:sagemaker:us-east-1:123456789012:image/rsession-2022.02.1-461.pro1")
	_facts(tg201.deny) == {["geo", "ResourceSpec.SageMakerImageArn", "HIGH"]}
		with input as _app("arn:aws:sagemaker:us-east-1:123456789012:image/rsession-2022.02.2-484.pro9")
	tg201.deny == set() with input as _app("arn:aws:sagemaker:us-east-1:123456789012:image/rsession-2022.02.2-485.pro2")
	tg201.deny == set() with input as _app("arn:aws:sagemaker:us-east-1:123456789012:image/rsession-2024.04.2+764.pro1")
	tg201.warn == set() with input as _app("arn:aws:sagemaker:us-east-1:123456789012:image/rsession-2024.04.2+764.pro1")
}

# METADATA
# description: A Terraform plan's RSession default image of 2021.09 is denied at its snake_case path.
test_denied_plan_session_image if {
	doc := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [{
		"address": "aws_sagemaker_domain.rstudio",
		"mode": "managed",
		"type": "aws_sagemaker_domain",
		"name": "rstudio",
		"change": {
			"actions": ["create"], "after": {
				"domain_settings": [
					{
						"r_studio_server_pro_domain_settings": [
							{"default_resource_spec": [{"sagemaker_image_arn": _image("2025.05")}]},
						],
					},
				],
				"default_user_settings": [
					{
						"r_session_app_settings": [
							{"default_resource_spec": [{"sagemaker_image_arn": _image("2021.09")}]},
						],
					},
				],
			},
			"after_unknown": {},
		},
	}]}
	_facts(tg201.deny) == {[
		"aws_sagemaker_domain.rstudio",
		"default_user_settings.r_session_app_settings.default_resource_spec.sagemaker_image_arn", "HIGH",
	]} with input as doc
}

# METADATA
# description: Either branch of a CloudFormation Fn::If counts; a parameter default is read.
test_denied_cfn_branches_and_parameters if {
	doc := {
		"Parameters": {"SessionImage": {"Type": "String", "Default": _image("2021.09")}},
		"Conditions": {"Legacy": {"Fn::Equals": ["a", "b"]}},
		"Resources": {
			"Domain": {"Type": "AWS::SageMaker::Domain", "Properties": {
				"DomainSettings": {"RStudioServerProDomainSettings": {"DefaultResourceSpec": {
					"SageMakerImageArn": {"Fn::If": ["Legacy", _image("2021.09"), _image("2025.05")]},
				}}},
				"DefaultUserSettings": {
					"RSessionAppSettings": {"DefaultResourceSpec": {"SageMakerImageArn": {"Ref": "SessionImage"}}},
				},
			}},
		},
	}
	_facts(tg201.deny) == {
		["Domain", concat(".", ["Properties", _server_path]), "HIGH"],
		["Domain", concat(".", ["Properties", _session_path]), "HIGH"],
	} with input as doc
}

# METADATA
# description: An ACK Domain reads sageMakerImageARN; an ACK App its resourceSpec.
test_denied_ack if {
	domain := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "Domain",
		"metadata": {"name": "biostat"},
		"spec": {
			"domainSettings": {
				"rStudioServerProDomainSettings": {"defaultResourceSpec": {"sageMakerImageARN": _image("2021.09")}},
			},
		},
	}
	_facts(tg201.deny) == {[
		"Domain/biostat",
		"spec.domainSettings.rStudioServerProDomainSettings.defaultResourceSpec.sageMakerImageARN", "HIGH",
	]} with input as domain
	app := {"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "App", "metadata": {"name": "server"}, "spec": {
		"appType": "RStudioServerPro", "resourceSpec": {
			"sageMakerImageVersionARN": concat("", [_image("2021.09"), "/1"]),
		},
	}}
	_facts(tg201.deny) == {["App/server", "spec.resourceSpec.sageMakerImageVersionARN", "HIGH"]} with input as app
}

# remediation

_later := "an rstudio-workbench image of RStudio 2022.02.2-485.pro2 or later, then recreate"

# The remediation of the finding at a path.
_fix(findings, path) := finding.remediation if {
	some finding in findings
	finding.path == path
}

# METADATA
# description: >-
#   The remediation names the API field of the request (a Describe output: of the UpdateDomain
#   request, with the ForUpdate spelling), and keeps METADATA's general advice out of it.
test_remediation_api if {
	doc := _domain(_image("2021.09"), _image("2025.05"))
	startswith(_fix(tg201.deny, _server_path), concat("", [
		"In the CreateDomain request body, set ", _server_path, " to ", _later,
	])) with input as doc
	describe := object.union(doc, {
		"DomainArn": "arn:aws:sagemaker:us-east-1:123456789012:domain/d-1",
		"Status": "InService",
	})
	startswith(_fix(tg201.deny, _server_path), concat("", [
		"In an UpdateDomain request for biostat, set ",
		"DomainSettingsForUpdate.RStudioServerProDomainSettingsForUpdate.DefaultResourceSpec.SageMakerImageArn to ",
		_later,
	])) with input as describe
	app := object.union(_app(_image("2021.09")), {
		"AppArn": "arn:aws:sagemaker:us-east-1:123456789012:app/d-1/u/x",
		"Status": "InService",
	})
	startswith(
		_fix(tg201.deny, "ResourceSpec.SageMakerImageArn"),
		"Delete app geo and create it again with ResourceSpec.SageMakerImageArn set to an rstudio-workbench image",
	) with input as app
}

# METADATA
# description: The remediation names the Terraform attribute path and the CloudFormation property path on the resource.
test_remediation_plan_and_template if {
	plan := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [{
		"address": "aws_sagemaker_domain.rstudio",
		"mode": "managed",
		"type": "aws_sagemaker_domain",
		"name": "rstudio",
		"change": {
			"actions": ["create"],
			"after": {"domain_settings": [{"r_studio_server_pro_domain_settings": [{"default_resource_spec": [{
				"sagemaker_image_arn": _image("2021.09"),
			}]}]}]},
			"after_unknown": {},
		},
	}]}
	tf_path := "domain_settings.r_studio_server_pro_domain_settings.default_resource_spec.sagemaker_image_arn"
	startswith(_fix(tg201.deny, tf_path), concat("", [
		"Set ", tf_path, " on aws_sagemaker_domain.rstudio to ", _later,
	])) with input as plan
	template := {"Resources": {"Domain": {"Type": "AWS::SageMaker::Domain", "Properties": {
		"DomainName": "biostat",
		"DomainSettings": {"RStudioServerProDomainSettings": {"DefaultResourceSpec": {
			"SageMakerImageArn": _image("2021.09"),
		}}},
	}}}}
	startswith(_fix(tg201.deny, concat(".", ["Properties", _server_path])), concat("", [
		"Set Properties.", _server_path, " on Domain to ", _later,
	])) with input as template
}

# METADATA
# description: The remediation names the ACK spec field.
test_remediation_ack if {
	domain := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "Domain",
		"metadata": {"name": "biostat"},
		"spec": {"domainSettings": {"rStudioServerProDomainSettings": {"defaultResourceSpec": {
			"sageMakerImageARN": _image("2021.09"),
		}}}},
	}
	path := "spec.domainSettings.rStudioServerProDomainSettings.defaultResourceSpec.sageMakerImageARN"
	startswith(_fix(tg201.deny, path), concat("", ["Set ", path, " in Domain/biostat to ", _later])) with input as domain
}
