# A large document, area by area.
# The WebAssembly engine's memory grows with everything one evaluation computes, and is only
# returned between evaluations. A large document is therefore evaluated one rule area at a time
# (rules/<area>: encryption, data_paths, network ...): entrypoint part, with
# data.transit_guard_part.area naming the area, gives that area's findings and the inventory
# shares computed from the same resources; entrypoint decision, with the parts under
# data.transit_guard_part.parts and no input, gathers them into the document's decision.
# Rules do not read each other, so the findings are those of one evaluation of the whole
# document, and waivers, profiles and counts are applied here, to all of them at once.
package transit_guard.main

import data.transit_guard.lib.document
import data.transit_guard.lib.inventory
import data.transit_guard.lib.workloads

# METADATA
# description: The rule areas, in the order a large document is evaluated (input independent).
# entrypoint: true
areas := sort({area |
	some area, rules in data.transit_guard.rules
	some name, _ in rules
	not endswith(name, "_test")
})

# METADATA
# description: >-
#   One area's findings ([[area, rule, level], findings] pairs), with the inventory shares
#   counted beside it and the document's kind.
# entrypoint: true
part := {
	"input_kind": document.kind,
	"findings": array.concat(
		_area_findings(data.transit_guard_part.area, "deny"),
		_area_findings(data.transit_guard_part.area, "warn"),
	),
	"facts": _area_facts(data.transit_guard_part.area),
}

# Only the named area's rules are evaluated: the area is bound before the rule tree is read.
_area_findings(area, "deny") := [[[area, name, "deny"], findings] |
	some name
	findings := data.transit_guard.rules[area][name].deny
	not endswith(name, "_test")
]

_area_findings(area, "warn") := [[[area, name, "warn"], findings] |
	some name
	findings := data.transit_guard.rules[area][name].warn
	not endswith(name, "_test")
]

# Which inventory share is counted with which area: beside the rules that read the same
# resources, so that no part computes more than its rules do (parts_test checks that every
# share has an area and that the shares add up to the whole-document counts).
_area_facts("encryption") := {"workloads": count(workloads.found), "notes": workloads.notes}

_area_facts("data_paths") := {"buckets": inventory.buckets}

_area_facts("rstudio") := {"rstudio": inventory.rstudio_resources}

_area_facts("guardrails") := {"guardrails": inventory.guardrails}

_area_facts("fips") := {"vpc_endpoints": inventory.vpc_endpoints}

_area_facts(area) := {} if not area in _fact_areas

_fact_areas := {"encryption", "data_paths", "rstudio", "guardrails", "fips"}

_merging if is_array(data.transit_guard_part.parts)

_merged_findings[key] := findings if {
	some part in data.transit_guard_part.parts
	some [key, findings] in part.findings
}

_merged_facts := {
	"input_kind": data.transit_guard_part.parts[0].input_kind,
	"resources": sum([value |
		some part in data.transit_guard_part.parts
		some name in ["workloads", "rstudio", "guardrails", "vpc_endpoints"]
		value := object.get(part.facts, name, 0)
	]),
	"buckets": sum([object.get(part.facts, "buckets", 0) | some part in data.transit_guard_part.parts]),
	"notes": {note |
		some part in data.transit_guard_part.parts
		some note in object.get(part.facts, "notes", [])
	},
}
