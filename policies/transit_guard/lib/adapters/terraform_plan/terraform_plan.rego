# METADATA
# title: Terraform plan JSON (terraform show -json)
# description: >-
#   Normalises the resource changes of a plan into workloads. Only changes with a planned state
#   are read (delete actions have none), module resources included; nested blocks are arrays; an
#   attribute absent from change.after but true in change.after_unknown is unknown until apply.
package transit_guard.lib.adapters.terraform_plan

import data.transit_guard.lib.document
import data.transit_guard.lib.values

# METADATA
# description: >-
#   Every resource type the adapter reads. The loader drops all other resource changes before
#   evaluation (entrypoint transit_guard/main/projection); the parity test proves it changes nothing.
resource_types := {"aws_sagemaker_training_job"}

# METADATA
# description: >-
#   What the loader may drop from a large plan before evaluation, wherever a plan may sit
#   (document.plan_path): the listed keys, and resource changes of types no adapter reads.
projection := {
	"envelopes": [[], ["plan"], ["terraform"]],
	"drop": [
		["planned_values"], ["prior_state"], ["resource_drift"], ["relevant_attributes"],
		["output_changes"], ["checks"], ["configuration", "root_module"],
	],
	"filter": {"path": ["resource_changes"], "field": "type", "keep": resource_types},
}

# METADATA
# description: Resource changes of a type the adapter reads that exist after apply.
changes contains change if {
	some change in document.plan.resource_changes
	change.mode == "managed"
	change.type in resource_types
	is_object(change.change.after)
}

# METADATA
# description: The jobs the plan defines, in the workload shape every rule reads.
workloads contains training_job(change) if {
	some change in changes
	change.type == "aws_sagemaker_training_job"
}

_flag_attribute := "enable_inter_container_traffic_encryption"

# METADATA
# description: An aws_sagemaker_training_job resource change as a workload.
training_job(change) := {
	"type": "training_job",
	"resource": change.address,
	"input_kind": "terraform_plan",
	"flag": {
		"state": values.flag_state(_lookup(change, [_flag_attribute])),
		"path": _flag_attribute,
	},
	"instances": values.total(array.flatten([
		values.contribution(_lookup(change, ["resource_config", 0, "instance_count"])),
		_each(change, ["resource_config", 0, "instance_groups"]),
		_each(change, ["resource_config", 0, "instance_placement_config", 0, "placement_specifications"]),
	])),
	"image": object.get(change.change.after, ["algorithm_specification", 0, "training_image"], ""),
}

_lookup(change, path) := values.lookup(change.change.after, object.get(change.change, "after_unknown", {}), path)

# Contributions of every element of a list block; the whole list unknown counts as one unknown.
_each(change, list_path) := ["unknown"] if {
	_lookup(change, list_path).state == "unknown"
} else := [part |
	some i, _ in object.get(change.change.after, list_path, [])
	some part in values.contribution(_lookup(change, array.concat(list_path, [i, "instance_count"])))
]
