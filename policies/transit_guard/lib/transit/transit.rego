# METADATA
# title: The inter-node encryption severity model
# description: >-
#   Shared by TG101-TG106. A workload passes only when its flag is true; false, absent, unknown and
#   unresolvable flags fail closed. Two or more instances, an unknown count, or AutoML deny (HIGH);
#   exactly one instance warns (LOW) and denies under profile healthcare.
package transit_guard.lib.transit

import data.transit_guard.lib.config
import data.transit_guard.lib.workloads

# METADATA
# description: >-
#   The condition of TG101-TG106, which differ only in the workload type: the facts of a finding
#   at the given level ("deny" or "warn") for each inspectable workload of the type that does not
#   encrypt its inter-node traffic.
findings(type, wanted) := {assessment(workload) |
	some workload in workloads.of_type(type)
	inspectable(workload)
	not encrypted(workload)
	level(workload) == wanted
}

# METADATA
# description: The workload encrypts traffic between its nodes.
encrypted(workload) if workload.flag.state == "true"

# METADATA
# description: >-
#   The workload's flag is checked by TG101-TG106: everything but a flag supplied at run time by
#   a Step Functions JSONPath, which makes the definition uninspectable (TG107).
inspectable(workload) if workload.flag.state != "runtime"

# METADATA
# description: The workload runs on exactly one instance today (never true for AutoML).
single_instance(workload) if {
	workload.type != "automl_job"
	workload.instances.known
	workload.instances.total == 1
}

# METADATA
# description: Whether an unencrypted workload is a failure ("deny") or a warning ("warn").
level(workload) := "warn" if {
	single_instance(workload)
	not config.healthcare
} else := "deny"

# METADATA
# description: The facts of an unencrypted workload's finding, for result.finding.
assessment(workload) := {
	"text": concat("", [
		_labels[workload.type], " ", workload.resource, " does not encrypt inter-node traffic: ",
		_flag_reason(workload), "; ", _exposure(workload), _note(workload),
	]),
	"severity": _severity(workload),
	"remediation": remediation(workload),
	"resource": workload.resource,
	"input_kind": workload.input_kind,
	"path": workload.flag.path,
	"encryption": workload.flag.state,
	"instance_count": object.get(workload.instances, "total", null),
}

_labels := {
	"training_job": "training job",
	"tuning_job": "tuning job",
	"processing_job": "processing job",
	"automl_job": "AutoML job",
	"monitoring_job_definition": "monitoring job definition",
	"monitoring_schedule": "monitoring schedule",
}

_severity(workload) := "LOW" if single_instance(workload)

else := "HIGH"

_flag_reason(workload) := concat(" ", [
	workload.flag.path, _flag_reasons[workload.flag.state],
	_from(workload),
]) if {
	workload.flag.state != "unknown"
	_parameters(workload) != []
} else := concat(" ", [workload.flag.path, _flag_reasons[workload.flag.state]]) if {
	workload.flag.state != "unknown"
} else := concat(" ", [workload.flag.path, "is unknown until apply, so encryption cannot be verified"]) if {
	workload.format == "tf"
} else := concat(" ", [
	workload.flag.path, "comes from", _parameter_list(workload),
	"without a default, so encryption cannot be verified",
]) if {
	_parameters(workload) != []
} else := concat(" ", [
	workload.flag.path,
	"comes from a parameter without a default, so encryption cannot be verified",
])

_parameters(workload) := object.get(workload.flag, "parameters", [])

# "(parameter EncryptTraffic, default "false")", for each parameter the flag comes from.
_from(workload) := concat("", [
	"(", concat("; ", [_described(parameter) | some parameter in _parameters(workload)]), ")",
])

_described(parameter) := concat("", [
	_noun(parameter.style), " ", parameter.name,
	", default ", json.marshal(parameter.default),
]) if {
	"default" in object.keys(parameter)
} else := concat("", [_noun(parameter.style), " ", parameter.name, ", no default"])

_noun("cfn") := "parameter"

_noun("pipeline") := "pipeline parameter"

_parameter_list(workload) := concat("", [
	_noun(_parameters(workload)[0].style),
	_plural(_parameters(workload)), " ",
	concat(", ", [parameter.name | some parameter in _parameters(workload)]),
])

_plural(list) := "s" if count(list) > 1

else := ""

_flag_reasons := {
	"false": "is false",
	"absent": "is not set (SageMaker defaults it to false)",
	"unresolvable": "cannot be resolved to a boolean before deployment, so encryption cannot be verified",
}

_exposure(workload) := "AutoML jobs are always treated as distributed" if {
	workload.type == "automl_job"
} else := "instance count unknown, treated as distributed" if {
	not workload.instances.known
} else := "1 instance: no inter-node traffic today; exposed when scaled out; denied under profile healthcare" if {
	single_instance(workload)
	config.healthcare
} else := "1 instance: no inter-node traffic today; exposed when scaled out" if {
	single_instance(workload)
} else := concat("", [_number(workload.instances.total), " instances exchange unencrypted traffic"]) if {
	workload.instances.total > 1
} else := concat("", [
	"instance count ", _number(workload.instances.total),
	" is not valid, treated as distributed",
])

# A count as text. format_int in WebAssembly reads 32-bit integers only (a larger one stops the
# evaluation), so larger counts are printed in two parts of at most nine digits.
_number(n) := format_int(n, 10) if {
	n >= -2147483648
	n <= 2147483647
} else := concat("", [format_int(high, 10), _nine_digits(n - (high * 1000000000))]) if {
	n > 0
	high := floor(n / 1000000000)
	high <= 2147483647
} else := "a number too large to print"

