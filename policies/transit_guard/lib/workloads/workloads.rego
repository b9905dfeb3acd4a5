# METADATA
# title: Workloads from every adapter
# description: >-
#   The workloads of the input's kind, in one shape, so that a rule is written once for every
#   input format.
package transit_guard.lib.workloads

import data.transit_guard.lib.adapters.ack
import data.transit_guard.lib.adapters.cloudformation
import data.transit_guard.lib.adapters.pipeline_definition
import data.transit_guard.lib.adapters.sagemaker_api
import data.transit_guard.lib.adapters.step_functions
import data.transit_guard.lib.adapters.terraform_plan
import data.transit_guard.lib.document

# METADATA
# description: Every workload the input defines (only the input kind's adapter runs).
# scope: document
default found := set()

found := terraform_plan.workloads if document.kind == "terraform_plan"

found := cloudformation.workloads if document.kind == "cloudformation"

found := pipeline_definition.workloads if document.kind == "pipeline_definition"

found := step_functions.workloads if document.kind == "step_functions"

found := ack.workloads if document.kind == "ack"

found := sagemaker_api.workloads if document.kind == "sagemaker_api"

# METADATA
# description: The workloads of one type (training_job, tuning_job, processing_job, ...).
of_type(type) := {workload | some workload in found; workload.type == type}

# METADATA
# description: >-
#   Why nothing applies to the workloads that have no inter-node traffic to encrypt (a batch
#   transform job, a model, an endpoint ...): {"resource", "note"} each.
notes contains {"resource": workload.resource, "note": workload.note} if {
	some workload in found
	is_string(workload.note)
}
