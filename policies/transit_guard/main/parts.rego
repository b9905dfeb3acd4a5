# A large document, area by area.
# The WebAssembly engine's memory grows with everything one evaluation computes, and is only
# returned between evaluations. A large document is therefore evaluated in parts, each part a
# list of rule areas (rules/<area>: encryption, data_paths, network ...): entrypoint part, with
# data.transit_guard_part.areas naming the areas, gives their findings and the inventory shares
# computed from the same resources; entrypoint decision, with the parts under
# data.transit_guard_part.parts and no input, gathers them into the document's decision.
# Rules do not read each other, so the findings are those of one evaluation of the whole
# document, and waivers, profiles and counts are applied here, to all of them at once. Parts
# are independent evaluations: the loader may run them one after another or side by side.
package transit_guard.main

import data.transit_guard.lib.document
import data.transit_guard.lib.inventory
import data.transit_guard.lib.waivers
import data.transit_guard.lib.workloads

# METADATA
# description: >-
#   The rule areas, the costliest first (a loader that runs parts side by side starts the long
#   ones first), then by name (input independent).
# entrypoint: true
areas := [area | some [_, area] in sort(_ranked)]

# Each level is named in the reference, so that only deny and warn rules are read (see
# _evaluated in main.rego); a rule package may have either or both.
_ranked contains [0 - object.get(_cost, area, 1), area] if {
	some area, name
	_ = data.transit_guard.rules[area][name].deny
	not endswith(name, "_test")
}

_ranked contains [0 - object.get(_cost, area, 1), area] if {
	some area, name
	_ = data.transit_guard.rules[area][name].warn
	not endswith(name, "_test")
}

# Relative evaluation cost of the areas that read the most (measured on the generated mix plans
# of tooling/bench: the S3 data paths, then every job, then the jobs' security groups).
_cost := {"data_paths": 3, "encryption": 2, "network": 2}

# METADATA
# description: >-
#   The areas in two parts of about equal cost, for a document small enough that two evaluations
#   of the whole of it fit in memory: each part is evaluated once, and the two can run side by
#   side. Areas that read the same libraries share a part (encryption and network both read every
#   job). Every area is in exactly one part.
# entrypoint: true
area_groups := [
	[area | some area in areas; _job_areas[area]],
	[area | some area in areas; not _job_areas[area]],
]

_job_areas := {"encryption", "network", "guardrails"}

# METADATA
# description: >-
#   The findings of the areas named by data.transit_guard_part.areas ([[area, rule, level],
#   findings] pairs), with the inventory shares counted beside them and the document's kind.
# entrypoint: true
part := {
	"input_kind": document.kind,
	"findings": [pair |
		some area in data.transit_guard_part.areas
		some level in ["deny", "warn"]
		some pair in _area_findings(area, level)
	],
	"facts": object.union_n([_area_facts(area) | some area in data.transit_guard_part.areas]),
	# The document's inline suppressions (lib/waivers), which decision applies with the waivers.
	"suppressions": waivers.suppressions,
}

# Only the named areas' rules are evaluated: the area is bound before the rule tree is read.
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

# A rule's findings from every part that evaluated it: one part per area group, or, in slices,
# every slice (a change evaluated in more than one slice gives the same findings in each: one of
# each is kept). A complete object over the distinct keys: as a partial object rule, its body ran
# once per part and key, each time over every part (10 s for the 85 slices of a 1 000-change plan).
# regal ignore:prefer-set-or-object-rule
_merged_findings := {key: {finding |
	some part in data.transit_guard_part.parts
	some [other, findings] in part.findings
	other == key
	some finding in findings
} |
	some key in _part_keys
}

_part_keys contains key if {
	some part in data.transit_guard_part.parts
	some [key, _] in part.findings
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
