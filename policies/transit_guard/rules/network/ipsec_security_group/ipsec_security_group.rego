# METADATA
# title: Encrypted jobs can build their IPsec tunnels
# description: >-
#   Inter-container traffic encryption runs IPsec between a job's instances: IKE on UDP 500 and
#   ESP (IP protocol 50), inbound and outbound, within the job's security group. A job that
#   encrypts and runs in a VPC whose security group is defined in the same document must let the
#   group reach itself on both (or on all traffic), or the job fails when it starts. Warned about.
# related_resources:
#   - ref: https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html
#     description: Protect communications between ML compute instances in a distributed training job
# custom:
#   id: TG601
#   severity: MEDIUM
#   remediation: >-
#     Add self-referencing rules to the job's security group, inbound and outbound: UDP port 500
#     and IP protocol 50 (Terraform: ingress/egress blocks with self = true, or
#     aws_vpc_security_group_ingress_rule/egress_rule with referenced_security_group_id set to the
#     group; CloudFormation: AWS::EC2::SecurityGroupIngress/Egress with the group as source or
#     destination).
#   input_kinds: [terraform_plan, cloudformation]
package transit_guard.rules.network.ipsec_security_group

import data.transit_guard.lib.result
import data.transit_guard.lib.security_groups

# METADATA
# description: Encrypted jobs whose security group does not allow itself IKE and ESP both ways.
warn contains result.finding(rego.metadata.chain(), {
	"text": concat("", [
		replace(attachment.job.type, "_", " "), " ", attachment.job.resource,
		" encrypts inter-node traffic, but its security group ", attachment.group,
		" does not allow itself ", concat(", ", missing),
		": the IPsec tunnels between its instances cannot form and the job fails when it starts",
	]),
	"resource": attachment.job.resource,
	"input_kind": attachment.job.input_kind,
	"path": attachment.path,
	"security_group": attachment.group,
}) if {
	some attachment in security_groups.attachments
	missing := security_groups.missing(attachment.group)
	count(missing) > 0
}
