package custom.regal.rules.custom["rule-metadata_test"]

import data.custom.regal.rules.custom["rule-metadata"] as rule

_module(text) := regal.parse_module("policy.rego", text)

test_complete_annotations_pass if {
	r := rule.report with input as _module(`# METADATA
# title: T
# custom:
#   id: TG101
#   severity: HIGH
#   remediation: Fix it.
#   input_kinds: [terraform_plan, ack]
package transit_guard.rules.encryption.x
`)
	r == set()
}

test_bad_id_severity_and_kind_fail if {
	r := rule.report with input as _module(`# METADATA
# title: T
# custom:
#   id: X101
#   severity: CRITICAL
#   remediation: Fix it.
#   input_kinds: [terraform]
package transit_guard.rules.encryption.x
`)
	{v.description | some v in r} == {
		"rule package annotations: custom.id must match TGnnn",
		"rule package annotations: custom.severity must be LOW, MEDIUM or HIGH",
		"rule package annotations: custom.input_kinds must list input kinds the policies recognise",
	}
}

test_rule_package_without_annotations_fails if {
	r := rule.report with input as _module("package transit_guard.rules.encryption.x\n")
	count(r) == 1
}

test_other_packages_and_tests_are_not_checked if {
	rule.report == set() with input as _module("package transit_guard.lib.x\n")
	rule.report == set() with input as _module("package transit_guard.rules.encryption.x_test\n")
}
