# METADATA
# title: Monitoring schedules with an inline job definition encrypt inter-node traffic
# description: >-
#   A monitoring schedule that defines its job inline
#   (MonitoringScheduleConfig.MonitoringJobDefinition) must set its
#   NetworkConfig.EnableInterContainerTrafficEncryption; a schedule that names a separate job
#   definition is checked through that definition (TG105). Severity model as TG101.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html
#     description: Protect communications between ML compute instances in a distributed job
# custom:
#   id: TG106
#   severity: HIGH
#   remediation: >-
#     Set MonitoringScheduleConfig.MonitoringJobDefinition.NetworkConfig.EnableInterContainerTrafficEncryption
#     to true (Terraform: monitoring_job_definition { network_config {
#     enable_inter_container_traffic_encryption = true } }).
#     Each finding names the exact field to change, spelled as its input spells it.
#   input_kinds: [terraform_plan, cloudformation, sagemaker_api, pipeline_definition, step_functions, ack]
package transit_guard.rules.encryption.monitoring_schedule_encryption

import data.transit_guard.lib.result
import data.transit_guard.lib.transit

# METADATA
# description: Unencrypted monitoring schedules that fail the check.
deny contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("monitoring_schedule", "deny")
}

# METADATA
# description: Unencrypted single-instance monitoring schedules (a warning outside profile healthcare).
warn contains result.finding(rego.metadata.chain(), facts) if {
	some facts in transit.findings("monitoring_schedule", "warn")
}
