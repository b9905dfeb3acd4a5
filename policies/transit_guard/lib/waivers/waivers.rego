# METADATA
# title: Waivers are renewed before they expire
# description: >-
#   Waivers arrive as data under data.transit_guard_config.waivers, with the date of the run as
#   data.transit_guard_config.today (YYYY-MM-DD, UTC: the caller's clock, since WebAssembly has
#   none). A waiver names a rule ID, a resource (exactly, or as a pattern where * matches any
#   characters and ? one), a reason and the last day it applies. A finding that a waiver in force matches
#   moves to the exceptions. A waiver past its expiry date no longer applies: each finding it
#   would have waived is reported again, together with this rule's warning (TG000) on the same
#   resource, which names the waiver. Without a date no waiver applies, so an engine that is not
#   given one reports every finding. Suppressions written on a resource (CloudFormation
#   Metadata transit-guard skip entries, Terraform tags transit-guard:skip:<rule ID>, ACK
#   annotations transit-guard.io/skip-<rule ID>) apply to that resource's findings in the same
#   way, with a mandatory reason and an optional expiry; an expired one is reported as a waiver
#   is, and one that can never apply (no reason, an expiry that is not a date, a rule that does
#   not exist or is TG000 or TG001) is a TG000 warning on its resource.
# custom:
#   id: TG000
#   severity: MEDIUM
#   remediation: >-
#     Fix what the waived finding reports, or renew the waiver or suppression with a new expiry
#     date and a reason that still holds; delete those that are no longer needed, and correct or
#     delete a suppression that cannot apply.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, pipeline_definition, step_functions, ack]
package transit_guard.lib.waivers

import data.transit_guard.lib.result
import data.transit_guard.lib.wildcard

_today := today if {
	today := data.transit_guard_config.today
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, today)
}

# The waivers by position in the caller's list; an entry of the wrong shape is never applied.
_waivers[index] := waiver if {
	some index, waiver in data.transit_guard_config.waivers
	is_string(waiver.id)
	is_string(waiver.resource)
	is_string(waiver.expires)
}

# The expiry date is the last day a waiver applies (dates compare as strings).
_in_force(waiver) if waiver.expires >= _today

_expired(waiver) if waiver.expires < _today

# TG000 (about the waivers themselves) and TG001 (input of no kind the policies can check) are
# never waived: a waiver naming either never applies and never expires into a TG000, since it
# could otherwise hide that a waiver lapsed or that nothing was checked.
_unwaivable := {"TG000", "TG001"}

_matches(waiver, finding) if {
	waiver.id == finding.id
	not finding.id in _unwaivable
	waiver.resource == finding.resource
}

_matches(waiver, finding) if {
	waiver.id == finding.id
	not finding.id in _unwaivable
	wildcard.match(waiver.resource, finding.resource)
}

# METADATA
# description: The position of the first waiver in force that matches the finding (undefined if none).
waiver_index(finding) := min({index |
	some index, waiver in _waivers
	_in_force(waiver)
	_matches(waiver, finding)
})

# METADATA
# description: A waiver in force, or a suppression in force on the finding's resource, covers the finding.
# scope: document
waived(finding) if {
	_any_waiver
	waiver_index(finding)
}

waived(finding) if {
	_any_suppression
	suppression(finding)
}

# Without a waiver or a suppression, no finding is matched against any (waived is asked several
# times of every finding).
_any_waiver if count(_waivers) > 0

_any_suppression if count(suppressions.by_resource) > 0

# METADATA
# description: >-
#   A waiver or a suppression is given, valid or not: else no finding is waived and none expired
#   (the findings need not be looked at).
# scope: document
given if _any_waiver

given if _any_suppression

given if count(suppressions.invalid) > 0

# METADATA
# description: >-
#   The finding as an exception, with the waiver that covers it under waiver; or, when no waiver
#   does, the suppression that covers it under suppression (suppressions.rego).
exception(finding) := object.union(finding, {"waiver": _summary(index, _waivers[index])}) if {
	index := waiver_index(finding)
} else := object.union(finding, {"suppression": _suppression_summary(entry)}) if {
	entry := suppression(finding)
}

# METADATA
# description: >-
#   TG000 warnings: one for each waiver or suppression past its expiry date and each of the given
#   findings that it matches and that no waiver or suppression in force covers; and one for each
#   suppression of the document that can never apply (suppressions.rego).
expired(findings) := (_expired_waivers(findings) | _expired_suppressions(findings)) | _invalid_suppressions

# The expired waivers first: without one, no finding is looked at.
_expired_waivers(findings) := {result.finding(rego.metadata.chain(), _expired_facts(index, waiver, finding)) |
	some index, waiver in _waivers
	_expired(waiver)
	some finding in findings
	_matches(waiver, finding)
	not waived(finding)
}

_expired_facts(index, waiver, finding) := {
	"text": concat("", [
		"the waiver of ", finding.id, " for ", finding.resource, " (waivers[", format_int(index, 10), "]",
		_pattern(waiver, finding), ") expired on ", waiver.expires, ", so its finding is reported again",
	]),
	"remediation": concat("", [
		"Fix what ", finding.id, " reports for ", finding.resource, " and delete waivers[", format_int(index, 10),
		"] (id: ", waiver.id, ", resource: ", waiver.resource, ") from the waivers file; or, if its reason ",
		"still holds, renew it: set waivers[", format_int(index, 10), "].expires to a later date.",
	]),
	"resource": finding.resource,
	"input_kind": finding.input_kind,
	"path": concat("", ["waivers[", format_int(index, 10), "].expires"]),
	"expired_waiver": _summary(index, waiver),
}

# The waiver's pattern, when it is not the resource itself.
_pattern(waiver, finding) := "" if waiver.resource == finding.resource

else := concat("", [": ", waiver.resource])

_summary(index, waiver) := {
	"index": index,
	"id": waiver.id,
	"resource": waiver.resource,
	"reason": object.get(waiver, "reason", ""),
	"expires": waiver.expires,
}