_nine_digits(n) := concat("", [substring("000000000", 0, 9 - count(format_int(n, 10))), format_int(n, 10)])

_builtin_algorithms := ["xgboost", "forecasting-deepar", "linear-learner"]

_deep_learning_frameworks := ["pytorch", "tensorflow", "mxnet", "huggingface"]

_note(workload) := concat("", [
	". Encryption typically does not slow built-in algorithms such as ",
	algorithm, ", so turn it on",
]) if {
	algorithm := [name | some name in _builtin_algorithms; contains(lower(workload.image), name)][0]
} else := concat("", [
	". Encryption adds training time and cost for distributed deep learning",
	" and is still required",
]) if {
	some framework in _deep_learning_frameworks
	contains(lower(workload.image), framework)
	not single_instance(workload)
} else := ""

# METADATA
# description: >-
#   The remediation of an unencrypted workload, naming the exact field to change as the input
#   spells it: a Terraform attribute path, a CloudFormation property path (and the parameter it
#   takes its value from), an API field, an ACK spec field, a path inside a pipeline or state
#   machine definition (and where that definition is kept).
remediation(workload) := concat("", [_set(workload), _literally(workload), _via_parameters(workload), _vpc])

# A flag that cannot be read before deployment is fixed by making it readable.
_literally(workload) := ", as a value known at plan time" if {
	workload.flag.state == "unknown"
	workload.format == "tf"
} else := ", as a literal that needs no resolving at deployment" if {
	workload.flag.state == "unresolvable"
} else := ""

_vpc := ". Allow the job's security group to reach itself on UDP 500 and IP protocol 50 when it runs in a VPC."

# A job inside a definition embedded in another document: the path inside the definition.
_set(workload) := concat("", [
	"In ", workload.definition, " of ", _holder(workload), " (the ", _definition_name(workload.format),
	" JSON", _not_an_attribute(workload), "), set ",
	trim_prefix(workload.flag.path, concat("", [workload.definition, "."])), " to true",
]) if {
	workload.definition
} else := concat("", ["Set ", workload.flag.path, " = true on ", workload.resource]) if {
	workload.format == "tf"
} else := concat("", ["Set ", workload.flag.path, " to true on ", workload.resource]) if {
	workload.format == "cfn"
} else := concat("", ["Set ", workload.flag.path, " to true in ", workload.resource]) if {
	workload.format == "ack"
} else := concat("", [
	"Set ", workload.flag.path, " to true in the ", _request(workload), " request body",
	_recreate(workload),
]) if {
	workload.request
} else := concat("", ["Set ", workload.flag.path, " to true in the ", _definition_name(workload.format)]) if {
	workload.format == "pipeline"
} else := concat("", [
	"Set ", workload.flag.path, " to true in the ", _definition_name(workload.format), " definition",
]) if {
	workload.format == "sfn"
} else := concat("", ["Set ", workload.flag.path, " to true"])

# The resource that holds an embedded definition, or the workload's own.
_holder(workload) := object.get(workload, "holder", workload.resource)

_definition_name("pipeline") := "pipeline definition"

_definition_name("sfn") := "state machine"

_not_an_attribute(workload) := "; the resource has no encryption attribute of its own" if {
	workload.input_kind == "terraform_plan"
} else := ""

# A Describe* output shows something that exists: a job is changed by creating it again, a
# monitoring schedule or a pipeline by updating it.
_recreate(workload) := concat("", [
	", and create it again (", workload.request.operation,
	" shows an existing resource, whose setting cannot be changed)",
]) if {
	startswith(workload.request.operation, "Describe")
	not _update(workload.request.create)
} else := concat("", [" for ", _holder(workload)]) if {
	startswith(workload.request.operation, "Describe")
} else := ""

_update("CreateMonitoringSchedule") := "UpdateMonitoringSchedule"

_update("CreatePipeline") := "UpdatePipeline"

# The request to change: the body's own operation, or for a Describe* output the one that
# changes what it shows.
_request(workload) := _update(workload.request.create) if {
	startswith(workload.request.operation, "Describe")
} else := workload.request.create if {
	startswith(workload.request.operation, "Describe")
} else := workload.request.operation

_via_parameters(workload) := concat("", [
	": it takes its value from parameter ", parameter.name, " (Ref), so change the parameter's Default",
	_default_from(parameter), " to \"true\" or pass true for ", parameter.name,
	" when deploying, or replace the Ref with a literal true",
]) if {
	parameters := _parameters(workload)
	count(parameters) == 1
	parameter := parameters[0]
	parameter.style == "cfn"
} else := concat("", [
	": it takes its value from pipeline parameter ", parameter.name,
	" (Get), so change the parameter's DefaultValue",
	_default_from(parameter), " to true or pass true for ", parameter.name,
	" when starting an execution, or replace the Get with a literal true",
]) if {
	parameters := _parameters(workload)
	count(parameters) == 1
	parameter := parameters[0]
	parameter.style == "pipeline"
} else := concat("", [
	": it comes from ", _parameter_list(workload), ", so make each of them default to true",
	" and pass true for them, or replace the references with a literal true",
]) if {
	count(_parameters(workload)) > 1
} else := ""

_default_from(parameter) := concat("", [" from ", json.marshal(parameter.default)]) if {
	"default" in object.keys(parameter)
} else := ""
