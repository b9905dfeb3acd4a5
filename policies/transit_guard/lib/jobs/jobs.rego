# METADATA
# title: SageMaker job bodies as workloads
# description: >-
#   Interprets a job's body (an API request, a pipeline step's Arguments, a Step Functions task's
#   Parameters, a CloudFormation resource's Properties, a Terraform resource's planned values, an
#   ACK spec) as workloads: the encryption flag and the instance count, read through
#   lib/reader over the SageMaker API's field paths (the Create*Job request shapes), whatever the
#   format.
package transit_guard.lib.jobs

import data.transit_guard.lib.reader

# METADATA
# description: >-
#   The workloads of a job body. kind is training, tuning, processing, automl, automl_v2,
#   monitoring_job_definition or monitoring_schedule; where is {"resource", "input_kind",
#   "prefix"} (prefix: the body's path within the resource, [] at the top).
# scope: document
workloads("training", ctx, body, where) := {_workload(
	"training_job", ctx, body, where, [],
	_training_counts(ctx, body, []),
	_training_image(ctx, body, []),
)}

workloads("tuning", ctx, body, where) := {_workload(
	"tuning_job", ctx, body, where, definition, array.concat(
		_training_counts(ctx, body, definition),
		_tuning_counts(ctx, body, definition),
	),
	_training_image(ctx, body, definition),
) |
	some definition in _tuning_definitions(ctx, body)
}

workloads("processing", ctx, body, where) := {_workload(
	"processing_job", ctx, body, where, ["NetworkConfig"],
	_counts(ctx, body, ["ProcessingResources", "ClusterConfig", "InstanceCount"]),
	_image(ctx, body, ["AppSpecification", "ImageUri"]),
)}

workloads("automl", ctx, body, where) := {_workload(
	"automl_job", ctx, body, where,
	["AutoMLJobConfig", "SecurityConfig"], [], "",
)}

workloads("automl_v2", ctx, body, where) := {_workload("automl_job", ctx, body, where, ["SecurityConfig"], [], "")}

workloads("monitoring_job_definition", ctx, body, where) := {_workload(
	"monitoring_job_definition", ctx, body, where, ["NetworkConfig"],
	_counts(ctx, body, ["JobResources", "ClusterConfig", "InstanceCount"]),
	"",
)}

# A schedule that names a job definition (MonitoringJobDefinitionName) has nothing inline to
# check: the definition is its own resource.
workloads("monitoring_schedule", ctx, body, where) := {_workload(
	"monitoring_schedule", ctx, body, where, array.concat(_inline, ["NetworkConfig"]),
	_counts(ctx, body, array.concat(_inline, ["MonitoringResources", "ClusterConfig", "InstanceCount"])),
	"",
)} if {
	some outcome in reader.read(ctx, body, _inline)
	outcome.state != "absent"
} else := set()

_inline := ["MonitoringScheduleConfig", "MonitoringJobDefinition"]

_flag := "EnableInterContainerTrafficEncryption"

# The workload: the one shape that lib/transit and the job rules (TG101-TG107) read, whatever the
# input format.
#   type        training_job, tuning_job, processing_job, automl_job, monitoring_job_definition
#               or monitoring_schedule
#   resource    what a finding names: plan address, template logical ID, job or step name, manifest
#   input_kind  the document's kind (terraform_plan, cloudformation, sagemaker_api, ...)
#   format      how the body spells its keys (lib/reader): api, sfn, pipeline, cfn, tf or ack
#   flag.state  EnableInterContainerTrafficEncryption as read: "true", "false", "absent",
#               "unknown" (until apply, or a parameter without a default), "runtime" (a Step
#               Functions JSONPath) or "unresolvable"
#   flag.path   where the flag is (or belongs), spelled as the format spells it
#   flag.parameters  (only when there are some) the template or pipeline parameters the flag
#               takes its value from: {"name", "style" ("cfn" or "pipeline"), "default" (absent
#               when the parameter has none)}
#   instances   {"known": true, "total": n} (summed over every count of the job), or
#               {"known": false} when any count cannot be read
#   image       the training or processing image URI, or "" (AutoML, monitoring)
#   definition  (only for a job inside an embedded definition) the path of the string or object
#               that holds the definition (pipeline_definition, Properties.DefinitionString, ...);
#               flag.path starts with it; holder is the resource that holds it
#   request     (only for an API body) the operation of the body: {"operation", "create"}
_workload(type, ctx, body, where, flag_parent, counts, image) := object.union_n([
	{
		"type": type,
		"resource": where.resource,
		"input_kind": where.input_kind,
		"format": ctx.format,
		"flag": object.union(
			{
				"state": reader.flag_state(reader.read(ctx, body, array.concat(flag_parent, [_flag]))),
				"path": path(ctx, where.prefix, array.concat(flag_parent, [_flag])),
			},
			_parameters_of(ctx, body, array.concat(flag_parent, [_flag])),
		),
		"instances": _total(counts),
		"image": image,
	},
	{key: where[key] | some key in ["definition", "holder", "request"]; where[key]},
])

