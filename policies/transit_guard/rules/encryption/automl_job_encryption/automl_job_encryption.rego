# METADATA
# title: AutoML jobs encrypt inter-node traffic
# description: >-
#   AutoML jobs (v1 AutoMLJobConfig.SecurityConfig, v2 SecurityConfig) choose their own instances,
#   so they are always treated as distributed: an AutoML job that does not set
#   EnableInterContainerTrafficEncryption is denied.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html
#     description: Protect communications between ML compute instances in a distributed job
# custom:
#   id: TG104
#   severity: HIGH
#   remediation: >-
#     Set SecurityConfig.EnableInterContainerTrafficEncryption to true (CreateAutoMLJobV2), or
#     AutoMLJobConfig.SecurityConfig.EnableInterContainerTrafficEncryption (CreateAutoMLJob).
#     Each finding names the exact field to change, spelled as its input spells it.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, pipeline_definition, step_functions]
package transit_guard.rules.encryption.automl_job_encryption

import data.transit_guard.lib.result
import data.transit_guard.lib.transit

# METADATA
# description: Unencrypted AutoML jobs that fail the check.
deny contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("automl_job", "deny")
}

# METADATA
# description: Unencrypted single-instance AutoML jobs (a warning outside profile healthcare).
warn contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("automl_job", "warn")
}
