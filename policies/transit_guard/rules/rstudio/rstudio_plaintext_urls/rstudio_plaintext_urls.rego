# METADATA
# title: RStudio Connect and Package Manager are reached over HTTPS
# description: >-
#   A domain's RStudio Connect URL and RStudio Package Manager URL are what RStudio users publish
#   to and install packages from; an http:// URL sends that traffic, credentials included, in
#   plain text. Denied.
# custom:
#   id: TG204
#   severity: HIGH
#   remediation: >-
#     Serve RStudio Connect and RStudio Package Manager over TLS and set RStudioConnectUrl and
#     RStudioPackageManagerUrl (Terraform: r_studio_connect_url, r_studio_package_manager_url) to
#     their https:// URLs.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, ack]
package transit_guard.rules.rstudio.rstudio_plaintext_urls

import data.transit_guard.lib.result
import data.transit_guard.lib.rstudio

# METADATA
# description: RStudio Connect and Package Manager URLs that are http://.
deny contains result.finding(rego.metadata.chain(), {
	"text": concat("", [
		_label(url.path), " of ", url.resource, " (", url.path, ") is ", url.value,
		": its traffic is not encrypted",
	]),
	"remediation": concat("", [
		rstudio.setting(url, _quoted(url, _https(url.value))), " and serve ", _service(url.path),
		" there over TLS.",
	]),
	"resource": url.resource,
	"input_kind": url.input_kind,
	"path": url.path,
}) if {
	some url in rstudio.urls
	startswith(lower(trim_space(url.value)), "http://")
}

_label(path) := "RStudio Connect URL" if contains(lower(path), "connect")

else := "RStudio Package Manager URL"

# The URL with https:// in place of http://.
_https(value) := concat("", ["https://", substring(trimmed, 7, -1)]) if {
	trimmed := trim_space(value)
}

# Terraform writes strings in quotes.
_quoted(url, text) := concat("", ["\"", text, "\""]) if url.input_kind == "terraform_plan"

else := text

_service(path) := "RStudio Connect" if contains(lower(path), "connect")

else := "RStudio Package Manager"
