# METADATA
# title: lib/rstudio tests
# description: Version parsing without semver, and which domain each RStudio resource belongs to.
package transit_guard.lib.rstudio_test

import data.transit_guard.lib.rstudio

# METADATA
# description: Image names give YYYY.MM; full version strings give every part; other values give nothing.
test_version if {
	image := "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0"
	rstudio.version(image) == {"text": "2025.05", "full": false, "month": 202505}
	rstudio.version("2023.03.2-547.pro5").number == 20230302054705
	rstudio.version("2024.04.2+764.pro1").text == "2024.04.2+764.pro1"
	not rstudio.version("arn:aws:sagemaker:us-east-1:123456789012:image/r-base")
	not rstudio.version(42)
}

# METADATA
# description: Sides of the baseline.
test_side if {
	rstudio.side(rstudio.version("rstudio-workbench-2021.09")) == "before"
	rstudio.side(rstudio.version("rstudio-workbench-2022.02")) == "at"
	rstudio.side(rstudio.version("rstudio-workbench-2022.03")) == "after"
	rstudio.side(rstudio.version("2022.02.2-485.pro1")) == "before"
	rstudio.side(rstudio.version("2022.02.2-485.pro2")) == "after"
}

_image := "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05"

# METADATA
# description: >-
#   Template user profiles and apps name their domain by Ref, GetAtt or a literal ID; a user
#   profile with RStudio settings is an RStudio resource.
test_cfn_domains if {
	doc := {"Resources": {
		"Domain": {
			"Type": "AWS::SageMaker::Domain",
			"Properties": {"DomainSettings": {"RStudioServerProDomainSettings": {}}},
		},
		"ByRef": {
			"Type": "AWS::SageMaker::App",
			"Properties": {
				"AppType": "RSessionGateway",
				"DomainId": {"Ref": "Domain"},
				"ResourceSpec": {"SageMakerImageArn": _image},
			},
		},
		"ByLiteral": {
			"Type": "AWS::SageMaker::UserProfile",
			"Properties": {
				"DomainId": "d-abc",
				"UserSettings": {"RSessionAppSettings": {"DefaultResourceSpec": {"SageMakerImageArn": _image}}},
			},
		},
		"Unknown": {
			"Type": "AWS::SageMaker::UserProfile",
			"Properties": {"DomainId": {"Fn::ImportValue": "domain"}, "UserSettings": {}},
		},
	}}
	{[image.resource, image.domain] | some image in rstudio.images; image.state == "known"} == {
		["ByRef", "Domain"],
		["ByLiteral", "d-abc"],
	}
		with input as doc
	rstudio.resources == {"Domain", "ByRef", "ByLiteral"} with input as doc
}

_change(address, type, after) := {
	"address": address,
	"mode": "managed",
	"type": type,
	"name": split(address, ".")[1],
	"change": {"actions": ["create"], "after": after, "after_unknown": {}},
}

# METADATA
# description: A Terraform user profile names its domain through the configuration, or a literal ID.
test_tf_domains if {
	profile := {
		"user_settings": [{"r_session_app_settings": [{"default_resource_spec": [{"sagemaker_image_arn": _image}]}]}],
	}
	doc := {
		"format_version": "1.2",
		"terraform_version": "1.11.4",
		"resource_changes": [
			_change("aws_sagemaker_domain.d", "aws_sagemaker_domain", {}),
			_change("aws_sagemaker_user_profile.a", "aws_sagemaker_user_profile", profile),
			_change(
				"aws_sagemaker_user_profile.b",
				"aws_sagemaker_user_profile",
				object.union(profile, {"domain_id": "d-abc"}),
			),
		],
		"configuration": {"root_module": {"resources": [{
			"address": "aws_sagemaker_user_profile.a", "mode": "managed", "type": "aws_sagemaker_user_profile", "name": "a",
			"expressions": {"domain_id": {"references": ["aws_sagemaker_domain.d.id", "aws_sagemaker_domain.d"]}},
		}]}},
	}
	{[image.resource, image.domain] | some image in rstudio.images} == {
		["aws_sagemaker_user_profile.a", "aws_sagemaker_domain.d"],
		["aws_sagemaker_user_profile.b", "d-abc"],
	} with input as doc
}

# METADATA
# description: An ACK app names its domain by domainID; the same-domain test treats an unknown domain as any.
test_ack_domain_and_same_domain if {
	app := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "App",
		"metadata": {"name": "a"},
		"spec": {"appType": "RSessionGateway", "domainID": "d-abc"},
	}
	{image.domain | some image in rstudio.images} == {"d-abc"} with input as app
	rstudio.same_domain({"domain": "d-abc"}, {"domain": "d-abc"})
	rstudio.same_domain({"domain": ""}, {"domain": "d-abc"})
	rstudio.same_domain({"domain": "d-abc"}, {"domain": ""})
	not rstudio.same_domain({"domain": "d-abc"}, {"domain": "d-xyz"})
}
