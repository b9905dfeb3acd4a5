# METADATA
# title: lib/adapters/pipeline_definition tests
# description: >-
#   A SageMaker Pipelines definition: its job steps (Condition steps nested to any depth) as
#   workloads, with {"Get": "Parameters.X"} resolved to default values.
package transit_guard.lib.adapters.pipeline_definition_test

import data.transit_guard.lib.adapters.pipeline_definition
import data.transit_guard.lib.document

_flag := "EnableInterContainerTrafficEncryption"

# METADATA
# description: A pipeline definition with the given steps and no parameters.
_pipeline(steps) := {"Version": "2020-12-01", "Steps": steps}

# METADATA
# description: The [type, resource, flag state, flag path, instances] of each workload of the input pipeline.
_summary contains [job.type, job.resource, job.flag.state, job.flag.path, job.instances] if {
	some job in pipeline_definition.workloads
}

_unknown_count := {"known": false}

# METADATA
# description: The flag path of the top-level step at index, under parent (e.g. "NetworkConfig.").
_step_flag(index, parent) := concat("", ["Steps[", index, "].Arguments.", parent, _flag])

# METADATA
# description: A document with a Steps list and a Version string is a pipeline definition.
test_is_definition if {
	document.is_pipeline_definition(_pipeline([]))
	document.kind == "pipeline_definition" with input as _pipeline([])
	not document.is_pipeline_definition({"Steps": []})
	not document.is_pipeline_definition({"Version": "2020-12-01", "Steps": {}})
	not document.is_pipeline_definition({"Version": 2020, "Steps": []})
}

# METADATA
# description: A training step, named by its step name, its path under Steps[i].Arguments.
test_training_step if {
	arguments := {_flag: false, "ResourceConfig": {"InstanceCount": 2}}
	doc := _pipeline([{"Name": "Train", "Type": "Training", "Arguments": arguments}])
	_summary == {[
		"training_job", "Train", "false",
		"Steps[0].Arguments.EnableInterContainerTrafficEncryption", {"known": true, "total": 2},
	]} with input as doc
	{job.input_kind | some job in pipeline_definition.workloads} == {"pipeline_definition"} with input as doc
}

# METADATA
# description: Processing, QualityCheck and ClarifyCheck steps are processing jobs; Tuning steps tuning jobs.
test_processing_and_tuning_steps if {
	doc := _pipeline([
		{"Name": "Prep", "Type": "Processing", "Arguments": {}},
		{"Name": "Quality", "Type": "QualityCheck", "Arguments": {}},
		{"Name": "Clarify", "Type": "ClarifyCheck", "Arguments": {}},
		{"Name": "Tune", "Type": "Tuning", "Arguments": {"TrainingJobDefinition": {_flag: true}}},
	])
	_summary == {
		["processing_job", "Prep", "absent", _step_flag("0", "NetworkConfig."), _unknown_count],
		["processing_job", "Quality", "absent", _step_flag("1", "NetworkConfig."), _unknown_count],
		["processing_job", "Clarify", "absent", _step_flag("2", "NetworkConfig."), _unknown_count],
		["tuning_job", "Tune", "true", _step_flag("3", "TrainingJobDefinition."), _unknown_count],
	} with input as doc
}

# METADATA
# description: An AutoML step with AutoMLJobConfig is v1, otherwise v2.
test_automl_steps if {
	doc := _pipeline([
		{"Name": "V1", "Type": "AutoML", "Arguments": {"AutoMLJobConfig": {"SecurityConfig": {_flag: true}}}},
		{"Name": "V2", "Type": "AutoML", "Arguments": {"SecurityConfig": {_flag: false}}},
	])
	_summary == {
		["automl_job", "V1", "true", _step_flag("0", "AutoMLJobConfig.SecurityConfig."), _unknown_count],
		["automl_job", "V2", "false", _step_flag("1", "SecurityConfig."), _unknown_count],
	} with input as doc
}

