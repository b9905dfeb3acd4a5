# METADATA
# title: Security groups of encrypted jobs, and whether they let IPsec through
# description: >-
#   Inter-container traffic encryption runs IPsec between the job's instances: IKE on UDP 500 and
#   ESP (IP protocol 50), both ways, within the job's own security group. This finds the jobs of a
#   Terraform plan or CloudFormation template that encrypt and name security groups defined in the
#   same document (in a plan through the configuration's references, as group IDs are unknown
#   until apply), and the rules of those groups: inline ingress/egress blocks, separate rule
#   resources (aws_security_group_rule, aws_vpc_security_group_ingress_rule/egress_rule,
#   AWS::EC2::SecurityGroupIngress/Egress). A rule lets the group reach itself when its peer is
#   the group itself (self, a reference to the group) or any address (0.0.0.0/0, ::/0).
package transit_guard.lib.security_groups

import data.transit_guard.lib.adapters.terraform_plan
import data.transit_guard.lib.document
import data.transit_guard.lib.plan
import data.transit_guard.lib.template
import data.transit_guard.lib.tfconfig
import data.transit_guard.lib.workloads

# METADATA
# description: The Terraform resource types read here.
tf_types := {
	"aws_security_group", "aws_security_group_rule",
	"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
}

# METADATA
# description: >-
#   Encrypted jobs and the security groups of the document they run in: {"job" (the workload),
#   "group" (the group's address or logical ID), "path" (where the job names it)}.
# scope: document
attachments contains {"job": job, "group": target.address, "path": path} if {
	document.kind == "terraform_plan"
	some job in workloads.found
	job.flag.state == "true"
	change := plan.changes[job.resource]
	some [path, reference] in tfconfig.reference_sites(change, "security_group_ids")
	some target in tfconfig.referenced(change, reference)
	target.type == "aws_security_group"
}

attachments contains {"job": job, "group": group, "path": concat(".", array.concat(["Properties"], keys))} if {
	document.kind == "cloudformation"
	some job in workloads.found
	job.flag.state == "true"
	walk(template.resources[job.resource].Properties, [at, ids])
	count(at) > 0
	at[count(at) - 1] == "SecurityGroupIds"
	keys := [key | some key in at; is_string(key)]
	some id in ids
	group := _target(id)
	template.resources[group].Type == "AWS::EC2::SecurityGroup"
}

_target(value) := value.Ref if is_string(value.Ref)

_target(value) := value["Fn::GetAtt"][0] if is_array(value["Fn::GetAtt"])

_target(value) := split(value["Fn::GetAtt"], ".")[0] if is_string(value["Fn::GetAtt"])

# Rules: [group, direction, protocol, from port, to port] for every rule whose peer is the
# group itself or any address.

# Terraform: inline blocks.
_rules contains _rule(change.address, direction, rule.protocol, rule, "from_port", "to_port") if {
	document.kind == "terraform_plan"
	some change in plan.changes
	change.type == "aws_security_group"
	some direction in ["ingress", "egress"]
	some rule in change.change.after[direction]
	_tf_reaches_itself(rule)
}

# Terraform: aws_security_group_rule.
_rules contains _rule(group.address, rule.type, rule.protocol, rule, "from_port", "to_port") if {
	document.kind == "terraform_plan"
	some change in plan.changes
	change.type == "aws_security_group_rule"
	rule := change.change.after
	some group in _tf_groups(change, "security_group_id")
	_tf_peer(change, group, "source_security_group_id")
}

# Terraform: aws_vpc_security_group_ingress_rule and aws_vpc_security_group_egress_rule.
_rules contains _rule(group.address, direction, rule.ip_protocol, rule, "from_port", "to_port") if {
	document.kind == "terraform_plan"
	some change in plan.changes
	direction := _vpc_rule_directions[change.type]
	rule := change.change.after
	some group in _tf_groups(change, "security_group_id")
	_tf_vpc_peer(change, group)
}

# CloudFormation: inline rules, and a group without SecurityGroupEgress keeps the default rule
# that allows all outbound traffic.
_rules contains _rule(id, direction, rule.IpProtocol, rule, "FromPort", "ToPort") if {
	document.kind == "cloudformation"
	some id, resource in template.resources
	resource.Type == "AWS::EC2::SecurityGroup"
	some direction, property in _cfn_inline
	some rule in resource.Properties[property]
	_cfn_peer(id, rule, _cfn_peer_keys[direction])
}

_rules contains [id, "egress", "all", null, null] if {
	document.kind == "cloudformation"
	some id, resource in template.resources
	resource.Type == "AWS::EC2::SecurityGroup"
	not resource.Properties.SecurityGroupEgress
}

# CloudFormation: AWS::EC2::SecurityGroupIngress and AWS::EC2::SecurityGroupEgress.
_rules contains _rule(group, direction, rule.IpProtocol, rule, "FromPort", "ToPort") if {
	document.kind == "cloudformation"
	some resource in template.resources
	direction := _cfn_rule_types[resource.Type]
	rule := resource.Properties
	group := _target(rule.GroupId)
	_cfn_peer(group, rule, _cfn_peer_keys[direction])
}

_rule(group, direction, protocol, rule, from, to) := [
	group, direction, _protocol(protocol),
	object.get(rule, from, null), object.get(rule, to, null),
]

