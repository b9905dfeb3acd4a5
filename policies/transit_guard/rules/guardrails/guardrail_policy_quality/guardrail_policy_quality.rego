# METADATA
# title: Guardrails on inter-container traffic encryption hold and break nothing else
# description: >-
#   IAM policies and service control policies can require inter-container traffic encryption with
#   the condition key sagemaker:InterContainerTrafficEncryption, which exists on exactly 11
#   actions (the job and job-definition creators, and UpdateMonitoringSchedule). A Deny on Bool
#   false alone is bypassed by a request that omits the flag (SageMaker then defaults it to
#   false): it needs a Deny on Null true over the same actions, or BoolIfExists. A Deny on Null
#   true (or BoolIfExists false) over wildcards or other actions denies every request for actions
#   that never carry the key. Both are warned about; transit-guard guardrail prints a correct SCP.
# related_resources:
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html
#     description: Condition keys for Amazon SageMaker
# custom:
#   id: TG501
#   severity: MEDIUM
#   remediation: >-
#     Deny the 11 actions that carry sagemaker:InterContainerTrafficEncryption (listed by
#     transit-guard guardrail) in two statements, one with {"Bool": {key: "false"}} and one with
#     {"Null": {key: "true"}}, naming exactly those actions; or use transit-guard guardrail's
#     output as the SCP.
#   input_kinds: [terraform_plan, cloudformation]
package transit_guard.rules.guardrails.guardrail_policy_quality

import data.transit_guard.lib.iam
import data.transit_guard.lib.result

# METADATA
# description: Guardrail statements that can be bypassed or that deny unrelated actions.
warn contains result.finding(rego.metadata.chain(), {
	"text": concat("", ["guardrail ", issue.policy.resource, _problems[issue.problem], issue.text]),
	"remediation": _remediation(issue),
	"resource": issue.policy.resource,
	"input_kind": issue.policy.input_kind,
	"path": iam.statement_path(issue.policy, issue.index),
}) if {
	iam.actions_loaded
	some issue in iam.issues
}

# METADATA
# description: >-
#   Without the action list (conftest without --data) nothing can be decided, which must not pass
#   silently.
warn contains result.finding(rego.metadata.chain(), {
	"text": concat("", [
		"guardrail ", policy.resource, " cannot be checked: the actions that carry ", iam.key,
		" (data.transit_guard.lib.iam.actions, policies/transit_guard/lib/iam/data.json) are not loaded; ",
		"conftest loads them only with --data",
	]),
	"remediation": concat("", [
		"Load the action list with the policies: give conftest the folder of the unpacked OPA bundle ",
		"(transit-guard bundle) as --data as well as --policy (its data.json holds the list under ",
		"transit_guard.lib.iam), so that ", policy.path, " of ", policy.resource, " can be checked.",
	]),
	"resource": policy.resource,
	"input_kind": policy.input_kind,
	"path": policy.path,
}) if {
	not iam.actions_loaded
	some policy in iam.guardrails
}

_problems := {
	"bypass": " can be bypassed: ",
	"breaks": " breaks actions that do not carry the key: ",
}

# The statement to change, as the input writes the policy: its path below the resource's policy
# attribute or property, and its Sid.
_statement(issue) := concat("", [
	iam.statement_path(issue.policy, issue.index), " of ", issue.policy.resource,
	" (", iam.statement_name(issue.policy, issue.index), ")",
])

_condition(operator, value) := concat("", ["{\"", operator, "\": {\"", iam.key, "\": \"", value, "\"}}"])

_conditions(issue) := iam.conditions(iam.statements(issue.policy.document)[issue.index], iam.key)

_effect(issue) := object.get(iam.statements(issue.policy.document)[issue.index], "Effect", "")

_remediation(issue) := concat("", [
	"In ", _statement(issue), ", replace the Action (or NotAction) with exactly the ",
	format_int(count(iam.guarded_actions), 10), " actions that carry ", iam.key,
	" (transit-guard guardrail lists them), so that other actions are not denied.",
]) if {
	issue.problem == "breaks"
} else := concat("", [
	"In ", _statement(issue), ", replace BoolIfExists with Bool, ", _condition("Bool", "true"),
	", so that a request without the flag is not allowed.",
]) if {
	_effect(issue) == "Allow"
} else := concat("", [
	"Split ", _statement(issue), " into two Deny statements over the same actions, one with ",
	_condition("Bool", "false"), " and one with ", _condition("Null", "true"), ".",
]) if {
	["null", "true"] in _conditions(issue)
} else := concat("", [
	"Beside ", _statement(issue), ", add a Deny statement over the same actions with ",
	_condition("Null", "true"), ", so that a request that omits the flag is denied too.",
])
