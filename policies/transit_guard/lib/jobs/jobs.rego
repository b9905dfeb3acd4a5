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
#   instances   {"known": true, "total": n} (summed over every count of the job), or
#               {"known": false} when any count cannot be read
#   image       the training or processing image URI, or "" (AutoML, monitoring)
_workload(type, ctx, body, where, flag_parent, counts, image) := {
	"type": type,
	"resource": where.resource,
	"input_kind": where.input_kind,
	"format": ctx.format,
	"flag": {
		"state": reader.flag_state(reader.read(ctx, body, array.concat(flag_parent, [_flag]))),
		"path": path(ctx, where.prefix, array.concat(flag_parent, [_flag])),
	},
	"instances": _total(counts),
	"image": image,
}

_training_image(ctx, body, at) := _image(ctx, body, array.concat(at, ["AlgorithmSpecification", "TrainingImage"]))

# METADATA
# description: >-
#   A path as its format spells it, after the prefix that leads to the body: PascalCase keys,
#   snake_case for Terraform, camelCase for ACK; list indices in brackets.
path(ctx, prefix, keys) := render(array.concat(prefix, [_spelled(ctx, key) | some key in keys]))

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

# Every element's count of a list, or one unknown when the list itself is unknown.
_each(ctx, body, list_path) := ["unknown"] if {
	reader.unknown_list(ctx, body, list_path)
} else := [part |
	some i, _ in reader.elements(ctx, body, list_path)
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
# description: A definition that cannot be inspected (TG107), e.g. a pipeline stored in S3.
uninspectable(where, at, reason) := {
	"type": "uninspectable",
	"resource": where.resource,
	"input_kind": where.input_kind,
	"path": at,
	"reason": reason,
}
