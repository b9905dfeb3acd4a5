# METADATA
# title: TG501 tests
# description: >-
#   Guardrails on sagemaker:InterContainerTrafficEncryption must not be bypassable and must not
#   deny actions that never carry the key.
package transit_guard.rules.guardrails.guardrail_policy_quality_test

import data.transit_guard.lib.iam
import data.transit_guard.rules.guardrails.guardrail_policy_quality as tg501

_key := "sagemaker:InterContainerTrafficEncryption"

_statement(effect, actions, operator, value) := {
	"Effect": effect,
	"Action": actions,
	"Resource": "*",
	"Condition": {operator: {_key: value}},
}

_bool := _statement("Deny", iam.guarded_actions, "Bool", "false")

_null := _statement("Deny", iam.guarded_actions, "Null", "true")

_template(type, property, document) := {"Resources": {"Guardrail": {"Type": type, "Properties": {property: document}}}}

_scp(statements) := _template(
	"AWS::Organizations::Policy",
	"Content",
	{"Version": "2012-10-17", "Statement": statements},
)

# METADATA
# description: Some finding's message contains text.
_says(findings, text) if {
	some finding in findings
	contains(finding.msg, text)
}

# METADATA
# description: Some finding's message ends with text.
_ends_with(findings, text) if {
	some finding in findings
	endswith(finding.msg, text)
}

# METADATA
# description: The TG501 findings as [resource, path].
_facts(findings) := {[f.resource, f.path] | some f in findings; f.id == "TG501"; f.severity == "MEDIUM"}

# METADATA
# description: Bool false with Null true over the same actions passes; so does BoolIfExists false.
test_allowed_correct_guardrails if {
	tg501.warn == set() with input as _scp([_bool, _null])
	tg501.warn == set() with input as _scp([_statement("Deny", iam.guarded_actions, "BoolIfExists", false)])
	tg501.warn == set() with input as _scp([_statement("Allow", ["sagemaker:CreateTrainingJob"], "Bool", true)])
}

# METADATA
# description: Bool false alone is bypassed by omitting the flag, and the message names the uncovered actions.
test_denied_bool_only if {
	doc := _scp([_statement("Deny", ["sagemaker:CreateTrainingJob"], "Bool", "false")])
	_facts(tg501.warn) == {["Guardrail", "Properties.Content.Statement[0]"]} with input as doc
	some finding in tg501.warn with input as doc
	finding.msg == concat("", [
		"TG501: guardrail Guardrail can be bypassed: Statement[0] denies ", _key, " = false with Bool, ",
		"which does not match a request that omits the flag (SageMaker then defaults it to false), ",
		"and no Deny with Null ", _key, " = true covers sagemaker:CreateTrainingJob",
	])
}

# METADATA
# description: A Null deny that covers only some of the actions leaves the rest bypassable.
test_denied_null_partial if {
	doc := _scp([
		_statement("Deny", ["sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob"], "Bool", "false"),
		_statement("Deny", ["sagemaker:CreateTrainingJob"], "Null", "true"),
	])
	_ends_with(tg501.warn, "covers sagemaker:CreateProcessingJob") with input as doc
}

# METADATA
# description: An Allow with BoolIfExists true lets a request without the flag through.
test_denied_allow_if_exists if {
	doc := _template("AWS::IAM::ManagedPolicy", "PolicyDocument", {"Statement": {
		"Sid": "AllowEncrypted",
		"Effect": "Allow",
		"Action": "sagemaker:CreateTrainingJob",
		"Resource": "*",
		"Condition": {"BoolIfExists": {lower(_key): "true"}},
	}})
	_facts(tg501.warn) == {["Guardrail", "Properties.PolicyDocument.Statement"]} with input as doc
	_says(tg501.warn, "can be bypassed: AllowEncrypted allows with BoolIfExists") with input as doc
}

# METADATA
# description: Bool false and Null true in one statement must both hold, so it denies nothing.
test_denied_both_conditions_in_one_statement if {
	statement := {
		"Effect": "Deny",
		"Action": iam.guarded_actions,
		"Resource": "*",
		"Condition": {"Bool": {_key: "false"}, "Null": {_key: "true"}},
	}
	_says(tg501.warn, "which no request satisfies") with input as _scp([statement])
}

# METADATA
# description: >-
#   A Null deny (or BoolIfExists false) over a wildcard or NotAction denies unrelated actions; a
#   Bool deny over a wildcard is harmless.
test_denied_breaks_unrelated_actions if {
	wildcard := _scp([_bool, _statement("Deny", ["sagemaker:Create*"], "Null", "true")])
	_says(tg501.warn, "breaks actions that do not carry the key: Statement[1] denies requests without")
		with input as wildcard
	_says(tg501.warn, "on sagemaker:Create*, but only 11 SageMaker actions carry the key") with input as wildcard
	_says(tg501.warn, "on sagemaker:*") with input as _scp([_statement("Deny", "sagemaker:*", "BoolIfExists", "false")])
	not_action := {"Effect": "Deny", "NotAction": "s3:*", "Resource": "*", "Condition": {"Null": {_key: "true"}}}
	_says(tg501.warn, "on NotAction") with input as _scp([_bool, not_action])
	tg501.warn == set() with input as _scp([_statement("Deny", "sagemaker:*", "Bool", "false"), _null])
}

