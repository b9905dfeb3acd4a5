# METADATA
# title: Reading a job body in any input format
# description: >-
#   Every format carries the SageMaker API's fields under its own spelling and indirections:
#   PascalCase in API bodies, pipeline steps, Step Functions parameters and CloudFormation;
#   snake_case with single nested blocks as one-element arrays in Terraform (objects for awscc);
#   camelCase in ACK manifests. Values may be indirect: a CloudFormation Ref to a parameter or an
#   Fn::If with two branches, a pipeline {"Get": "Parameters.X"}, a Step Functions "Key.$"
#   JSONPath, a Terraform value unknown until apply. read() follows an API path through all of
#   that and returns every value the path may take, so that a rule is written once, over API
#   paths, and an indirection can never silence a finding.
package transit_guard.lib.reader

# METADATA
# description: >-
#   A reading context: {"format": f} with f one of api, sfn, pipeline, cfn, tf, ack, plus
#   "unknowns" (tf: the resource's after_unknown), "parameters" (pipeline: name to default value
#   or null), "template" (cfn: the whole template).
context(format, extra) := object.union(extra, {"format": format})

# METADATA
# description: >-
#   The outcomes of reading an API path (a list of PascalCase keys and list indices) from node:
#   a set of {"state": "known", "value": v}, {"state": "absent"}, {"state": "unknown"} (unknown
#   until apply, or a parameter without a default), {"state": "runtime"} (a Step Functions
#   JSONPath) or {"state": "unresolvable"} (an expression that cannot be evaluated statically).
read(ctx, node, path) := {outcome |
	some item in _walk(ctx, [{"v": node, "u": _unknowns(ctx)}], path)
	some outcome in _leaf(ctx, item)
}

_unknowns(ctx) := object.get(ctx, "unknowns", false)

# Paths are at most eight keys deep (the deepest, a monitoring schedule's instance count, has five);
# Rego has no recursion, so the descent is unrolled.
_walk(ctx, items, path) := items8 if {
	count(path) <= 8
	items1 := _descend(ctx, items, path, 0)
	items2 := _descend(ctx, items1, path, 1)
	items3 := _descend(ctx, items2, path, 2)
	items4 := _descend(ctx, items3, path, 3)
	items5 := _descend(ctx, items4, path, 4)
	items6 := _descend(ctx, items5, path, 5)
	items7 := _descend(ctx, items6, path, 6)
	items8 := _descend(ctx, items7, path, 7)
}

_descend(_, items, path, i) := items if count(path) <= i

_descend(ctx, items, path, i) := [child |
	some item in items
	some once in _resolve(ctx, item)
	some resolved in _resolve(ctx, once)
	some child in _child(ctx, resolved, path[i])
] if {
	count(path) > i
}

# A final state stays what it is all the way down.
_child(_, item, _) := [item] if item.state

_child(ctx, item, key) := [_member(item, _spell(ctx, key))] if {
	not item.state
	is_object(item.v)
}

# Terraform writes a single nested block as a one-element list: an API key applied to a list
# means its first element.
_child(ctx, item, key) := [_member(first, _spell(ctx, key))] if {
	not item.state
	is_array(item.v)
	is_string(key)
	ctx.format == "tf"
	first := {"v": item.v[0], "u": _index(item.u, 0)}
	is_object(first.v)
}

_child(_, item, key) := [{"v": item.v[key], "u": _index(item.u, key)}] if {
	not item.state
	is_array(item.v)
	is_number(key)
	key < count(item.v)
}

_child(ctx, item, key) := [_missing(item.u)] if {
	not item.state
	not is_object(item.v)
	not _list_has(ctx, item.v, key)
}

_list_has(ctx, list, key) if {
	is_array(list)
	is_string(key)
	ctx.format == "tf"
	is_object(list[0])
}

_list_has(_, list, key) if {
	is_array(list)
	is_number(key)
	key < count(list)
}

_member(item, key) := {"v": item.v[key], "u": _index(item.u, key)} if {
	item.v[key] != null
} else := {"state": "runtime"} if {
	# Step Functions: "Key.$" takes the value from the state's input at run time.
	item.v[concat("", [key, ".$"])]
} else := _missing(_index(item.u, key))

