# METADATA
# title: RStudio's version can be verified
# description: >-
#   Where RStudio is enabled, the RStudio version decides whether RStudioServerPro-RSession
#   traffic is encrypted (TG201), so it must be visible: a domain with RStudio (or an update of
#   its RStudio settings) without an RStudioServerPro image ARN runs whatever version SageMaker
#   picks by default, an RStudio app without an image runs the domain's default, and an image
#   that is unknown until apply, cannot be resolved, or names no RStudio Workbench version cannot
#   be checked. A user profile without an image follows its domain and is not reported.
# custom:
#   id: TG202
#   severity: MEDIUM
#   remediation: >-
#     Pin the RStudio version: set DefaultResourceSpec.SageMakerImageArn of the domain's
#     RStudioServerProDomainSettings (and ResourceSpec.SageMakerImageArn of RStudio apps) to an
#     rstudio-workbench-<YYYY.MM> image ARN of 2022.02.2-485.pro2 or later, as a literal.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, ack]
package transit_guard.rules.rstudio.rstudio_version_unpinned

import data.transit_guard.lib.result
import data.transit_guard.lib.rstudio

# METADATA
# description: RStudio images that are not set, not known before deployment, or name no version.
warn contains result.finding(rego.metadata.chain(), {
	"text": concat("", [rstudio.labels[image.role], " image of ", image.resource, " ", _why(image)]),
	"remediation": concat("", [
		rstudio.setting(image, concat("", ["an rstudio-workbench image ARN of RStudio ", rstudio.baseline, " or later"])),
		_as_literal(image), ", so that the RStudio version can be verified before deployment.",
	]),
	"resource": image.resource,
	"input_kind": image.input_kind,
	"path": image.path,
}) if {
	some image in rstudio.images
	_unverifiable(image)
}

_unverifiable(image) if {
	image.state == "absent"
	image.kind != "app"
}

_unverifiable(image) if {
	image.state == "absent"
	image.kind == "app"
	not _domain_pins(image)
}

_unverifiable(image) if image.state in {"unknown", "runtime", "unresolvable"}

_unverifiable(image) if {
	image.state == "known"
	not rstudio.version(image.value)
}

# An app without an image runs its domain's default, which the document may pin.
_domain_pins(app) if {
	some image in rstudio.images
	image.kind in {"domain", "domain_update"}
	image.role == app.role
	image.state == "known"
	rstudio.version(image.value)
	rstudio.same_domain(image, app)
}

_why(image) := concat("", [
	"is not set (", image.path, "), so the RStudio version cannot be verified: ",
	"SageMaker uses its default version, which depends on when the domain was created",
]) if {
	image.state == "absent"
	image.kind == "domain"
} else := concat("", [
	"is not set by this update (", image.path, "), so the RStudio version cannot be verified",
]) if {
	image.state == "absent"
	image.kind == "domain_update"
} else := concat("", [
	"is not set (", image.path, "), so the app runs its domain's default RStudio version, ",
	"which this document does not show",
]) if {
	image.state == "absent"
} else := concat("", [
	"(", image.path, ") is unknown until it is deployed, so the RStudio version cannot be verified",
]) if {
	image.state == "unknown"
} else := concat("", [
	"(", image.path, ") cannot be resolved before deployment, so the RStudio version cannot be verified",
]) if {
	image.state in {"runtime", "unresolvable"}
} else := concat("", [
	"(", image.path, ") names no RStudio Workbench version (rstudio-workbench-YYYY.MM), ",
	"so the RStudio version cannot be verified",
])

# An image that cannot be read before deployment is fixed by making it readable.
_as_literal(image) := ", as a value known at plan time" if {
	image.state == "unknown"
} else := ", as a literal" if {
	image.state in {"runtime", "unresolvable"}
} else := ""
