# METADATA
# title: lib/adapters/step_functions tests
# description: >-
#   Step Functions state machines: SageMaker task states (nested in Parallel branches and Map
#   iterators or item processors) as workloads, "Key.$" JSONPaths supplied at run time.
package transit_guard.lib.adapters.step_functions_test

import data.transit_guard.lib.adapters.step_functions
import data.transit_guard.lib.document

_flag := "EnableInterContainerTrafficEncryption"

# METADATA
# description: A SageMaker task state of the given action (e.g. createTrainingJob.sync) and Parameters.
_task(action, parameters) := {
	"Type": "Task",
	"Resource": concat("", ["arn:aws:states:::sagemaker:", action]),
	"Parameters": parameters,
	"End": true,
}

# METADATA
# description: A state machine of the given states, starting at the first.
_machine(states) := {"StartAt": "A", "States": states}

# METADATA
# description: The [type, resource, flag state, flag path] of each workload of the input state machine.
_summary contains [job.type, job.resource, job.flag.state, job.flag.path] if {
	some job in step_functions.workloads
}

# METADATA
# description: StartAt and a States object make a state machine definition.
test_is_definition if {
	document.is_state_machine(_machine({}))
	document.kind == "step_functions" with input as _machine({"A": {"Type": "Pass", "End": true}})
	not document.is_state_machine({"StartAt": "A", "States": []})
	not document.is_state_machine({"States": {}})
}

# METADATA
# description: A bare map of states with a task (as documentation excerpts show them) is a state machine too.
test_is_states if {
	states := {"Train": _task("createTrainingJob.sync", {}), "Done": {"Type": "Succeed"}}
	document.is_states(states)
	document.kind == "step_functions" with input as states
	_summary == {["training_job", "Train", "absent", concat(".", ["Train.Parameters", _flag])]} with input as states
}

# METADATA
# description: A map without a task, with a value that is not a state, or empty, is not a map of states.
test_not_states if {
	not document.is_states({"Wait": {"Type": "Wait"}})
	not document.is_states({"Train": _task("createTrainingJob", {}), "x": 1})
	not document.is_states({"Train": _task("createTrainingJob", {}), "y": {"Type": "Other"}})
	not document.is_states({})
}

# METADATA
# description: Training, tuning and processing tasks, with and without .sync, .waitForTaskToken and a version suffix.
test_task_actions if {
	doc := _machine({
		"A": _task("createTrainingJob", {_flag: true}),
		"B": _task("createTrainingJob.sync", {_flag: false}),
		"C": _task("createHyperParameterTuningJob.waitForTaskToken", {"TrainingJobDefinition": {_flag: true}}),
		"D": _task("createProcessingJob.sync:2", {"NetworkConfig": {_flag: false}}),
	})
	_summary == {
		["training_job", "A", "true", "States.A.Parameters.EnableInterContainerTrafficEncryption"],
		["training_job", "B", "false", "States.B.Parameters.EnableInterContainerTrafficEncryption"],
		["tuning_job", "C", "true", "States.C.Parameters.TrainingJobDefinition.EnableInterContainerTrafficEncryption"],
		["processing_job", "D", "false", "States.D.Parameters.NetworkConfig.EnableInterContainerTrafficEncryption"],
	} with input as doc
	{job.input_kind | some job in step_functions.workloads} == {"step_functions"} with input as doc
}

