# METADATA
# title: Hyperparameter tuning jobs encrypt inter-node traffic
# description: >-
#   A hyperparameter tuning job launches training jobs from its training definitions
#   (TrainingJobDefinition and every entry of TrainingJobDefinitions); each definition must set
#   EnableInterContainerTrafficEncryption. The instance count of a definition is its ResourceConfig
#   (InstanceCount, instance groups) or HyperParameterTuningResourceConfig (InstanceCount,
#   InstanceConfigs). Severity model as TG101.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html
#     description: Protect communications between ML compute instances in a distributed job
# custom:
#   id: TG102
#   severity: HIGH
#   remediation: >-
#     Set EnableInterContainerTrafficEncryption to true in every training definition of the tuning
#     job (Terraform: training_job_definition { enable_inter_container_traffic_encryption = true }).
#     Each finding names the exact field to change, spelled as its input spells it.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, pipeline_definition, step_functions, ack]
package transit_guard.rules.encryption.tuning_job_encryption

import data.transit_guard.lib.result
import data.transit_guard.lib.transit

# METADATA
# description: Unencrypted tuning jobs that fail the check.
deny contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("tuning_job", "deny")
}

# METADATA
# description: Unencrypted single-instance tuning jobs (a warning outside profile healthcare).
warn contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("tuning_job", "warn")
}
