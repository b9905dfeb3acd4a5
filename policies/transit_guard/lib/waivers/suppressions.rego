# Inline suppressions: a waiver written on the resource itself, where the user writes it.
#
#   CloudFormation  Metadata: {transit-guard: {skip: [{id: TG101, reason: "...", expires: 2027-01-31}]}}
#                   (the shape of Checkov's Metadata: {checkov: {skip: [{id, comment}]}}, with a
#                   mandatory reason and an optional expiry)
#   Terraform       tags = {"transit-guard:skip:TG101" = "<reason> expires=2027-01-31"}, read from
#                   change.after.tags of the plan (a map, or awscc's list of {key, value})
#   ACK             metadata.annotations: {transit-guard.io/skip-TG101: "<reason> expires=2027-01-31"}
#
# A suppression covers findings of its rule on its own resource, and on the jobs of a pipeline
# or state machine definition that the resource embeds (findings named <resource>/<step>). It
# applies as a waiver does (lib/waivers): a finding it covers becomes an exception carrying it
# under suppression; past its expiry it stops applying, and each finding it would have covered is
# reported again with a TG000 warning naming it. A suppression without a reason, with an expiry
# that is not a date, or naming a rule that does not exist or cannot be suppressed (TG000, TG001)
# never applies, and is reported as a TG000 warning on its resource whether or not it matches a
# finding. SageMaker API bodies, pipeline and state machine documents take waivers only.
#
# The document's suppressions are gathered once (suppressions), keyed by resource and rule ID,
# and a finding looks its own up: a plan of tens of thousands of resources is read once, never
# once per finding. A document evaluated area by area (main/parts.rego) carries them in each part.
package transit_guard.lib.waivers

import data.transit_guard.lib.adapters.ack
import data.transit_guard.lib.document
import data.transit_guard.lib.plan
import data.transit_guard.lib.result
import data.transit_guard.lib.template

# METADATA
# description: >-
#   The rule IDs a suppression may name: every rule under data.transit_guard.rules except TG001
#   (a test compares it with the rule catalog; TG000 is lib/waivers itself).
suppressible := {
	"TG101", "TG102", "TG103", "TG104", "TG105", "TG106", "TG107",
	"TG201", "TG202", "TG203", "TG204",
	"TG301", "TG302",
	"TG401", "TG402",
	"TG501",
	"TG601",
}

_cfn_key := "transit-guard"

_tag_prefix := "transit-guard:"

_tag_skip := "transit-guard:skip:"

_annotation_prefix := "transit-guard.io/"

_annotation_skip := "transit-guard.io/skip-"

_none := {"by_resource": {}, "invalid": set()}

# METADATA
# description: >-
#   The document's suppressions, computed once: by_resource maps a resource and a rule ID to the
#   suppressions that may apply ([{id, resource, path, input_kind, reason, expires}], in the
#   order written); invalid holds those that never apply, each with its problem. From the parts
#   when a large document was evaluated area by area.
suppressions := merged if {
	_merging
	parts := [part.suppressions | some part in data.transit_guard_part.parts; is_object(part.suppressions)]
	count(parts) > 0
	merged := {
		"by_resource": object.union_n([part.by_resource | some part in parts]),
		"invalid": {entry | some part in parts; some entry in part.invalid},
	}
} else := _none if {
	_merging
} else := {
	"by_resource": {resource: by_id |
		some resource, entries in _declared
		valid := [entry | some entry in entries; not entry.problem]
		count(valid) > 0
		by_id := {id: [entry | some entry in valid; entry.id == id] | some id in {entry.id | some entry in valid}}
	},
	"invalid": {entry | some entries in _declared; some entry in entries; entry.problem},
}

_merging if is_array(data.transit_guard_part.parts)

# Every suppression written in the document, valid or not, by the resource that carries it.
default _declared := {}

_declared := _declared_terraform if document.kind == "terraform_plan"

_declared := _declared_cloudformation if document.kind == "cloudformation"

_declared := _declared_ack if document.kind == "ack"

# A comprehension over the plan's changes, not a partial object rule, which OPA's evaluator
# builds in time growing with the square of the plan (see lib/plan.changes).
_declared_terraform := {address: entries | # regal ignore:prefer-set-or-object-rule
	some address, change in plan.changes
	tags := change.change.after.tags
	entries := _tag_entries(address, tags)
	count(entries) > 0
}

