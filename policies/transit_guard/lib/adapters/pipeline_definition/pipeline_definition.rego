# METADATA
# title: SageMaker Pipelines definitions
# description: >-
#   A pipeline definition ({"Version": "2020-12-01", "Steps": [...]}) as workloads: each step's
#   Arguments is the Create* request body of its job. Condition steps nest IfSteps and ElseSteps to
#   any depth (found with walk, since Rego has no recursion). {"Get": "Parameters.X"} resolves to
#   the parameter's DefaultValue, unknown without one.
package transit_guard.lib.adapters.pipeline_definition

import data.transit_guard.lib.jobs
import data.transit_guard.lib.reader

# METADATA
# description: The jobs of a pipeline document given directly as input.
workloads := definition_workloads(input, {"resource": "", "input_kind": "pipeline_definition", "prefix": []}, {})

# METADATA
# description: >-
#   The jobs of a pipeline definition found inside where (a resource of another document);
#   template is the CloudFormation template the definition came from ({} otherwise), so that
#   intrinsics inside it resolve too.
definition_workloads(definition, where, template) := {workload |
	ctx := reader.context("pipeline", {"parameters": _parameters(definition), "template": template})
	walk(definition, [at, step])
	_is_step(at, step)
	kind := _kind(step)
	some workload in jobs.workloads(kind, ctx, step.Arguments, _step_where(where, step, at))
}

_parameters(definition) := {parameter.Name: object.get(parameter, "DefaultValue", null) |
	some parameter in definition.Parameters
}

_is_step(at, step) if {
	count(at) >= 2
	at[count(at) - 2] in {"Steps", "IfSteps", "ElseSteps"}
	is_string(step.Type)
	is_object(step.Arguments)
}

_kinds := {
	"Training": "training",
	"Processing": "processing",
	"QualityCheck": "processing",
	"ClarifyCheck": "processing",
	"Tuning": "tuning",
}

_kind(step) := _kinds[step.Type]

_kind(step) := "automl" if {
	step.Type == "AutoML"
	step.Arguments.AutoMLJobConfig
}

_kind(step) := "automl_v2" if {
	step.Type == "AutoML"
	not step.Arguments.AutoMLJobConfig
}

# A step of a definition embedded in another document names that definition (jobs.embedding).
_step_where(where, step, at) := object.union_n([
	where,
	{
		"resource": concat("/", [name | some name in [where.resource, _name(step, at)]; name != ""]),
		"prefix": array.flatten([where.prefix, at, ["Arguments"]]),
	},
	jobs.embedding(where),
])

_name(step, _) := step.Name if is_string(step.Name)

_name(step, at) := concat("", ["step ", format_int(at[count(at) - 1], 10)]) if {
	not is_string(object.get(step, "Name", null))
}
