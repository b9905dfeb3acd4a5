# METADATA
# title: lib/security_groups tests
# description: What a security group allows itself of IPsec, from every kind of rule.
package transit_guard.lib.security_groups_test

import data.transit_guard.lib.security_groups

_all := ["inbound IP protocol 50 (ESP)", "inbound UDP 500", "outbound IP protocol 50 (ESP)", "outbound UDP 500"]

_change(address, type, after) := {
	"address": address,
	"mode": "managed",
	"type": type,
	"name": split(address, ".")[1],
	"change": {"actions": ["create"], "after": after, "after_unknown": {}},
}

_block(address, type, expressions) := {
	"address": address,
	"mode": "managed",
	"type": type,
	"name": split(address, ".")[1],
	"expressions": expressions,
}

# METADATA
# description: >-
#   Template rule resources name their group by Ref or GetAtt (both forms); ports may be strings;
#   an unknown protocol number allows nothing.
test_cfn_rules if {
	doc := {"Resources": {
		"Group": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"SecurityGroupEgress": []}},
		"IkeIn": {
			"Type": "AWS::EC2::SecurityGroupIngress",
			"Properties": {
				"GroupId": {"Fn::GetAtt": "Group.GroupId"},
				"IpProtocol": "udp",
				"FromPort": "500",
				"ToPort": "500",
				"SourceSecurityGroupId": {"Ref": "Group"},
			},
		},
		"EspOut": {
			"Type": "AWS::EC2::SecurityGroupEgress",
			"Properties": {
				"GroupId": {"Ref": "Group"},
				"IpProtocol": 50,
				"DestinationSecurityGroupId": {"Fn::GetAtt": ["Group", "GroupId"]},
			},
		},
		"Gre": {
			"Type": "AWS::EC2::SecurityGroupIngress",
			"Properties": {"GroupId": {"Ref": "Group"}, "IpProtocol": 47, "CidrIp": "0.0.0.0/0"},
		},
	}}
	security_groups.missing("Group") == ["inbound IP protocol 50 (ESP)", "outbound UDP 500"] with input as doc
}

# METADATA
# description: >-
#   Terraform inline rules open to any address count; aws_security_group_rule counts with self,
#   a source that is the group, or any address; vpc rules with any address.
test_tf_rules if {
	group := {"references": ["aws_security_group.g.id", "aws_security_group.g"]}
	doc := {
		"format_version": "1.2",
		"terraform_version": "1.11.4",
		"resource_changes": [
			_change("aws_security_group.g", "aws_security_group", {
				"ingress": [{"protocol": "udp", "from_port": 500, "to_port": 500, "cidr_blocks": ["0.0.0.0/0"]}],
				"egress": [{"protocol": "50", "from_port": 0, "to_port": 0, "ipv6_cidr_blocks": ["::/0"]}],
			}),
			_change(
				"aws_security_group_rule.esp_in",
				"aws_security_group_rule",
				{"type": "ingress", "protocol": "esp", "from_port": 0, "to_port": 0},
			),
			_change(
				"aws_vpc_security_group_egress_rule.ike_out",
				"aws_vpc_security_group_egress_rule",
				{"ip_protocol": "udp", "from_port": 500, "to_port": 500, "cidr_ipv4": "0.0.0.0/0"},
			),
		],
		"configuration": {"root_module": {"resources": [
			_block(
				"aws_security_group_rule.esp_in",
				"aws_security_group_rule",
				{"security_group_id": group, "source_security_group_id": group},
			),
			_block(
				"aws_vpc_security_group_egress_rule.ike_out",
				"aws_vpc_security_group_egress_rule",
				{"security_group_id": group},
			),
		]}},
	}
	security_groups.missing("aws_security_group.g") == [] with input as doc
	security_groups.missing("aws_security_group.other") == _all with input as doc
}
