# METADATA
# title: SageMaker API request bodies and Describe* outputs
# description: >-
#   Normalises a --cli-input-json request body (or the matching Describe* output) into workloads.
#   Keys are the API's PascalCase names.
package transit_guard.lib.adapters.sagemaker_api

import data.transit_guard.lib.values

# METADATA
# description: The API operation whose request (or Describe* output) the input is.
operation := "DescribeTrainingJob" if {
	is_string(input.TrainingJobArn)
	is_string(input.TrainingJobStatus)
} else := "CreateTrainingJob" if {
	is_string(input.TrainingJobName)
	some key in ["AlgorithmSpecification", "ResourceConfig", "RoleArn", "OutputDataConfig"]
	input[key]
}

_training_operations := {"CreateTrainingJob", "DescribeTrainingJob"}

# METADATA
# description: The jobs the input defines, in the workload shape every rule reads.
workloads contains training_job(input, input.TrainingJobName, []) if operation in _training_operations

# METADATA
# description: >-
#   A training job body (CreateTrainingJob, a tuning job's training definition, a pipeline step's
#   Arguments) as a workload. prefix is the body's path within the input.
training_job(body, name, prefix) := {
	"type": "training_job",
	"resource": name,
	"input_kind": "sagemaker_api",
	"flag": {
		"state": values.flag_state(values.lookup(body, {}, ["EnableInterContainerTrafficEncryption"])),
		"path": _path(prefix, "EnableInterContainerTrafficEncryption"),
	},
	"instances": values.total(training_counts(body, {})),
	"image": object.get(body, ["AlgorithmSpecification", "TrainingImage"], ""),
}

# METADATA
# description: >-
#   Instance count contributions of a training body's ResourceConfig: InstanceCount, every
#   instance group, every placement specification, and the largest instance preference.
training_counts(body, unknowns) := array.flatten([
	values.contribution(values.lookup(body, unknowns, ["ResourceConfig", "InstanceCount"])),
	_each(body, unknowns, ["ResourceConfig", "InstanceGroups"]),
	_each(body, unknowns, ["ResourceConfig", "InstancePlacementConfig", "PlacementSpecifications"]),
	values.largest(_each(body, unknowns, ["ResourceConfig", "InstancePreferences"])),
])

_each(body, unknowns, list_path) := [part |
	some i, _ in object.get(body, list_path, [])
	some part in values.contribution(values.lookup(body, unknowns, array.concat(list_path, [i, "InstanceCount"])))
]

_path(prefix, key) := concat(".", array.concat(prefix, [key]))
