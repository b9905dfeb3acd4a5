# METADATA
# title: RStudioServerPro and RSession run on the same side of the encryption baseline
# description: >-
#   The upgrade to RStudio 2022.02.2-485.pro2, from which RStudioServerPro-RSession traffic is
#   encrypted, is not backward compatible: every RStudioServerPro and RSession app of a domain
#   must be on it. An RStudioServerPro image and an RSession image of one domain (or of one
#   document, when a user profile or app does not say which domain it belongs to) on different
#   sides of that version are denied, the finding being on the older image.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sagemaker/latest/dg/rstudio-version.html
#     description: RStudio versioning
# custom:
#   id: TG203
#   severity: HIGH
#   remediation: >-
#     Upgrade the RStudioServerPro image and every RSession image (domain defaults, user profiles,
#     apps) to the same RStudio version, 2022.02.2-485.pro2 or later, and recreate the apps.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, ack]
package transit_guard.rules.rstudio.rstudio_mixed_versions

import data.transit_guard.lib.result
import data.transit_guard.lib.rstudio

# METADATA
# description: Older images of a domain whose other RStudio role runs a version at or after the baseline.
deny contains result.finding(rego.metadata.chain(), {
	"text": concat("", [
		rstudio.labels[older.role], " image of ", older.resource, " (", older.path, ") is RStudio ",
		rstudio.version(older.value).text, ", but the ", rstudio.labels[_other[older.role]], " image",
		_plural(newer), " of the same domain ", _are(newer), " ", concat(", ", newer),
		": the two are on different sides of ", rstudio.baseline, ", which is not backward compatible",
	]),
	"remediation": concat("", [
		rstudio.setting(older, concat("", [
			"an rstudio-workbench image of the same RStudio version as the ", rstudio.labels[_other[older.role]],
			" image", _plural(newer), " of ", concat(", ", newer),
		])),
		", then recreate the RStudioServerPro app and every RSession app of the domain: ",
		"the upgrade is not backward compatible.",
	]),
	"resource": older.resource,
	"input_kind": older.input_kind,
	"path": older.path,
}) if {
	some older in _sided("before")
	newer := sort({concat("", [image.resource, " (RStudio ", rstudio.version(image.value).text, ")"]) |
		some image in _sided("after")
		image.role == _other[older.role]
		rstudio.same_domain(older, image)
	})
	count(newer) > 0
}

_other := {"server": "session", "session": "server"}

_sided(side) := {image |
	some image in rstudio.images
	image.state == "known"
	rstudio.side(rstudio.version(image.value)) == side
}

_plural(items) := "s" if count(items) > 1

else := ""

_are(items) := "are" if count(items) > 1

else := "is"
