# METADATA
# title: What kind of document the input is
# description: >-
#   The input kind is recognised from the document's shape, here and nowhere else. The loader asks
#   for it (entrypoint transit_guard/main/document_kind) to pick the JSON Schema that validates the
#   input.
package transit_guard.lib.document

import data.transit_guard.lib.adapters.ack
import data.transit_guard.lib.adapters.cloudformation
import data.transit_guard.lib.adapters.pipeline_definition
import data.transit_guard.lib.adapters.sagemaker_api
import data.transit_guard.lib.adapters.step_functions

# METADATA
# description: >-
#   Where the Terraform plan sits in the input: [] for a bare plan (terraform show -json),
#   ["plan"] for HCP Terraform's policy input, ["terraform"] for Spacelift's.
plan_path := [] if {
	_is_plan(input)
} else := ["plan"] if {
	_is_plan(input.plan)
} else := ["terraform"] if {
	_is_plan(input.terraform)
}

# METADATA
# description: The Terraform plan document, wherever it sits in the input.
plan := object.get(input, plan_path, null)

# A plan is recognised by format_version plus any key only plans carry, so that a plan with an
# unsupported format_version is still recognised (and then refused by its schema, not ignored).
_is_plan(doc) if {
	is_string(doc.format_version)
	some key in ["terraform_version", "resource_changes", "planned_values", "configuration"]
	doc[key]
}

# METADATA
# description: The input kind; "unknown" when no adapter recognises the document.
# scope: document
default kind := "unknown"

kind := "terraform_plan" if {
	plan_path
} else := "cloudformation" if {
	cloudformation.is_template(input)
} else := "pipeline_definition" if {
	pipeline_definition.is_definition(input)
} else := "step_functions" if {
	step_functions.is_definition(input)
} else := "step_functions" if {
	step_functions.is_states(input)
} else := "ack" if {
	ack.is_manifest(input)
} else := "sagemaker_api" if {
	sagemaker_api.operation
}

# METADATA
# description: What the loader needs to validate the input against the right schema.
summary := {"kind": kind, "path": plan_path} if {
	kind == "terraform_plan"
} else := {"kind": kind, "operation": sagemaker_api.operation} if {
	kind == "sagemaker_api"
} else := {"kind": kind}
