# METADATA
# description: >-
#   A Transit Guard rule package declares what the catalog, the docs and every finding read from
#   its annotations: custom.id (TGnnn), custom.severity (LOW, MEDIUM or HIGH), a remediation and
#   custom.input_kinds (input kinds the policies recognise).
# related_resources:
#   - ref: https://www.openpolicyagent.org/projects/regal/custom-rules
#     description: Regal custom rules
# schemas:
#   - input: schema.regal.ast
package custom.regal.rules.custom["rule-metadata"]

import data.regal.ast
import data.regal.result

_kinds := {"terraform_plan", "cloudformation", "sagemaker_api", "pipeline_definition", "step_functions", "ack"}

_path := ast.ref_to_string(input["package"].path)

# A rule package: transit_guard.rules.<area>.<rule>, tests excluded.
_rule_package if {
	startswith(_path, "data.transit_guard.rules.")
	not endswith(_path, "_test")
}

_package_annotation := [annotation |
	some annotation in input["package"].annotations
	annotation.scope == "package"
][0]

report contains violation if {
	_rule_package
	not _package_annotation
	violation := result.fail(rego.metadata.chain(), object.union(
		result.location(input["package"]),
		{"description": "rule package without package annotations (custom.id, severity, remediation, input_kinds)"},
	))
}

report contains violation if {
	annotation := _package_annotation
	_checked(annotation)
	some problem in _problems
	violation := result.fail(rego.metadata.chain(), object.union(
		result.location(input["package"]),
		{"description": concat("", ["rule package annotations: ", problem])},
	))
}

# Rule packages, and any package that declares a rule ID (TG000 lives in lib/waivers).
_checked(_) if _rule_package

_checked(annotation) if annotation.custom.id

_problems contains "custom.id must match TGnnn" if {
	annotation := _package_annotation
	not regex.match(`^TG[0-9]{3}$`, object.get(annotation, ["custom", "id"], ""))
}

_problems contains "custom.severity must be LOW, MEDIUM or HIGH" if {
	annotation := _package_annotation
	not object.get(annotation, ["custom", "severity"], "") in {"LOW", "MEDIUM", "HIGH"}
}

_problems contains "custom.remediation must be a non-empty text" if {
	annotation := _package_annotation
	trim_space(object.get(annotation, ["custom", "remediation"], "")) == ""
}

_problems contains "title must be a non-empty text" if {
	annotation := _package_annotation
	trim_space(object.get(annotation, "title", "")) == ""
}

_problems contains "custom.input_kinds must list input kinds the policies recognise" if {
	annotation := _package_annotation
	kinds := object.get(annotation, ["custom", "input_kinds"], [])
	not _valid_kinds(kinds)
}

_valid_kinds(kinds) if {
	is_array(kinds)
	count(kinds) > 0
	every kind in kinds {
		kind in _kinds
	}
}
