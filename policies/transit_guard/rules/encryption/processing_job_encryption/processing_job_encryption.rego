# METADATA
# title: Processing jobs encrypt inter-node traffic
# description: >-
#   A processing job (including the QualityCheck and ClarifyCheck steps of a pipeline, which run
#   processing jobs) on several instances exchanges data between them unencrypted unless
#   NetworkConfig.EnableInterContainerTrafficEncryption is true. The instance count is
#   ProcessingResources.ClusterConfig.InstanceCount. Severity model as TG101.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html
#     description: Protect communications between ML compute instances in a distributed job
# custom:
#   id: TG103
#   severity: HIGH
#   remediation: >-
#     Set NetworkConfig.EnableInterContainerTrafficEncryption to true (Terraform awscc:
#     network_config = { enable_inter_container_traffic_encryption = true }).
#     Each finding names the exact field to change, spelled as its input spells it.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, pipeline_definition, step_functions, ack]
package transit_guard.rules.encryption.processing_job_encryption

import data.transit_guard.lib.result
import data.transit_guard.lib.transit

# METADATA
# description: Unencrypted processing jobs that fail the check.
deny contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("processing_job", "deny")
}

# METADATA
# description: Unencrypted single-instance processing jobs (a warning outside profile healthcare).
warn contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("processing_job", "warn")
}