# METADATA
# description: Transform jobs and other services' tasks have no inter-node traffic to check.
test_other_tasks_ignored if {
	doc := _machine({
		"A": _task("createTransformJob.sync", {"TransformJobName": "t"}),
		"B": _task("createEndpoint", {}),
		"C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {}},
		"D": {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob.async"},
		"E": {"Type": "Task", "Resource": {"Ref": "Arn"}},
		"F": {"Type": "Pass", "Parameters": {_flag: false}},
	})
	step_functions.workloads == set() with input as doc
}

# METADATA
# description: The GovCloud and China partitions' ARNs are tasks too.
test_other_partitions if {
	states := {
		"Gov": object.union(_task("", {}), {"Resource": "arn:aws-us-gov:states:::sagemaker:createTrainingJob.sync"}),
		"Cn": object.union(_task("", {}), {"Resource": "arn:aws-cn:states:::sagemaker:createProcessingJob"}),
	}
	{job.resource | some job in step_functions.workloads} == {"Gov", "Cn"} with input as _machine(states)
}

# METADATA
# description: A "Key.$" JSONPath is supplied at run time, for the flag or for a whole block.
test_jsonpath_parameters if {
	doc := _machine({
		"A": _task("createTrainingJob.sync", {"EnableInterContainerTrafficEncryption.$": "$.encrypt"}),
		"B": _task("createProcessingJob.sync", {"NetworkConfig.$": "$.network"}),
	})
	_summary == {
		["training_job", "A", "runtime", "States.A.Parameters.EnableInterContainerTrafficEncryption"],
		["processing_job", "B", "runtime", "States.B.Parameters.NetworkConfig.EnableInterContainerTrafficEncryption"],
	} with input as doc
	{[job.resource, job.instances] | some job in step_functions.workloads} == {
		["A", {"known": false}],
		["B", {"known": false}],
	} with input as doc
}

# METADATA
# description: Tasks inside Parallel branches, Map Iterator and Map ItemProcessor are found, named by their state.
test_nested_states if {
	doc := _machine({
		"P": {"Type": "Parallel", "End": true, "Branches": [
			{"StartAt": "X", "States": {"X": _task("createTrainingJob.sync", {_flag: true})}},
			{"StartAt": "Y", "States": {"Y": _task("createProcessingJob.sync", {})}},
		]},
		"M": {"Type": "Map", "End": true, "Iterator": {"StartAt": "I", "States": {"I": _task("createTrainingJob", {})}}},
		"N": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "J", "States": {
			"J": _task("createHyperParameterTuningJob.sync", {}),
		}}},
	})
	_summary == {
		["training_job", "X", "true", "States.P.Branches[0].States.X.Parameters.EnableInterContainerTrafficEncryption"],
		["processing_job", "Y", "absent", concat(".", ["States.P.Branches[1].States.Y.Parameters.NetworkConfig", _flag])],
		["training_job", "I", "absent", "States.M.Iterator.States.I.Parameters.EnableInterContainerTrafficEncryption"],
		[
			"tuning_job", "J", "absent",
			concat(".", ["States.N.ItemProcessor.States.J.Parameters.TrainingJobDefinition", _flag]),
		],
	} with input as doc
}

# METADATA
# description: A task without Parameters (or Arguments) has an empty body.
test_task_without_parameters if {
	doc := _machine({"A": {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync", "End": true}})
	_summary == {["training_job", "A", "absent", concat(".", ["States.A.Parameters", _flag])]} with input as doc
}

# METADATA
# description: >-
#   A JSONata state's body is its Arguments (Parameters when both are objects), also when the
#   state has no Parameters at all (regression: `not is_object(state.Parameters)` is undefined,
#   not true, when Parameters is missing).
test_jsonata_arguments_body if {
	states := {
		"A": {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync", "Arguments": {_flag: true}},
		"B": object.union(_task("createTrainingJob.sync", {_flag: false}), {"Arguments": {_flag: true}}),
	}
	{[job.resource, job.flag.state] | some job in step_functions.workloads} == {["A", "true"], ["B", "false"]}
		with input as _machine(states)
}

# METADATA
# description: >-
#   A JSONata state's body is its Arguments, and the path says so
#   ("States.A.Arguments.EnableInterContainerTrafficEncryption").
test_jsonata_arguments if {
	doc := object.union(
		_machine({"A": {
			"Type": "Task",
			"Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
			"Arguments": {_flag: false},
			"End": true,
		}}),
		{"QueryLanguage": "JSONata"},
	)
	_summary == {["training_job", "A", "false", concat(".", ["States.A.Arguments", _flag])]} with input as doc
}

# METADATA
# description: >-
#   Parameters that is there but not an object (null, a string) gives way to Arguments, path
#   included; when both are objects Parameters is the body and the path ends in Parameters.
test_arguments_when_parameters_is_not_an_object if {
	states := {
		"A": object.union(_task("createTrainingJob.sync", null), {"Arguments": {_flag: true}}),
		"B": object.union(_task("createTrainingJob.sync", "x"), {"Arguments": {_flag: false}}),
		"C": object.union(_task("createTrainingJob.sync", {_flag: false}), {"Arguments": {_flag: true}}),
	}
	_summary == {
		["training_job", "A", "true", concat(".", ["States.A.Arguments", _flag])],
		["training_job", "B", "false", concat(".", ["States.B.Arguments", _flag])],
		["training_job", "C", "false", concat(".", ["States.C.Parameters", _flag])],
	} with input as _machine(states)
}

# METADATA
# description: With neither Parameters nor Arguments an object, the body is empty, at Parameters.
test_neither_body_is_an_object if {
	states := {"A": object.union(_task("createTrainingJob.sync", "x"), {"Arguments": "y"})}
	_summary == {["training_job", "A", "absent", concat(".", ["States.A.Parameters", _flag])]}
		with input as _machine(states)
}

# METADATA
# description: Embedded in another document, tasks are named resource/state and their path follows the prefix.
test_definition_workloads_inside_a_resource if {
	where := {"resource": "S", "input_kind": "cloudformation", "prefix": ["Properties", "Definition"]}
	workloads := step_functions.definition_workloads(_machine({"A": _task("createTrainingJob", {_flag: true})}), where, {})
	{[job.resource, job.input_kind, job.flag.path] | some job in workloads} == {[
		"S/A", "cloudformation",
		"Properties.Definition.States.A.Parameters.EnableInterContainerTrafficEncryption",
	]}
}
