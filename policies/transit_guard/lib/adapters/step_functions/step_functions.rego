# METADATA
# title: Step Functions state machines (Amazon States Language)
# description: >-
#   SageMaker task states (Resource arn:aws:states:::sagemaker:createTrainingJob[.sync], ...) as
#   workloads: Parameters (or, with JSONata, Arguments) is the API request body. A key ending in
#   .$ is a JSONPath resolved at run time. Parallel branches and Map iterators or item processors
#   nest states to any depth (found with walk).
package transit_guard.lib.adapters.step_functions

import data.transit_guard.lib.jobs
import data.transit_guard.lib.reader

# METADATA
# description: The jobs of a state machine document given directly as input.
workloads := definition_workloads(input, {"resource": "", "input_kind": "step_functions", "prefix": []}, {})

# METADATA
# description: >-
#   The jobs of a state machine definition found inside where; template is the CloudFormation
#   template it came from ({} otherwise).
definition_workloads(definition, where, template) := {workload |
	ctx := reader.context("sfn", {"template": template})
	walk(definition, [at, state])
	is_object(state)
	state.Type == "Task"
	kind := _kinds[_action(state.Resource)]
	some workload in jobs.workloads(kind, ctx, _body(state), _state_where(where, at, state))
}

# createTransformJob and the rest start jobs without inter-node traffic to check.
_kinds := {
	"createtrainingjob": "training",
	"createhyperparametertuningjob": "tuning",
	"createprocessingjob": "processing",
}

_action(resource) := lower(match[1]) if {
	is_string(resource)
	some match in regex.find_all_string_submatch_n(
		`^arn:aws[a-z-]*:states:::sagemaker:([A-Za-z]+)(\.sync|\.waitForTaskToken)?(:[0-9]+)?$`,
		resource, 1,
	)
}

_body(state) := state[_body_key(state)] if {
	is_object(state[_body_key(state)])
} else := {}

# JSONata states carry the request as Arguments, JSONPath states as Parameters.
_body_key(state) := "Arguments" if {
	not is_object(object.get(state, "Parameters", null))
	is_object(state.Arguments)
} else := "Parameters"

# A state of a definition embedded in another document names that definition (jobs.embedding).
_state_where(where, at, state) := object.union_n([
	where,
	{
		"resource": concat("/", [name | some name in [where.resource, at[count(at) - 1]]; name != ""]),
		"prefix": array.flatten([where.prefix, at, [_body_key(state)]]),
	},
	jobs.embedding(where),
])