_missing(unknown) := {"state": "unknown"} if unknown == true

else := {"state": "absent"}

# after_unknown mirrors after: true where a value is unknown, nested objects and lists elsewhere.
_index(unknown, key) if {
	unknown == true
} else := unknown[key] if {
	not is_boolean(unknown)
	unknown[key] != null
} else := false

# A leaf is resolved twice, so that an Fn::If branch that is itself a Ref still resolves.
_leaf(ctx, item) := [_final(twice) |
	some once in _resolve(ctx, item)
	some twice in _resolve(ctx, once)
]

_final(item) := item if item.state

_final(item) := {"state": "known", "value": item.v} if {
	not item.state
	not _empty(item.v)
}

# Terraform writes an unset nested block as [], and an unset attribute as null.
_final(item) := _missing(item.u) if {
	not item.state
	_empty(item.v)
}

_empty(null)

_empty([])

# Key spelling per format.
_spell(ctx, key) := key if ctx.format in {"api", "sfn", "pipeline", "cfn"}

_spell(ctx, key) := snake_case(key) if ctx.format == "tf"

_spell(ctx, key) := concat("", [lower(substring(key, 0, 1)), substring(key, 1, -1)]) if ctx.format == "ack"

# The keys the libraries read, in snake_case, computed once per evaluation: a regular expression
# per key and read costs the WebAssembly engine about 3 KB of memory it never returns, and a plan
# may have thousands of jobs. Other keys are converted when read. A comprehension, not a partial
# object rule: OPA's evaluator would evaluate a partial rule's body again for each key looked up.
_snake_cased := {key: _to_snake_case(key) | # regal ignore:prefer-set-or-object-rule
	some key in {
		"AlgorithmSpecification", "AppSpecification", "AutoMLJobConfig", "ClusterConfig", "DataQualityJobDefinition",
		"DefaultResourceSpec", "DefaultUserSettings", "DomainSettings", "EnableInterContainerTrafficEncryption",
		"HyperParameterTuningJob", "HyperParameterTuningResourceConfig", "ImageUri", "InstanceConfigs", "InstanceCount",
		"InstanceGroups", "InstancePlacementConfig", "InstancePreferences", "JobResources", "ModelBiasJobDefinition",
		"ModelExplainabilityJobDefinition", "ModelQualityJobDefinition", "MonitoringJobDefinition", "MonitoringResources",
		"MonitoringScheduleConfig", "NetworkConfig", "PlacementSpecifications", "ProcessingResources", "RSessionAppSettings",
		"RStudioConnectUrl", "RStudioPackageManagerUrl", "RStudioServerProAppSettings", "RStudioServerProDomainSettings",
		"ResourceConfig", "ResourceSpec", "SageMakerImageArn", "SageMakerImageVersionArn", "SecurityConfig",
		"TrainingImage", "TrainingJobDefinition", "TrainingJobDefinitions", "UserSettings",
	}
}

# METADATA
# description: >-
#   An API key in Terraform's snake_case
#   (EnableInterContainerTrafficEncryption -> enable_inter_container_traffic_encryption).
snake_case(key) := converted if {
	converted := _snake_cased[key]
} else := _to_snake_case(key)

_to_snake_case(key) := lower(concat("_", [match[0] |
	some match in regex.find_all_string_submatch_n(`[A-Z][a-z0-9]*|[a-z0-9]+`, key, -1)
]))

# Indirections, resolved once per level (an indirection inside a resolved branch is resolved
# again at the next level or at the leaf).
_resolve(ctx, item) := [item] if {
	not _indirect(ctx, item)
}

_resolve(ctx, item) := _cfn(ctx, item.v) if {
	_in_template(ctx)
	_intrinsic(item.v)
}

_resolve(ctx, item) := [_parameter(ctx, item.v.Get)] if {
	ctx.format == "pipeline"
	is_object(item.v)
	is_string(item.v.Get)
}

_indirect(ctx, item) if {
	_in_template(ctx)
	_intrinsic(item.v)
}

_indirect(ctx, item) if {
	ctx.format == "pipeline"
	is_object(item.v)
	is_string(item.v.Get)
}

