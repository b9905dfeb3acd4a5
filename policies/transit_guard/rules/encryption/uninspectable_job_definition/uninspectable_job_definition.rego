# METADATA
# title: Job definitions can be inspected
# description: >-
#   A job definition that cannot be read before deployment cannot be shown to encrypt inter-node
#   traffic: a pipeline definition stored in S3 or built at deploy time (Fn::Join, Fn::GetAtt),
#   a definition unknown until apply, a definition string that is not valid JSON, or an encryption
#   flag that a Step Functions state takes from its input at run time ("Key.$" JSONPath). This
#   warns, and denies under profiles healthcare and strict.
# custom:
#   id: TG107
#   severity: MEDIUM
#   remediation: >-
#     Keep the definition in the template or plan as a literal (PipelineDefinitionBody,
#     DefinitionString or pipeline_definition) and set EnableInterContainerTrafficEncryption to a
#     literal true, so that it can be checked before deployment; or check the stored definition
#     itself with transit-guard.
#     Each finding names the exact field to change, spelled as its input spells it.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, step_functions]
package transit_guard.rules.encryption.uninspectable_job_definition

import data.transit_guard.lib.config
import data.transit_guard.lib.result
import data.transit_guard.lib.workloads

# METADATA
# description: Uninspectable definitions under profile healthcare.
deny contains result.finding(rego.metadata.chain(), facts) if {
	config.healthcare
	some facts in _facts
}

# METADATA
# description: Uninspectable definitions (a warning outside profile healthcare).
warn contains result.finding(rego.metadata.chain(), facts) if {
	not config.healthcare
	some facts in _facts
}

_facts contains _fact(definition, concat(" ", [definition.path, definition.reason]), _literal(definition)) if {
	some definition in workloads.of_type("uninspectable")
}

_facts contains _fact(job, concat(" ", [job.flag.path, "is supplied at run time by a JSONPath"]), _constant(job)) if {
	some job in workloads.found
	job.flag.state == "runtime"
}

_fact(item, what, remediation) := {
	"text": concat("", [
		item.resource, ": ", what,
		", so inter-node traffic encryption cannot be verified before deployment",
		_profile_note,
	]),
	"resource": item.resource,
	"input_kind": item.input_kind,
	"path": _path(item),
	"remediation": remediation,
}

_check := "; or check the stored definition itself with transit-guard."

_flag := "EnableInterContainerTrafficEncryption"

# A definition kept elsewhere: bring it into the document, where the format keeps it inline.
_literal(definition) := concat("", [
	"Replace ", definition.path, " of ", definition.resource, " with the definition itself in ",
	definition.inline, ", with every job's ", _flag, " set to a literal true, so that it can be ",
	"checked before deployment", _check,
]) if {
	definition.path != object.get(definition, "inline", definition.path)
} else := concat("", [
	"Make ", definition.path, " of ", definition.resource, " a literal definition (JSON the ",
	_document(definition), " shows as it is), with every job's ", _flag, " set to a literal true, ",
	"so that it can be checked before deployment", _check,
])

_document(definition) := "plan" if {
	definition.input_kind == "terraform_plan"
} else := "template" if {
	definition.input_kind == "cloudformation"
} else := "request body"

# A flag a state takes from its input at run time: write it as a literal.
_constant(job) := concat("", [
	"Set ", job.flag.path, " to a literal true in place of ", job.flag.path, ".$, which takes ",
	"the value from the state's input at run time.",
])

# A job's flag path, or an uninspectable definition's path.
_path(item) := path if {
	path := item.flag.path
} else := item.path

default _profile_note := ""

_profile_note := "; denied under profile healthcare" if config.healthcare