# METADATA
# description: Condition steps nest IfSteps and ElseSteps; both are read, two levels deep.
test_condition_steps_nested if {
	doc := _pipeline([{"Name": "Check", "Type": "Condition", "Arguments": {
		"Conditions": [],
		"IfSteps": [{"Name": "Inner", "Type": "Condition", "Arguments": {
			"IfSteps": [{"Name": "DeepTrain", "Type": "Training", "Arguments": {_flag: true}}],
			"ElseSteps": [{"Name": "DeepPrep", "Type": "Processing", "Arguments": {}}],
		}}],
		"ElseSteps": [{"Name": "Fallback", "Type": "Training", "Arguments": {_flag: false}}],
	}}])
	{[job.resource, job.flag.path] | some job in pipeline_definition.workloads} == {
		["DeepTrain", "Steps[0].Arguments.IfSteps[0].Arguments.IfSteps[0].Arguments.EnableInterContainerTrafficEncryption"],
		[
			"DeepPrep",
			"Steps[0].Arguments.IfSteps[0].Arguments.ElseSteps[0].Arguments.NetworkConfig.EnableInterContainerTrafficEncryption",
		],
		["Fallback", "Steps[0].Arguments.ElseSteps[0].Arguments.EnableInterContainerTrafficEncryption"],
	} with input as doc
}

# METADATA
# description: Get Parameters resolves to the DefaultValue; without one the value is unknown.
test_get_parameters if {
	doc := {
		"Version": "2020-12-01",
		"Parameters": [
			{"Name": "Encrypt", "Type": "Boolean", "DefaultValue": true},
			{"Name": "Count", "Type": "Integer", "DefaultValue": 2},
			{"Name": "Flag", "Type": "Boolean"},
		],
		"Steps": [
			{"Name": "A", "Type": "Training", "Arguments": {
				_flag: {"Get": "Parameters.Encrypt"},
				"ResourceConfig": {"InstanceCount": {"Get": "Parameters.Count"}},
			}},
			{"Name": "B", "Type": "Training", "Arguments": {
				_flag: {"Get": "Parameters.Flag"},
				"ResourceConfig": {"InstanceCount": {"Get": "Parameters.Missing"}},
			}},
		],
	}
	{[job.resource, job.flag.state, job.instances] | some job in pipeline_definition.workloads} == {
		["A", "true", {"known": true, "total": 2}],
		["B", "unknown", _unknown_count],
	} with input as doc
}

# METADATA
# description: >-
#   An unnamed step is named by its index in its list ("step 1"); a Name that is not a string
#   counts as none.
test_unnamed_step if {
	doc := _pipeline([{"Name": "Prep", "Type": "Processing", "Arguments": {}}, {"Type": "Training", "Arguments": {}}])
	{job.resource | some job in pipeline_definition.workloads} == {"Prep", "step 1"} with input as doc
	numbered := _pipeline([{"Name": 7, "Type": "Training", "Arguments": {}}])
	{job.resource | some job in pipeline_definition.workloads} == {"step 0"} with input as numbered
}

# METADATA
# description: Steps without inter-node traffic to check, or without Arguments, are no workload.
test_other_steps if {
	doc := _pipeline([
		{"Name": "Transform", "Type": "Transform", "Arguments": {"TransformJobName": "t"}},
		{"Name": "Register", "Type": "RegisterModel", "Arguments": {}},
		{"Name": "Lambda", "Type": "Lambda", "Arguments": {}},
		{"Name": "NoArguments", "Type": "Training"},
		{"Name": "StringArguments", "Type": "Training", "Arguments": "{}"},
		{"Name": "NoType", "Arguments": {}},
	])
	pipeline_definition.workloads == set() with input as doc
}

# METADATA
# description: Embedded in another document, steps are named resource/step and their path follows the prefix.
test_definition_workloads_inside_a_resource if {
	where := {"resource": "P", "input_kind": "cloudformation", "prefix": ["Properties", "PipelineDefinition"]}
	workloads := pipeline_definition.definition_workloads(
		_pipeline([{"Name": "Train", "Type": "Training", "Arguments": {_flag: true}}]),
		where, {},
	)
	{[job.resource, job.input_kind, job.flag.path] | some job in workloads} == {[
		"P/Train", "cloudformation",
		"Properties.PipelineDefinition.Steps[0].Arguments.EnableInterContainerTrafficEncryption",
	]}
}
