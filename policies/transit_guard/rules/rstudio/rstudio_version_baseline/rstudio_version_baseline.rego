# METADATA
# title: RStudio runs a version that encrypts RStudioServerPro-RSession traffic
# description: >-
#   RStudio on SageMaker encrypts the traffic between the RStudioServerPro app and the RSession
#   apps only from version 2022.02.2-485.pro2. An RStudioServerPro or RSession image (a domain's
#   default, a user profile's, an app's) of an older version is denied; an image that shows only
#   2022.02 (rstudio-workbench-2022.02) may be older or newer and is warned about.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sagemaker/latest/dg/rstudio-version.html
#     description: RStudio versioning
# custom:
#   id: TG201
#   severity: HIGH
#   remediation: >-
#     Set the RStudioServerPro image (the domain's RStudioServerProDomainSettings
#     DefaultResourceSpec.SageMakerImageArn) and every RSession image (the default user settings',
#     user profiles' and apps' RSessionAppSettings DefaultResourceSpec.SageMakerImageArn) to an
#     rstudio-workbench image of 2022.02.2-485.pro2 or later, then recreate the RStudioServerPro
#     app and every RSession app: the upgrade is not backward compatible.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, ack]
package transit_guard.rules.rstudio.rstudio_version_baseline

import data.transit_guard.lib.result
import data.transit_guard.lib.rstudio

# METADATA
# description: RStudio images older than the baseline.
deny contains result.finding(rego.metadata.chain(), _facts(
	image, version, concat("", [
		", older than ", rstudio.baseline, ", which RStudioServerPro-RSession traffic encryption needs",
	]),
	"HIGH",
)) if {
	some image in rstudio.images
	image.state == "known"
	version := rstudio.version(image.value)
	rstudio.side(version) == "before"
}

# METADATA
# description: RStudio images that show only 2022.02, which may be older or newer than the baseline.
warn contains result.finding(rego.metadata.chain(), _facts(
	image, version, concat("", [
		" with the patch version unknown, so it may be older than ", rstudio.baseline,
		", which RStudioServerPro-RSession traffic encryption needs",
	]),
	"MEDIUM",
)) if {
	some image in rstudio.images
	image.state == "known"
	version := rstudio.version(image.value)
	rstudio.side(version) == "at"
}

_facts(image, version, why, severity) := {
	"text": concat("", [
		rstudio.labels[image.role], " image of ", image.resource, " (", image.path, ") is RStudio ",
		version.text, why,
	]),
	"severity": severity,
	"remediation": concat("", [
		rstudio.setting(image, concat("", ["an rstudio-workbench image of RStudio ", rstudio.baseline, " or later"])),
		", then recreate the RStudioServerPro app and every RSession app of the domain: the upgrade is ",
		"not backward compatible, so every RStudio image of the domain must be on it.",
	]),
	"resource": image.resource,
	"input_kind": image.input_kind,
	"path": image.path,
	"version": version.text,
}
