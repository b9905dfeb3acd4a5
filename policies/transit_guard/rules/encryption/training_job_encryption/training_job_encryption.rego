# METADATA
# title: Training jobs encrypt inter-node traffic
# description: >-
#   SageMaker leaves the traffic between the nodes of a distributed training job unencrypted
#   unless the job sets EnableInterContainerTrafficEncryption. A job on two or more instances
#   (or on an unknown number) that does not is denied; a single-instance job has no inter-node
#   traffic today and is warned about (denied under profile healthcare), because it is exposed as
#   soon as it is scaled out. A flag that is false, absent, unknown until apply or unresolvable
#   counts as not encrypted.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html
#     description: Protect communications between ML compute instances in a distributed training job
# custom:
#   id: TG101
#   severity: HIGH
#   remediation: >-
#     Set EnableInterContainerTrafficEncryption to true (Terraform:
#     enable_inter_container_traffic_encryption = true), and allow the job's security group to
#     reach itself on UDP 500 and IP protocol 50 when it runs in a VPC.
#     Each finding names the exact field to change, spelled as its input spells it.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, pipeline_definition, step_functions, ack]
package transit_guard.rules.encryption.training_job_encryption

import data.transit_guard.lib.result
import data.transit_guard.lib.transit

# METADATA
# description: Unencrypted training jobs that fail the check.
deny contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("training_job", "deny")
}

# METADATA
# description: Unencrypted single-instance training jobs (a warning outside profile healthcare).
warn contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("training_job", "warn")
}
