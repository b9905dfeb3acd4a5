# METADATA
# title: IAM policy documents and guardrails on sagemaker:InterContainerTrafficEncryption
# description: >-
#   Reads IAM policy documents (statements, actions, principals, conditions, wildcards) for the
#   S3 bucket policy rules and the guardrail rule, and finds the guardrail policies of a document:
#   IAM policies and service control policies whose conditions use the key
#   sagemaker:InterContainerTrafficEncryption. The key exists on exactly the actions listed in
#   data.json beside this file (data.transit_guard.lib.iam.actions), which the
#   transit-guard guardrail command reads too: one list for the policies and the generator.
package transit_guard.lib.iam

import data.transit_guard.lib.document
import data.transit_guard.lib.embedded
import data.transit_guard.lib.plan
import data.transit_guard.lib.template
import data.transit_guard.lib.wildcard

# METADATA
# description: The actions that carry the condition key, as data.json lists them.
guarded_actions := data.transit_guard.lib.iam.actions # regal ignore:unresolved-reference

# METADATA
# description: The condition key of the guardrails.
key := "sagemaker:InterContainerTrafficEncryption"

# METADATA
# description: >-
#   The action list is loaded. It is whenever the policies are loaded as a bundle, by opa eval or
#   test with the policies folder, or in WebAssembly; conftest loads data only with --data.
actions_loaded if count(guarded_actions) > 0

_guarded_lower contains lower(action) if some action in guarded_actions

# METADATA
# description: The statements of a policy document (Statement may be one object or a list).
statements(doc) := as_list(doc.Statement)

# METADATA
# description: A value as a list (IAM allows one value or a list almost everywhere).
as_list(value) := value if {
	is_array(value)
} else := [] if {
	value == null
} else := [value]

# METADATA
# description: The Action patterns of a statement, in lower case (IAM compares actions case-insensitively).
statement_actions(statement) := [lower(action) |
	some action in as_list(object.get(statement, "Action", null))
	is_string(action)
]

# METADATA
# description: >-
#   The statement applies to the action: an Action pattern matches it, or NotAction is given
#   and none of its patterns does.
# scope: document
covers_action(statement, action) if {
	some pattern in statement_actions(statement)
	matches(pattern, lower(action))
}

covers_action(statement, action) if {
	statement.NotAction
	every pattern in as_list(statement.NotAction) {
		not matches(lower(pattern), lower(action))
	}
}

# METADATA
# description: >-
#   An IAM wildcard pattern (* any characters, ? one character, across ":" and "/") matches the
#   value (lib/wildcard: no regular expressions, see there why).
matches(pattern, value) if wildcard.match(pattern, value)

# METADATA
# description: >-
#   The statement applies to every principal ("*" or {"AWS": "*"}).
# scope: document
everyone(statement) if statement.Principal == "*"

everyone(statement) if "*" in as_list(statement.Principal.AWS)

# METADATA
# description: >-
#   The conditions of a statement on one key (compared case-insensitively): a set of
#   [operator, value], both as lower-case text (["bool", "false"], ["numericlessthan", "1.3"]).
conditions(statement, condition_key) := {[lower(operator), _text(value)] |
	some operator, block in object.get(statement, "Condition", {})
	some name, values in block
	lower(name) == lower(condition_key)
	some value in as_list(values)
}

# METADATA
# description: Every condition key a statement uses, in lower case.
condition_keys(statement) := {lower(name) |
	some block in object.get(statement, "Condition", {})
	some name, _ in block
}

_text(value) := "true" if {
	value == true
} else := "false" if {
	value == false
} else := lower(value) if {
	is_string(value)
} else := json.marshal(value) if {
	is_number(value)
} else := "?"

# METADATA
# description: >-
#   A policy document from a value: an object, or a JSON string (Terraform, and CloudFormation
#   when written as text). Undefined when it cannot be read.
document_of(value) := value if {
	is_object(value)
} else := embedded.json_object(value)

_tf_attributes := {
	"aws_iam_policy": "policy",
	"aws_iam_role_policy": "policy",
	"aws_organizations_policy": "content",
}

_cfn_properties := {
	"AWS::IAM::ManagedPolicy": "PolicyDocument",
	"AWS::IAM::Policy": "PolicyDocument",
	"AWS::Organizations::Policy": "Content",
}

# METADATA
# description: The Terraform resource types guardrail policies are read from.
tf_types := object.keys(_tf_attributes)

# METADATA
# description: >-
#   Every IAM policy and SCP of the document that can be read: {"resource", "input_kind",
#   "path", "document"}.
# scope: document
policies contains policy if {
	document.kind == "terraform_plan"
	some change in plan.changes
	attribute := _tf_attributes[change.type]
	doc := document_of(change.change.after[attribute])
	policy := {"resource": change.address, "input_kind": "terraform_plan", "path": attribute, "document": doc}
}