_change(type, attribute, document) := {
	"address": concat(".", [type, "g"]),
	"mode": "managed",
	"type": type,
	"name": "g",
	"change": {"actions": ["create"], "after": {attribute: json.marshal(document)}, "after_unknown": {}},
}

_plan(changes) := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes}

# METADATA
# description: Policies in a plan are JSON strings; a policy that does not use the key is not a guardrail.
test_plan_policies if {
	doc := _plan([
		_change(
			"aws_organizations_policy",
			"content",
			{"Statement": [_statement("Deny", "sagemaker:CreateTrainingJob", "Bool", "false")]},
		),
		_change("aws_iam_role_policy", "policy", {"Statement": [_bool, _null]}),
		_change(
			"aws_iam_policy",
			"policy",
			{"Statement": [{"Effect": "Deny", "Action": "sagemaker:*", "Resource": "*"}]},
		),
	])
	_facts(tg501.warn) == {["aws_organizations_policy.g", "content.Statement[0]"]} with input as doc
}

# METADATA
# description: >-
#   Without the action list (conftest without --data) every guardrail is reported as uncheckable,
#   never passed silently.
test_denied_without_action_list if {
	findings := tg501.warn with input as _scp([_bool, _null]) with iam.guarded_actions as []
	_facts(findings) == {["Guardrail", "Properties.Content"]}
	_says(findings, "cannot be checked: the actions that carry sagemaker:InterContainerTrafficEncryption")
}

# remediation

_fixes(findings) := {f.remediation | some f in findings; f.id == "TG501"}

# METADATA
# description: >-
#   In a template, the remediation names the statement by its property path and Sid, and says
#   what to change for each way a guardrail fails.
test_remediation_template if {
	_fixes(tg501.warn) == {concat("", [
		"Beside Properties.Content.Statement[0] of Guardrail (Statement[0]), add a Deny statement over the same ",
		"actions with {\"Null\": {\"sagemaker:InterContainerTrafficEncryption\": \"true\"}}, so that a request ",
		"that omits the flag is denied too.",
	])} with input as _scp([_bool])
	allow := object.union(_statement("Allow", iam.guarded_actions, "BoolIfExists", "true"), {"Sid": "AllowEncrypted"})
	_fixes(tg501.warn) == {concat("", [
		"In Properties.Content.Statement[1] of Guardrail (AllowEncrypted), replace BoolIfExists with Bool, ",
		"{\"Bool\": {\"sagemaker:InterContainerTrafficEncryption\": \"true\"}}, so that a request without the ",
		"flag is not allowed.",
	])} with input as _scp([_null, allow])
	both := {
		"Effect": "Deny", "Action": iam.guarded_actions, "Resource": "*",
		"Condition": {"Bool": {_key: "false"}, "Null": {_key: "true"}},
	}
	_fixes(tg501.warn) == {concat("", [
		"Split Properties.Content.Statement[0] of Guardrail (Statement[0]) into two Deny statements over the ",
		"same actions, one with {\"Bool\": {\"sagemaker:InterContainerTrafficEncryption\": \"false\"}} and one ",
		"with {\"Null\": {\"sagemaker:InterContainerTrafficEncryption\": \"true\"}}.",
	])} with input as _scp([both])
}

# METADATA
# description: In a plan, the remediation names the statement below the policy attribute (content of an SCP).
test_remediation_plan if {
	doc := _plan([_change(
		"aws_organizations_policy", "content",
		{"Statement": [_null, _statement("Deny", ["sagemaker:Create*"], "Null", "true")]},
	)])
	_fixes(tg501.warn) == {concat("", [
		"In content.Statement[1] of aws_organizations_policy.g (Statement[1]), replace the Action (or NotAction) ",
		"with exactly the 11 actions that carry sagemaker:InterContainerTrafficEncryption (transit-guard ",
		"guardrail lists them), so that other actions are not denied.",
	])} with input as doc
	findings := tg501.warn with input as doc with iam.guarded_actions as []
	_fixes(findings) == {concat("", [
		"Load the action list with the policies: give conftest the folder of the unpacked OPA bundle ",
		"(transit-guard bundle) as --data as well as --policy (its data.json holds the list under ",
		"transit_guard.lib.iam), so that content of aws_organizations_policy.g can be checked.",
	])}
}