# The Terraform AWS provider's tags: a map; the awscc provider's: a list of {key, value}.
_tag_entries(address, tags) := [entry |
	some key, value in tags
	startswith(key, _tag_prefix)
	entry := _text_entry(
		{"resource": address, "input_kind": "terraform_plan", "path": concat("", ["tags[\"", key, "\"]"])},
		_tag_rule(key), value,
	)
] if {
	is_object(tags)
} else := [entry |
	some index, tag in tags
	startswith(tag.key, _tag_prefix)
	entry := _text_entry(
		{"resource": address, "input_kind": "terraform_plan", "path": concat("", ["tags[", format_int(index, 10), "]"])},
		_tag_rule(tag.key), object.get(tag, "value", null),
	)
] if {
	is_array(tags)
}

_tag_rule(key) := _named(key, _tag_skip)

_declared_cloudformation[id] := _cfn_entries(id, resource.Metadata[_cfn_key]) if {
	some id, resource in template.resources
	is_object(resource.Metadata)
	_cfn_key in object.keys(resource.Metadata)
}

_cfn_where(id, path) := {"resource": id, "input_kind": "cloudformation", "path": path}

_cfn_entries(id, block) := [entry |
	some index, item in block.skip
	entry := _cfn_entry(_cfn_where(id, concat("", ["Metadata.", _cfn_key, ".skip[", format_int(index, 10), "]"])), item)
] if {
	is_array(block.skip)
} else := [object.union(
	_cfn_where(id, concat("", ["Metadata.", _cfn_key])),
	{"problem": "it is not {skip: [{id, reason, expires}, ...]}"},
)]

_cfn_entry(where, item) := _checked(object.union(where, object.filter(item, ["id", "reason", "expires"]))) if {
	is_object(item)
	is_string(item.id)
} else := object.union(where, {"problem": "it is not an entry {id, reason, expires}"})

_declared_ack[ack.resource] := entries if {
	annotations := input.metadata.annotations
	is_object(annotations)
	entries := [entry |
		some key, value in annotations
		startswith(key, _annotation_prefix)
		rule := _annotation_rule(key)
		entry := _text_entry(
			{"resource": ack.resource, "input_kind": "ack", "path": concat("", ["metadata.annotations[\"", key, "\"]"])},
			rule, value,
		)
	]
	count(entries) > 0
}

_annotation_rule(key) := _named(key, _annotation_skip)

# The rule a key names after its prefix (null when it names none).
_named(key, prefix) := trim_prefix(key, prefix) if {
	startswith(key, prefix)
	key != prefix
} else := null

# A tag or annotation: the rule from its key, and "<reason> expires=YYYY-MM-DD" (or the reason
# alone) as its value. AWS tag values allow letters, digits, spaces and _ . : / = + - @ only.
_text_entry(where, null, _) := object.union(where, {"problem": _key_problem[where.input_kind]})

_text_entry(where, rule, value) := object.union(where, {"problem": "its value is not known until apply"}) if {
	is_string(rule)
	is_null(value)
}

_text_entry(where, rule, value) := object.union(where, {"id": rule, "problem": "its value is not text"}) if {
	is_string(rule)
	not is_null(value)
	not is_string(value)
}

_text_entry(where, rule, value) := _checked(object.union_n([where, {"id": rule}, _parse_text(value)])) if {
	is_string(rule)
	is_string(value)
}

_key_problem := {
	"terraform_plan": "its key is not transit-guard:skip:<rule ID>",
	"ack": "its key is not transit-guard.io/skip-<rule ID>",
}

# The expiry is the text after the last "expires=", the reason what comes before it.
_parse_text(value) := {"reason": trim_space(value)} if {
	not contains(value, "expires=")
} else := {
	"reason": trim_space(concat("expires=", array.slice(parts, 0, count(parts) - 1))),
	"expires": trim_space(parts[count(parts) - 1]),
} if {
	parts := split(value, "expires=")
}

# A suppression as written, with its problem when it can never apply.
_checked(entry) := object.union(entry, {"problem": problem}) if {
	problem := _problem(entry)
} else := entry

_problem(entry) := concat("", [
	entry.id, " cannot be suppressed (it reports on waivers and suppressions themselves)",
]) if {
	entry.id == "TG000"
} else := "TG001 cannot be suppressed (nothing was checked)" if {
	entry.id == "TG001"
} else := concat("", ["it names ", entry.id, ", which is not a rule (transit-guard rules lists them)"]) if {
	not suppressible[entry.id]
} else := "it has no reason" if {
	not _has_reason(entry)
} else := concat("", ["its expiry ", entry.expires, " is not a date written YYYY-MM-DD"]) if {
	is_string(entry.expires)
	not _is_date(entry.expires)
} else := "its expiry is not a date written YYYY-MM-DD" if {
	"expires" in object.keys(entry)
	not is_string(entry.expires)
}