policies contains policy if {
	document.kind == "cloudformation"
	some id, resource in template.resources
	property := _cfn_properties[resource.Type]
	doc := document_of(resource.Properties[property])
	policy := {
		"resource": id,
		"input_kind": "cloudformation",
		"path": concat(".", ["Properties", property]),
		"document": doc,
	}
}

# METADATA
# description: The policies of the document with a condition on sagemaker:InterContainerTrafficEncryption.
guardrails contains policy if {
	some policy in policies
	some statement in statements(policy.document)
	lower(key) in condition_keys(statement)
}

# METADATA
# description: The path of statement i of a policy, as a reader of the document would write it.
statement_path(policy, i) := concat("", [policy.path, ".Statement[", format_int(i, 10), "]"]) if {
	is_array(policy.document.Statement)
} else := concat("", [policy.path, ".Statement"])

# METADATA
# description: A statement's name in messages (its Sid, or its position).
statement_name(policy, i) := policy.document.Statement[i].Sid if {
	is_string(policy.document.Statement[i].Sid)
} else := concat("", ["Statement[", format_int(i, 10), "]"]) if {
	is_array(policy.document.Statement)
} else := policy.document.Statement.Sid if {
	is_string(policy.document.Statement.Sid)
} else := "Statement"

# The guardrail statements of a policy: [index, statement, effect, conditions on the key].
_guards(policy) := [[i, statement, object.get(statement, "Effect", ""), conditions(statement, key)] |
	some i, statement in statements(policy.document)
]

# The guarded actions a set of statements with the given effect and condition denies.
_covered(policy, effect, condition) := {action |
	some [_, statement, statement_effect, found] in _guards(policy)
	statement_effect == effect
	condition in found
	some action in guarded_actions
	covers_action(statement, action)
}

# METADATA
# description: >-
#   What is wrong with the guardrail policies of the document: {"policy", "index", "problem",
#   "text"} with problem "bypass" (a request that omits the flag is not stopped) or "breaks"
#   (requests for actions that never carry the key are denied).
# scope: document
issues contains issue if {
	some policy in guardrails
	some [i, statement, "Deny", found] in _guards(policy)
	["bool", "false"] in found
	not ["null", "true"] in found
	denied := {action | some action in guarded_actions; covers_action(statement, action)}
	missing := (denied - _covered(
		policy,
		"Deny",
		["null", "true"],
	)) - _covered(policy, "Deny", ["boolifexists", "false"])
	count(missing) > 0
	issue := {"policy": policy, "index": i, "problem": "bypass", "text": concat("", [
		statement_name(policy, i), " denies ", key, " = false with Bool, which does not match a request that ",
		"omits the flag (SageMaker then defaults it to false), and no Deny with Null ", key, " = true covers ",
		concat(", ", sort(missing)),
	])}
}

# An Allow that only requires the flag if it is present lets requests without it through.
issues contains issue if {
	some policy in guardrails
	some [i, _, "Allow", found] in _guards(policy)
	["boolifexists", "true"] in found
	issue := {"policy": policy, "index": i, "problem": "bypass", "text": concat("", [
		statement_name(policy, i), " allows with BoolIfExists ", key, " = true, which also allows a request ",
		"that omits the flag (SageMaker then defaults it to false)",
	])}
}

# Both conditions in one statement must hold at once, which no request does.
issues contains issue if {
	some policy in guardrails
	some [i, _, "Deny", found] in _guards(policy)
	["bool", "false"] in found
	["null", "true"] in found
	issue := {"policy": policy, "index": i, "problem": "bypass", "text": concat("", [
		statement_name(policy, i), " requires both Bool ", key, " = false and Null ", key, " = true, ",
		"which no request satisfies, so it denies nothing: put them in two statements",
	])}
}

issues contains issue if {
	some policy in guardrails
	some [i, statement, "Deny", found] in _guards(policy)
	some condition in [["null", "true"], ["boolifexists", "false"]]
	condition in found
	unrelated := _unrelated(statement)
	count(unrelated) > 0
	issue := {"policy": policy, "index": i, "problem": "breaks", "text": concat("", [
		statement_name(policy, i), " denies requests without ", key, " on ", concat(", ", unrelated),
		", but only ", format_int(count(guarded_actions), 10), " SageMaker actions carry the key ",
		"(transit-guard guardrail lists them): every other action these patterns match is denied too",
	])}
}

# Action patterns of a key-absent deny that are not one of the guarded actions (wildcards match
# actions without the key); NotAction matches almost everything.
_unrelated(statement) := sort({pattern |
	some pattern in as_list(object.get(statement, "Action", null))
	is_string(pattern)
	not lower(pattern) in _guarded_lower
} | {"NotAction" | statement.NotAction})
