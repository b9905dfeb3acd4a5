# METADATA
# title: Terraform plan configuration (what the plan says about the code, not the values)
# description: >-
#   A plan's configuration section names what values alone cannot show: which provider
#   configuration a resource uses (provider_config_key), which other resources an attribute refers
#   to (expressions.<attribute>.references, e.g. a security group id unknown until apply), and the
#   provider settings (configuration.provider_config) with the root variables they refer to (the
#   plan's top-level variables). Resources in modules are matched by module path, type and name.
package transit_guard.lib.tfconfig

import data.transit_guard.lib.document
import data.transit_guard.lib.plan

# METADATA
# description: >-
#   Every resource block of the configuration with its module path: {"modules": ["a", "b"],
#   "block": {...}}. Blocks sit at root_module.resources[i] and at
#   module_calls.<name>.module.resources[i] to any depth.
configured := _by_levels if {
	not _deeper
} else := [item | some item in _by_walk]

# Module by module, to a depth of eight nested module calls: no walk over the whole
# configuration, whose [path, value] pairs the WebAssembly walk builds for every expression of
# every block (about a fifth of the evaluation's memory on a plan of 10 000 changes).
_by_levels := [{"modules": path, "block": block} |
	some level in [_level0, _level1, _level2, _level3, _level4, _level5, _level6, _level7, _level8]
	some [path, module] in level
	some block in _blocks_of(module)
]

_blocks_of(module) := [block |
	resources := object.get(module, "resources", [])
	is_array(resources)
	some block in resources
	is_string(block.type)
	is_string(block.name)
]

_level0 := [[[], module] | module := document.plan.configuration.root_module]

_level1 := _children(_level0)

_level2 := _children(_level1)

_level3 := _children(_level2)

_level4 := _children(_level3)

_level5 := _children(_level4)

_level6 := _children(_level5)

_level7 := _children(_level6)

_level8 := _children(_level7)

_deeper if count(_children(_level8)) > 0

# [module path, module] of the modules that the given modules call.
_children(modules) := [[array.concat(path, [name]), call.module] |
	some [path, module] in modules
	calls := object.get(module, "module_calls", {})
	is_object(calls)
	some name, call in calls
	is_object(call.module)
]

# Any depth, for configurations nested deeper than the levels above.
_by_walk contains {"modules": path, "block": resource} if {
	walk(document.plan.configuration.root_module, [at, resource])
	count(at) >= 2
	at[count(at) - 2] == "resources"
	is_number(at[count(at) - 1])
	_module_level(at)
	is_string(resource.type)
	is_string(resource.name)
	path := [at[i + 1] | some i, key in at; key == "module_calls"]
}

# Blocks keyed by module path, mode, type and name. A complete rule, computed once: a lookup in a
# partial object with a computed key would evaluate every block again (3.4 s of 7.7 s on a plan
# of 5 000 changes).
# regal ignore:prefer-set-or-object-rule
_blocks := {_key(item.modules, item.block.mode, item.block.type, item.block.name): item.block |
	some item in configured
}

# METADATA
# description: The full address of a configured block (module.a.module.b.type.name).
address(item) := concat(".", array.concat(
	[concat(".", ["module", name]) | some name in item.modules],
	[item.block.address],
))

# resources sits directly below root_module or below a module call's module.
_module_level(at) if count(at) == 2

_module_level(at) if at[count(at) - 3] == "module"

_key(modules, mode, type, name) := concat("|", [concat(".", modules), mode, type, name])

# METADATA
# description: >-
#   The module path of a resource change as a list of module names
#   (module.a.module.b[0].x.y -> ["a", "b"]).
modules(change) := [match[1] |
	address := object.get(change, "module_address", "")
	some match in regex.find_all_string_submatch_n(`module\.([A-Za-z0-9_-]+)`, address, -1)
]

# METADATA
# description: The configuration block of a resource change (expressions, provider_config_key), when the plan has it.
block(change) := _blocks[_key(modules(change), change.mode, change.type, change.name)]

# METADATA
# description: >-
#   The resource addresses (type.name, relative to the module) an expression of the change's
#   configuration refers to, for every expression whose key is name, at any depth (nested blocks
#   are lists in the configuration too).
references(change, name) := {ref | some [_, ref] in reference_sites(change, name)}