_has_reason(entry) if {
	is_string(entry.reason)
	trim_space(entry.reason) != ""
}

# A calendar date written YYYY-MM-DD (2027-02-30 is not one).
_is_date(text) if {
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, text)
	[year, month, day] := split(text, "-")
	_day_numbers[day] <= _month_days(year, month)
}

_day_numbers[_two_digits(n)] := n if some n in numbers.range(1, 31)

_two_digits(n) := concat("", ["0", format_int(n, 10)]) if n < 10

else := format_int(n, 10)

_month_days(year, "02") := 29 if {
	_leap(to_number(concat("", ["1", year])) - 10000)
} else := 28

_month_days(_, month) := days if {
	month != "02"
	days := {
		"01": 31, "03": 31, "04": 30, "05": 31, "06": 30, "07": 31,
		"08": 31, "09": 30, "10": 31, "11": 30, "12": 31,
	}[month]
}

_leap(year) if {
	year % 4 == 0
	year % 100 != 0
}

_leap(year) if year % 400 == 0

# The resources whose suppressions may cover a finding: its own, and for a job of an embedded
# pipeline or state machine definition (<resource>/<step>), the resource that holds it.
_carriers(resource) := [resource] if {
	not contains(resource, "/")
} else := array.concat([resource], [concat("/", array.slice(parts, 0, n)) |
	parts := split(resource, "/")
	some n in numbers.range(1, count(parts) - 1)
])

_suppressions_of(finding) := [entry |
	_any_suppression
	some resource in _carriers(finding.resource)
	some entry in suppressions.by_resource[resource][finding.id]
]

# Without an expiry a suppression applies without a date; with one, as a waiver does (waivers.rego).
_suppression_in_force(entry) if not "expires" in object.keys(entry)

_suppression_in_force(entry) if _in_force(entry)

# METADATA
# description: The first suppression in force that covers the finding (undefined if none).
suppression(finding) := in_force[0] if {
	in_force := [entry | some entry in _suppressions_of(finding); _suppression_in_force(entry)]
	count(in_force) > 0
}

_suppression_summary(entry) := object.remove(entry, ["input_kind"])

# TG000 for each suppression past its expiry and each of the findings it matches and that no
# waiver or suppression in force covers.
_expired_suppressions(findings) := {result.finding(rego.metadata.chain(), _expired_suppression_facts(entry, finding)) |
	_any_suppression
	some finding in findings
	some entry in _suppressions_of(finding)
	_expired(entry)
	not waived(finding)
}

_expired_suppression_facts(entry, finding) := {
	"text": concat("", [
		"the suppression of ", finding.id, " for ", finding.resource, " (", entry.path, _carrier(entry, finding),
		") expired on ", entry.expires, ", so its finding is reported again",
	]),
	"remediation": concat("", [
		"Fix what ", finding.id, " reports for ", finding.resource, " and delete ", entry.path, " from ",
		entry.resource, "; or, if its reason still holds, renew it: give it a later expiry date.",
	]),
	"resource": finding.resource,
	"input_kind": finding.input_kind,
	"path": entry.path,
	"expired_suppression": _suppression_summary(entry),
}

# The resource that carries the suppression, when it is not the finding's own (an embedded job).
_carrier(entry, finding) := "" if entry.resource == finding.resource

else := concat("", [" of ", entry.resource])

# TG000 for each suppression that can never apply, whether or not it matches a finding.
_invalid_suppressions contains result.finding(rego.metadata.chain(), _invalid_facts(entry)) if {
	some entry in suppressions.invalid
}

_invalid_facts(entry) := {
	"text": concat("", ["the suppression ", entry.path, " of ", entry.resource, " does not apply: ", entry.problem]),
	"remediation": concat("", [
		"Correct ", entry.path, " of ", entry.resource, " or delete it: a suppression is ",
		_shape[entry.input_kind], " (the expiry is optional), naming a rule that transit-guard rules lists ",
		"(not TG000 or TG001).",
	]),
	"resource": entry.resource,
	"input_kind": entry.input_kind,
	"path": entry.path,
	"invalid_suppression": object.filter(entry, ["id", "path", "problem"]),
}

_shape := {
	"cloudformation": "an entry {id: <rule ID>, reason: <why>, expires: YYYY-MM-DD} of Metadata.transit-guard.skip",
	"terraform_plan": "a tag transit-guard:skip:<rule ID> whose value is \"<why> expires=YYYY-MM-DD\"",
	"ack": "an annotation transit-guard.io/skip-<rule ID> whose value is \"<why> expires=YYYY-MM-DD\"",
}
