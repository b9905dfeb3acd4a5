# METADATA
# title: Reading values that may be absent or unknown
# description: >-
#   Adapters read every fact through lookup, so an absent attribute, an attribute unknown until
#   apply and a present value are three distinct states, and a missing field can never silence a
#   finding.
package transit_guard.lib.values

# METADATA
# description: >-
#   The value at path in doc: {"state": "known", "value": v}, {"state": "unknown"} when any prefix
#   of path is true in unknowns (Terraform's after_unknown), or {"state": "absent"}.
lookup(doc, unknowns, path) := {"state": "known", "value": value} if {
	value := object.get(doc, path, null)
	value != null
} else := {"state": "unknown"} if {
	_unknown(unknowns, path)
} else := {"state": "absent"}

_unknown(unknowns, path) if {
	some n in numbers.range(1, count(path))

	# path is a list of keys and indices, which only object.get can follow
	# regal ignore:superfluous-object-get
	object.get(unknowns, array.slice(path, 0, n), false) == true
}

# METADATA
# description: A looked-up boolean flag as one of "true", "false", "absent", "unknown", "unresolvable".
flag_state(looked_up) := "true" if {
	looked_up.value == true
} else := "false" if {
	looked_up.value == false
} else := "unresolvable" if {
	looked_up.state == "known"
} else := looked_up.state

# METADATA
# description: >-
#   A looked-up count as a list of contributions to a total: [n] when known, ["unknown"] when
#   unknown at plan time or not a number, [] when absent.
contribution(looked_up) := [looked_up.value] if {
	is_number(looked_up.value)
} else := ["unknown"] if {
	looked_up.state != "absent"
} else := []

# METADATA
# description: >-
#   The total of count contributions: {"known": true, "total": n}, or {"known": false} when any
#   contribution is unknown or there is none at all (fail closed: treated as distributed).
total(parts) := {"known": true, "total": sum(parts)} if {
	count(parts) > 0
	every part in parts {
		is_number(part)
	}
} else := {"known": false}

# METADATA
# description: The largest of count contributions, as a contribution list ([] when there are none).
largest(parts) := [] if {
	count(parts) == 0
} else := [max(parts)] if {
	every part in parts {
		is_number(part)
	}
} else := ["unknown"]