# CloudFormation intrinsics resolve in a template, and in the pipeline or state machine
# definitions embedded in one.
_in_template(ctx) if ctx.format == "cfn"

_in_template(ctx) if count(object.get(ctx, "template", {})) > 0

_intrinsic(value) if {
	is_object(value)
	count(value) == 1
	some name, _ in value
	_is_intrinsic_name(name)
}

_is_intrinsic_name("Ref")

_is_intrinsic_name(name) if startswith(name, "Fn::")

# CloudFormation: Ref to a parameter is its Default (unknown without one); AWS::NoValue removes
# the property; Fn::If may take either branch; anything else is computed at deploy time.
_cfn(ctx, value) := [{"v": ctx.template.Parameters[value.Ref].Default, "u": false}] if {
	is_string(value.Ref)
	ctx.template.Parameters[value.Ref].Default != null
} else := [{"state": "absent"}] if {
	value.Ref == "AWS::NoValue"
} else := [{"state": "unknown"}] if {
	is_string(value.Ref)
	ctx.template.Parameters[value.Ref]
} else := [{"v": branch, "u": false} | some branch in array.slice(value["Fn::If"], 1, 3)] if {
	is_array(value["Fn::If"])
	count(value["Fn::If"]) == 3
} else := [{"state": "unresolvable"}]

# SageMaker Pipelines: {"Get": "Parameters.X"} is the parameter's DefaultValue; without one, or
# any other Get (step properties, execution variables), it is known only at run time.
_parameter(ctx, reference) := {"v": ctx.parameters[name], "u": false} if {
	startswith(reference, "Parameters.")
	name := substring(reference, count("Parameters."), -1)
	ctx.parameters[name] != null
} else := {"state": "unknown"}

# METADATA
# description: >-
#   A flag's state from the outcomes of reading it: "true" only when every possible value is
#   true (the strings "true"/"false" count as booleans, as CloudFormation reads them); otherwise
#   the worst of "false", "absent", "unknown", "runtime", "unresolvable".
flag_state(outcomes) := "true" if {
	count(outcomes) > 0
	every outcome in outcomes {
		_boolean(outcome) == true
	}
} else := _worst({_flag_outcome(outcome) | some outcome in outcomes}) if {
	count(outcomes) > 0
} else := "absent"

# The first of the states present, in order of precedence.
_worst(states) := [state |
	some state in ["false", "absent", "unknown", "runtime", "unresolvable"]
	state in states
][0]

_boolean(outcome) := outcome.value if {
	is_boolean(outcome.value)
} else if {
	lower(outcome.value) == "true"
} else := false if {
	lower(outcome.value) == "false"
}

_flag_outcome(outcome) := "false" if {
	_boolean(outcome) == false
} else := "unresolvable" if {
	outcome.state == "known"
	not _boolean(outcome)
} else := outcome.state

# METADATA
# description: >-
#   A count's contributions to a total from the outcomes of reading it: [n] (the largest
#   possible value) when every value is a number, ["unknown"] when any is not or is unknown,
#   and [] when the count is absent.
contribution(outcomes) := [] if {
	every outcome in outcomes {
		outcome.state == "absent"
	}
} else := [max({_number(outcome) | some outcome in outcomes; outcome.state != "absent"})] if {
	every outcome in outcomes {
		_countable(outcome)
	}
} else := ["unknown"]

_countable(outcome) if outcome.state == "absent"

_countable(outcome) if _number(outcome)

_number(outcome) := outcome.value if {
	is_number(outcome.value)
} else := to_number(outcome.value) if {
	is_string(outcome.value)
	regex.match(`^[0-9]+$`, outcome.value)
}

# METADATA
# description: The elements of a list at an API path, when the list is known (else empty).
elements(ctx, node, path) := [element |
	some outcome in read(ctx, node, path)
	is_array(outcome.value)
	some element in outcome.value
]

# METADATA
# description: The list at an API path is unknown, or cannot be resolved.
unknown_list(ctx, node, path) if unknown_in(read(ctx, node, path))

# METADATA
# description: Some outcome of a reading (read) is unknown, or cannot be resolved.
unknown_in(outcomes) if {
	some outcome in outcomes
	outcome.state in {"unknown", "runtime", "unresolvable"}
}
