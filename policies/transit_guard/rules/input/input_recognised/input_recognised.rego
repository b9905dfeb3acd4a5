# METADATA
# title: The input is a document Transit Guard can check
# description: >-
#   A policy engine that is given no input, or a document of no kind Transit Guard recognises,
#   would otherwise find nothing and return an empty deny, which a caller that gates on an empty
#   deny would let through: a plan POSTed to an OPA server without the {"input": ...} wrapper
#   (OPA then sees no input at all), an empty document, a package.json. Such input is denied
#   (fail closed), with what was expected. The CLI asks for the document's kind before
#   evaluating it and refuses such input itself (exit 2 for a named file; skipped when found by
#   walking a directory), so this finding comes from OPA servers, conftest and policy sets. It
#   reads every input: one of the kinds listed passes, anything else is denied.
# custom:
#   id: TG001
#   severity: HIGH
#   remediation: >-
#     Give the policies one of the documents they check: Terraform plan JSON (terraform show -json),
#     a CloudFormation template, a SageMaker API request body or Describe output, a SageMaker
#     Pipelines definition, a Step Functions state machine or an ACK SageMaker manifest. To an OPA
#     server, POST the document wrapped as {"input": <document>} to
#     /v1/data/transit_guard/main/decision (or /deny); to conftest, give the plan's JSON, not the
#     binary plan or the Terraform configuration.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, pipeline_definition, step_functions, ack]
package transit_guard.rules.input.input_recognised

import data.transit_guard.lib.document
import data.transit_guard.lib.result

# METADATA
# description: >-
#   One finding when the input is absent or of no recognised kind; undefined otherwise, so that the
#   rule is not counted among the rules a recognised document passes.
deny := {result.finding(rego.metadata.chain(), _facts)} if document.kind == "unknown"

_expected := concat("", [
	"expected Terraform plan JSON (terraform show -json), a CloudFormation template, ",
	"a SageMaker API request body or Describe output, a SageMaker Pipelines definition, ",
	"a Step Functions state machine, or an ACK SageMaker manifest",
])

_facts := _finding(concat("", [
	"there is no input to check (an empty document, or one sent to an OPA server without the ",
	"{\"input\": <document>} wrapper); ", _expected,
])) if {
	not _has_input
} else := _finding(concat("", ["the input is not a document Transit Guard can check: ", _expected]))

_has_input if input != null

_finding(text) := {
	"text": text,
	"resource": "input",
	"input_kind": "unknown",
	"path": "input",
}