# METADATA
# description: >-
#   [path, reference] for every resource reference of the expressions whose key is name, with the
#   path of the expression as the plan's values spell it (vpc_config.security_group_ids).
reference_sites(change, name) := {[path, ref] |
	walk(block(change).expressions, [at, expression])
	count(at) > 0
	at[count(at) - 1] == name
	some reference in expression.references
	ref := _resource_reference(reference)
	path := concat(".", [key | some key in at; is_string(key)])
}

# "aws_security_group.a.id" and "aws_security_group.a" both name aws_security_group.a; data
# sources, variables, locals and module outputs are not resources of the plan's changes.
_resource_reference(reference) := concat(".", [parts[0], _unindexed(parts[1])]) if {
	parts := split(reference, ".")
	count(parts) >= 2
	not parts[0] in {"var", "local", "module", "data", "each", "count", "path", "terraform", "self"}
}

_unindexed(name) := split(name, "[")[0]

# METADATA
# description: >-
#   The resource changes (of the types the policies read) a reference type.name of the given
#   change's configuration names: every instance of that resource in the same module instance
#   (module.a["x"] refers to its own resources, not to those of module.a["y"]).
referenced(change, reference) := {address: plan.changes[address] |
	some address in object.get(_by_reference, _reference_key(change, reference), set())
}

_reference_key(change, reference) := concat("|", [object.get(change, "module_address", ""), reference])

# METADATA
# description: >-
#   The key under which a reference of the change's configuration finds its targets
#   (module instance and type.name), and the key under which a change is found: equal keys are
#   one reference and its target, whether or not both are in the document evaluated (slices,
#   main/slices.rego).
reference_key(change, reference) := _reference_key(change, reference)

# METADATA
# description: The key under which references find the change (see reference_key).
own_key(change) := _reference_key(change, concat(".", [change.type, change.name]))

# The addresses of the changes by module instance and type.name, grouped once in one pass. A
# complete rule: a lookup with a computed key into the partial rule, or a scan of the changes of a
# type per name, would evaluate again at every lookup (quadratic on large plans). The partial rule
# iterates the keys as strings, not the changes: OPA's evaluator slows down with the square of
# their number when a partial rule's body binds each whole change (16 s of a 50 000-resource plan).
# regal ignore:pointless-reassignment
_by_reference := _addresses_by_reference

_addresses_by_reference[key] contains address if some address, key in _reference_keys

# regal ignore:prefer-set-or-object-rule
_reference_keys := {address: own_key(change) |
	some address, change in plan.changes
}

# METADATA
# description: >-
#   The provider configuration key a resource uses ("aws", "aws.west", "module.x:aws"): from its
#   configuration block, or the default configuration of its provider when the plan has none.
provider_key(change) := key if {
	key := block(change).provider_config_key
} else := split(change.type, "_")[0]

# METADATA
# description: The provider configurations of the plan, by key.
provider_configs := object.get(document.plan, ["configuration", "provider_config"], {})

# METADATA
# description: >-
#   The value of a configuration expression: {"state": "known", "value": v} for a constant or a
#   root variable with a value, {"state": "absent"} when there is no expression, and
#   {"state": "unresolvable", "reference": r} for anything else (locals, other resources,
#   module variables).
expression_value(expression, module_address) := {"state": "absent"} if {
	expression == null
} else := {"state": "known", "value": expression.constant_value} if {
	"constant_value" in object.keys(expression)
	expression.constant_value != null
} else := {"state": "absent"} if {
	"constant_value" in object.keys(expression)
} else := {"state": "known", "value": variable} if {
	# Only a bare reference (var.x) is resolved; the plan does not show the expression around it.
	module_address == ""
	count(expression.references) == 1
	startswith(expression.references[0], "var.")
	variable := document.plan.variables[substring(expression.references[0], 4, -1)].value
	variable != null
} else := {"state": "unresolvable", "reference": concat(", ", expression.references)} if {
	is_array(expression.references)
} else := {"state": "unresolvable", "reference": "an expression"}

# METADATA
# description: Every resource address (type.name) any expression of the change's configuration refers to.
all_references(change) := {ref |
	walk(block(change).expressions, [_, expression])
	some reference in expression.references
	ref := _resource_reference(reference)
}
