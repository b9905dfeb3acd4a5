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
	"remediation": _remediation(attachment, missing),
	"resource": attachment.job.resource,
	"input_kind": attachment.job.input_kind,
	"path": attachment.path,
	"security_group": attachment.group,
}) if {
	some attachment in security_groups.attachments
	missing := security_groups.missing(attachment.group)
	count(missing) > 0
}

# The rules to add, as the input writes them: inline ingress/egress blocks with self = true on
# the Terraform group, AWS::EC2::SecurityGroupIngress/Egress resources with the group as its own
# peer in CloudFormation.
_remediation(attachment, missing) := concat("", [
	"Add to ", attachment.group, " (named by ", attachment.path, " of ", attachment.job.resource, ") ",
	concat(" and ", [_tf_rule(need) | some need in missing]),
	" (or the same as aws_vpc_security_group_ingress_rule/egress_rule resources with ",
	"referenced_security_group_id = ", _local(attachment.group), ".id).",
]) if {
	attachment.job.input_kind == "terraform_plan"
} else := concat("", [
	"Add ", concat(" and ", [_cfn_rule(attachment.group, need) | some need in missing]),
	" (the group ", attachment.group, " is named by ", attachment.path, " of ", attachment.job.resource, ").",
])

_tf_rule(need) := concat("", [
	_direction(need), " { protocol = ", _tf_protocol(_protocol(need)),
	", from_port = ", _port(need), ", to_port = ", _port(need), ", self = true }",
])

_cfn_rule(group, need) := concat("", [
	_cfn_type(_direction(need)), " with GroupId: !Ref ", group, ", ", _cfn_peer(_direction(need)),
	": !Ref ", group, ", IpProtocol: ", _cfn_protocol(_protocol(need)),
	", FromPort: ", _port(need), ", ToPort: ", _port(need),
])

_direction(need) := "ingress" if startswith(need, "inbound")

else := "egress"

_protocol(need) := "ike" if contains(need, "UDP 500")

else := "esp"

_port(need) := "500" if _protocol(need) == "ike"

else := "0"

_tf_protocol("ike") := "\"udp\""

_tf_protocol("esp") := "\"50\""

_cfn_type("ingress") := "an AWS::EC2::SecurityGroupIngress"

_cfn_type("egress") := "an AWS::EC2::SecurityGroupEgress"

_cfn_peer("ingress") := "SourceSecurityGroupId"

_cfn_peer("egress") := "DestinationSecurityGroupId"

_cfn_protocol("ike") := "udp"

_cfn_protocol("esp") := "\"50\""

_local(address) := substring(address, indexof(address, "aws_security_group."), -1)
