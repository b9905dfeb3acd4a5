# METADATA
# title: Model monitoring job definitions encrypt inter-node traffic
# description: >-
#   Data-quality, model-quality, model-bias and model-explainability job definitions run
#   processing jobs; their NetworkConfig.EnableInterContainerTrafficEncryption must be true. The
#   instance count is JobResources.ClusterConfig.InstanceCount. Severity model as TG101.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html
#     description: Protect communications between ML compute instances in a distributed job
# custom:
#   id: TG105
#   severity: HIGH
#   remediation: >-
#     Set NetworkConfig.EnableInterContainerTrafficEncryption to true (Terraform:
#     network_config { enable_inter_container_traffic_encryption = true }).
#     Each finding names the exact field to change, spelled as its input spells it.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, pipeline_definition, step_functions, ack]
package transit_guard.rules.encryption.monitoring_job_definition_encryption

import data.transit_guard.lib.result
import data.transit_guard.lib.transit

# METADATA
# description: Unencrypted monitoring job definitions that fail the check.
deny contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("monitoring_job_definition", "deny")
}

# METADATA
# description: Unencrypted single-instance monitoring job definitions (a warning outside profile healthcare).
warn contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("monitoring_job_definition", "warn")
}
