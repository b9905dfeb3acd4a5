# METADATA
# title: Workloads from every adapter
# description: >-
#   The union of what the adapters found, in one shape, so that a rule is written once for every
#   input format.
package transit_guard.lib.workloads

import data.transit_guard.lib.adapters.sagemaker_api
import data.transit_guard.lib.adapters.terraform_plan
import data.transit_guard.lib.document

# METADATA
# description: Every workload the input defines.
# scope: document
found contains workload if {
	document.kind == "terraform_plan"
	some workload in terraform_plan.workloads
}

found contains workload if {
	document.kind == "sagemaker_api"
	some workload in sagemaker_api.workloads
}

# METADATA
# description: The workloads of one type (training_job, tuning_job, processing_job, ...).
of_type(type) := {workload | some workload in found; workload.type == type}