# The parameters a flag takes its value from, as {"parameters": [...]}, or {} when none: a
# CloudFormation Ref to a template parameter, a pipeline {"Get": "Parameters.X"}, at the flag or
# in a branch of an Fn::If on the way to it.
_parameters_of(ctx, body, keys) := {"parameters": parameters} if {
	parameters := [parameter |
		some name in sort({name | some value in _raw(body, keys); some name in _referenced(ctx, value)})
		parameter := _parameter(ctx, name)
	]
	count(parameters) > 0
} else := {}

# The values at an API path as written (the flag paths are at most four keys deep), following
# both branches of an Fn::If on the way.
_raw(body, keys) := level4 if {
	count(keys) <= 4
	level1 := _raw_step({body}, keys, 0)
	level2 := _raw_step(level1, keys, 1)
	level3 := _raw_step(level2, keys, 2)
	level4 := _raw_step(level3, keys, 3)
} else := set()

_raw_step(nodes, keys, i) := nodes if count(keys) <= i

_raw_step(nodes, keys, i) := {child |
	some node in nodes
	some branch in _branches(node)
	child := branch[keys[i]]
} if {
	count(keys) > i
}

_branches(node) := {branch |
	some first in array.slice(node["Fn::If"], 1, 3)
	some branch in _if_or_self(first)
} if {
	is_array(node["Fn::If"])
} else := {node}

_if_or_self(node) := {branch | some branch in array.slice(node["Fn::If"], 1, 3)} if {
	is_array(node["Fn::If"])
} else := {node}

_referenced(ctx, value) := {name |
	walk(value, [_, node])
	some name in _reference(ctx, node)
}

_reference(ctx, node) := {node.Ref} if {
	_in_template(ctx)
	is_string(node.Ref)
	ctx.template.Parameters[node.Ref]
} else := {substring(node.Get, count("Parameters."), -1)} if {
	ctx.format == "pipeline"
	is_string(node.Get)
	startswith(node.Get, "Parameters.")
} else := set()

_in_template(ctx) if ctx.format == "cfn"

_in_template(ctx) if count(object.get(ctx, "template", {})) > 0

_parameter(ctx, name) := object.union({"name": name, "style": "pipeline"}, {"default": value |
	value := ctx.parameters[name]
	value != null
}) if {
	ctx.format == "pipeline"
	not ctx.template.Parameters[name]
} else := object.union({"name": name, "style": "cfn"}, {"default": value |
	value := ctx.template.Parameters[name].Default
	value != null
})

_training_image(ctx, body, at) := _image(ctx, body, array.concat(at, ["AlgorithmSpecification", "TrainingImage"]))

# METADATA
# description: >-
#   A path as its format spells it, after the prefix that leads to the body: PascalCase keys,
#   snake_case for Terraform, camelCase for ACK; list indices in brackets.
path(ctx, prefix, keys) := render(array.concat(prefix, [_spelled(ctx, key) | some key in keys]))

# METADATA
# description: >-
#   For a job of a definition embedded in another document (where.prefix leads to it): the
#   definition's path and that document's resource, {"definition", "holder"}, for remediation
#   that says where the definition's JSON is; {} for a definition that is the document itself.
embedding(where) := {"definition": render(where.prefix), "holder": where.resource} if {
	count(where.prefix) > 0
} else := {}

# METADATA
# description: A path as text, keys joined by dots and list indices in brackets (Steps[2].Arguments).
render(segments) := concat("", [_rendered(i, segment) | some i, segment in segments])

_rendered(_, segment) := concat("", ["[", format_int(segment, 10), "]"]) if is_number(segment)

_rendered(0, segment) := segment if is_string(segment)

_rendered(i, segment) := concat("", [".", segment]) if {
	is_string(segment)
	i > 0
}

_spelled(_, key) := key if is_number(key)

_spelled(ctx, key) := key if {
	is_string(key)
	not ctx.format in {"tf", "ack"}
}

_spelled(ctx, key) := reader.snake_case(key) if {
	is_string(key)
	ctx.format == "tf"
}

_spelled(ctx, key) := concat("", [lower(substring(key, 0, 1)), substring(key, 1, -1)]) if {
	is_string(key)
	ctx.format == "ack"
}