_vpc_rule_directions := {
	"aws_vpc_security_group_ingress_rule": "ingress",
	"aws_vpc_security_group_egress_rule": "egress",
}

_tf_reaches_itself(rule) if rule.self == true

_tf_reaches_itself(rule) if "0.0.0.0/0" in object.get(rule, "cidr_blocks", [])

_tf_reaches_itself(rule) if "::/0" in object.get(rule, "ipv6_cidr_blocks", [])

_tf_groups(change, attribute) := {group |
	some reference in tfconfig.references(change, attribute)
	some group in tfconfig.referenced(change, reference)
	group.type == "aws_security_group"
}

_tf_peer(change, _, _) if _tf_reaches_itself(change.change.after)

_tf_peer(change, group, attribute) if group in _tf_groups(change, attribute)

_tf_vpc_peer(change, group) if group in _tf_groups(change, "referenced_security_group_id")

_tf_vpc_peer(change, _) if change.change.after.cidr_ipv4 == "0.0.0.0/0"

_tf_vpc_peer(change, _) if change.change.after.cidr_ipv6 == "::/0"

_cfn_inline := {"ingress": "SecurityGroupIngress", "egress": "SecurityGroupEgress"}

_cfn_rule_types := {"AWS::EC2::SecurityGroupIngress": "ingress", "AWS::EC2::SecurityGroupEgress": "egress"}

_cfn_peer_keys := {"ingress": "SourceSecurityGroupId", "egress": "DestinationSecurityGroupId"}

_cfn_peer(group, rule, key) if _target(rule[key]) == group

_cfn_peer(_, rule, _) if rule.CidrIp == "0.0.0.0/0"

_cfn_peer(_, rule, _) if rule.CidrIpv6 == "::/0"

_protocols := {"-1": "all", "all": "all", "udp": "udp", "17": "udp", "esp": "esp", "50": "esp"}

# Protocol numbers are looked up as numbers: format_int in WebAssembly stops the evaluation on
# a number beyond 32 bits.
_protocol_numbers := {-1: "all", 17: "udp", 50: "esp"}

_protocol(value) := object.get(_protocols, lower(value), lower(value)) if {
	is_string(value)
} else := object.get(_protocol_numbers, value, "other") if {
	is_number(value)
} else := "other"

# METADATA
# description: >-
#   What a security group does not allow itself of IPsec: a sorted list of "inbound UDP 500",
#   "inbound IP protocol 50 (ESP)", "outbound UDP 500", "outbound IP protocol 50 (ESP)".
missing(group) := sort({text |
	some [direction, label] in [["ingress", "inbound"], ["egress", "outbound"]]
	some [need, what] in [["ike", "UDP 500"], ["esp", "IP protocol 50 (ESP)"]]
	not _allows(group, direction, need)
	text := concat(" ", [label, what])
})

_allows(group, direction, _) if {
	some [rule_direction, "all", _, _] in _rules_of(group)
	rule_direction == direction
}

_allows(group, direction, "esp") if {
	some [rule_direction, "esp", _, _] in _rules_of(group)
	rule_direction == direction
}

_allows(group, direction, "ike") if {
	some [rule_direction, "udp", from, to] in _rules_of(group)
	rule_direction == direction
	_port(from) <= 500
	_port(to) >= 500
}

# A group's rules as [direction, protocol, from, to], grouped by group once (scanning every
# rule for every attached group grew with the square of the plan).
_rules_of(group) := object.get(_by_group, group, set())

# regal ignore:pointless-reassignment
_by_group := _rules_by_group

_rules_by_group[rule[0]] contains array.slice(rule, 1, 5) if some rule in _rules

_port(value) := value if {
	is_number(value)
} else := to_number(value) if {
	is_string(value)
	regex.match(`^-?[0-9]+$`, value)
}

# METADATA
# scope: document
# description: >-
#   [address, key] pairs for a plan evaluated in slices (main/slices.rego): a security group and
#   its separate rules share a key (the reference to the group), so that they are evaluated
#   together.
links contains [change.address, concat(" ", ["ref", tfconfig.own_key(change)])] if {
	some change in plan.changes
	change.type == "aws_security_group"
}

links contains [change.address, concat(" ", ["ref", tfconfig.reference_key(change, reference)])] if {
	some change in plan.changes
	some attribute in _rule_attributes[change.type]
	some reference in tfconfig.references(change, attribute)
}

# METADATA
# description: >-
#   [address, key] pairs for a plan evaluated in slices: a job needs the security groups it names
#   (with their rules: the changes linked by that key) in its slice, but not the other jobs that
#   name them, so that a group shared by thousands of jobs does not make one slice of them all.
needs contains [change.address, concat(" ", ["ref", tfconfig.reference_key(change, reference)])] if {
	some change in plan.changes
	change.type in terraform_plan.tf_types
	some reference in tfconfig.references(change, "security_group_ids")
}

# The attributes of a rule that name a security group, by resource type.
_rule_attributes := {
	"aws_security_group_rule": ["security_group_id", "source_security_group_id"],
	"aws_vpc_security_group_ingress_rule": ["security_group_id", "referenced_security_group_id"],
	"aws_vpc_security_group_egress_rule": ["security_group_id", "referenced_security_group_id"],
}