# Every image the job may run (Fn::If may offer two), space-separated.
_image(ctx, body, image_path) := concat(" ", sort({outcome.value |
	some outcome in reader.read(ctx, body, image_path)
	is_string(outcome.value)
}))

_counts(ctx, body, count_path) := reader.contribution(reader.read(ctx, body, count_path))

# Every element's count of a list, or one unknown when the list itself is unknown. The list is
# read once (each read costs the WebAssembly engine memory it keeps until the evaluation ends).
_each(ctx, body, list_path) := _each_of(ctx, body, list_path, reader.read(ctx, body, list_path))

_each_of(ctx, body, list_path, outcomes) := ["unknown"] if {
	reader.unknown_in(outcomes)
} else := [part |
	# each index once, whichever branch (Fn::If) has it
	some i in {i |
		some outcome in outcomes
		is_array(outcome.value)
		some i, _ in outcome.value
	}
	some part in _counts(ctx, body, array.concat(list_path, [i, "InstanceCount"]))
]

_largest(parts) := [] if {
	count(parts) == 0
} else := [max(parts)] if {
	every part in parts {
		is_number(part)
	}
} else := ["unknown"]

_training_counts(ctx, body, at) := array.flatten([
	_counts(ctx, body, array.concat(at, ["ResourceConfig", "InstanceCount"])),
	_each(ctx, body, array.concat(at, ["ResourceConfig", "InstanceGroups"])),
	_each(ctx, body, array.concat(at, ["ResourceConfig", "InstancePlacementConfig", "PlacementSpecifications"])),
	_largest(_each(ctx, body, array.concat(at, ["ResourceConfig", "InstancePreferences"]))),
])

_tuning_counts(ctx, body, at) := array.concat(
	_counts(ctx, body, array.concat(at, ["HyperParameterTuningResourceConfig", "InstanceCount"])),
	_each(ctx, body, array.concat(at, ["HyperParameterTuningResourceConfig", "InstanceConfigs"])),
)

# TrainingJobDefinition and every TrainingJobDefinitions[i]; when neither is readable, the
# single definition path, so that its absence or indirection still yields a finding.
_tuning_definitions(ctx, body) := definitions if {
	definitions := array.concat(
		[["TrainingJobDefinition"] |
			some outcome in reader.read(ctx, body, ["TrainingJobDefinition"])
			outcome.state == "known"
		],
		[["TrainingJobDefinitions", i] | some i, _ in reader.elements(ctx, body, ["TrainingJobDefinitions"])],
	)
	count(definitions) > 0
} else := [["TrainingJobDefinition"]]

# METADATA
# description: >-
#   The total instance count from count contributions: {"known": true, "total": n}, or
#   {"known": false} when any contribution is unknown or there is none at all (fail closed:
#   treated as distributed).
_total(parts) := {"known": true, "total": sum(parts)} if {
	count(parts) > 0
	every part in parts {
		is_number(part)
	}
} else := {"known": false}

# METADATA
# description: >-
#   A definition that cannot be inspected (TG107), e.g. a pipeline stored in S3. where.inline, when
#   given, is where the definition belongs as a literal, spelled as the format spells it
#   (pipeline_definition, Properties.DefinitionString, PipelineDefinition, ...).
uninspectable(where, at, reason) := object.union(
	{
		"type": "uninspectable",
		"resource": where.resource,
		"input_kind": where.input_kind,
		"path": at,
		"reason": reason,
	},
	{"inline": where.inline | where.inline},
)

# METADATA
# description: >-
#   A resource that starts or defines compute without inter-node traffic to encrypt (kind
#   transform, model, endpoint_config, endpoint, inference_component or hyperpod_cluster): a
#   workload with nothing to check and a note saying why. Undefined for any other kind.
without_inter_node_traffic(kind, where) := {
	"type": "no_inter_node_traffic",
	"resource": where.resource,
	"input_kind": where.input_kind,
	"note": _notes[kind],
}

# Why nothing applies, per kind.
_notes := {
	"transform": "batch transform: no inter-node traffic (each instance transforms its own share of the input)",
	"model": "model: no compute of its own, and the transform jobs and endpoints that run it have no inter-node traffic",
	"endpoint_config": "endpoint configuration: inference endpoints have no inter-node traffic to encrypt",
	"endpoint": "endpoint: inference endpoints have no inter-node traffic to encrypt",
	"inference_component": "inference component: runs on an endpoint's instances, without inter-node traffic to encrypt",
	"hyperpod_cluster": concat("", [
		"HyperPod cluster: SageMaker has no inter-container traffic encryption setting for clusters, ",
		"so there is nothing to check",
	]),
}
