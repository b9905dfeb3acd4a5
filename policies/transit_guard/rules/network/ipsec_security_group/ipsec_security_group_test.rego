# METADATA
# title: TG601 tests
# description: >-
#   An encrypted job whose security group is defined in the same document must let the group
#   reach itself on UDP 500 and IP protocol 50, inbound and outbound (or on all traffic).
package transit_guard.rules.network.ipsec_security_group_test

import data.transit_guard.rules.network.ipsec_security_group as tg601

_job(encrypted) := {"Type": "AWS::SageMaker::ProcessingJob", "Properties": {
	"ProcessingResources": {"ClusterConfig": {"InstanceCount": 3}},
	"NetworkConfig": {
		"EnableInterContainerTrafficEncryption": encrypted,
		"VpcConfig": {"SecurityGroupIds": [{"Ref": "Group"}, "sg-0123456789abcdef0"], "Subnets": ["subnet-1"]},
	},
}}

_template(encrypted, group, others) := {"Resources": object.union(
	{"Job": _job(encrypted), "Group": {"Type": "AWS::EC2::SecurityGroup", "Properties": group}},
	others,
)}

_rule(type, protocol, port, peer) := {"Type": type, "Properties": object.union(
	{"GroupId": {"Fn::GetAtt": ["Group", "GroupId"]}, "IpProtocol": protocol, "FromPort": port, "ToPort": port},
	peer,
)}

_ipsec := {
	"IkeIn": _rule("AWS::EC2::SecurityGroupIngress", "udp", 500, {"SourceSecurityGroupId": {"Ref": "Group"}}),
	"EspIn": _rule("AWS::EC2::SecurityGroupIngress", 50, -1, {"SourceSecurityGroupId": {"Ref": "Group"}}),
}

# METADATA
# description: Some finding's message contains text.
_says(findings, text) if {
	some finding in findings
	contains(finding.msg, text)
}

# METADATA
# description: The TG601 findings as [resource, path, security group].
_facts(findings) := {[
	f.resource,
	f.path,
	f.security_group,
] |
	some f in findings
	f.id == "TG601"
	f.severity == "MEDIUM"
}

# METADATA
# description: >-
#   Inbound IKE and ESP from the group itself, with the default outbound rule (all traffic),
#   pass.
test_allowed_cfn_rule_resources if {
	tg601.warn == set() with input as _template(true, {"GroupDescription": "jobs"}, _ipsec)
}

# METADATA
# description: >-
#   Without the inbound rules the job warns, listing what is missing; with outbound rules of its
#   own the default outbound rule is gone too.
test_denied_cfn_missing if {
	doc := _template(true, {"GroupDescription": "jobs"}, {})
	_facts(tg601.warn) == {["Job", "Properties.NetworkConfig.VpcConfig.SecurityGroupIds", "Group"]} with input as doc
	_says(tg601.warn, concat("", [
		"TG601: processing job Job encrypts inter-node traffic, but its security group Group does not allow ",
		"itself inbound IP protocol 50 (ESP), inbound UDP 500: the IPsec tunnels between its instances cannot ",
		"form and the job fails when it starts",
	])) with input as doc
	restricted := _template(
		true,
		{"SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]},
		_ipsec,
	)
	_says(tg601.warn, concat("", [
		"does not allow itself outbound IP protocol 50 (ESP), outbound UDP 500: ",
		"the IPsec tunnels between its instances cannot form and the job fails when it starts",
	])) with input as restricted
}

# METADATA
# description: Inline all-traffic rules open to any address (or from the group) both ways pass.
test_allowed_cfn_inline_all_traffic if {
	group := {
		"SecurityGroupIngress": [{"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}],
		"SecurityGroupEgress": [{"IpProtocol": -1, "CidrIpv6": "::/0"}],
	}
	tg601.warn == set() with input as _template(true, group, {})
}

# METADATA
# description: A job that does not encrypt needs no IPsec (TG103 reports it instead).
test_allowed_unencrypted_job if {
	tg601.warn == set() with input as _template(false, {"GroupDescription": "jobs"}, {})
}

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
	"provider_config_key": "aws",
	"expressions": expressions,
}

_group_reference := {"references": ["aws_security_group.jobs.id", "aws_security_group.jobs"]}

_refers(expressions) := {key: _group_reference |
	some key in expressions
}

# METADATA
# description: A plan whose encrypted training job refers to aws_security_group.jobs, plus rule resources.
_plan(group, rules) := {
	"format_version": "1.2",
	"terraform_version": "1.11.4",
	"resource_changes": array.concat(
		[
			_change("aws_sagemaker_training_job.bert", "aws_sagemaker_training_job", {
				"enable_inter_container_traffic_encryption": true,
				"resource_config": [{"instance_count": 4}],
				"vpc_config": [{"subnets": ["subnet-1"]}],
			}),
			_change("aws_security_group.jobs", "aws_security_group", group),
		],
		[change | some [change, _] in rules],
	),
	"configuration": {"root_module": {"resources": array.concat(
		[
			_block(
				"aws_sagemaker_training_job.bert",
				"aws_sagemaker_training_job",
				{
					"vpc_config": [
						{
							"security_group_ids": {
								"references": ["aws_security_group.jobs.id", "aws_security_group.jobs"],
							},
						},
					],
				},
			),
		],
		[block | some [_, block] in rules],
	)}},
}

_inline(protocol, from, to) := {"protocol": protocol, "from_port": from, "to_port": to, "self": true, "cidr_blocks": []}

# METADATA
# description: Inline self rules in a plan, found through the configuration's reference to the group.
test_plan_inline_rules if {
	tg601.warn == set() with input as _plan({"ingress": [_inline("-1", 0, 0)], "egress": [_inline("all", 0, 0)]}, [])
	tg601.warn == set() with input as _plan(
		{
			"ingress": [_inline("udp", 0, 65535), _inline("50", 0, 0)],
			"egress": [_inline("17", 500, 500), _inline("esp", 0, 0)],
		},
		[],
	)
	_facts(tg601.warn) == {
		["aws_sagemaker_training_job.bert", "vpc_config.security_group_ids", "aws_security_group.jobs"],
	}
		with input as _plan({"ingress": [_inline("tcp", 443, 443)], "egress": []}, [])
}

_vpc_rule(direction, protocol, port) := [
	_change(
		concat("", ["aws_vpc_security_group_", direction, "_rule.r", protocol]),
		concat("", ["aws_vpc_security_group_", direction, "_rule"]),
		{"ip_protocol": protocol, "from_port": port, "to_port": port},
	),
	_block(
		concat("", ["aws_vpc_security_group_", direction, "_rule.r", protocol]),
		concat("", ["aws_vpc_security_group_", direction, "_rule"]),
		_refers(["security_group_id", "referenced_security_group_id"]),
	),
]

_sg_rule(direction, protocol) := [
	_change(
		concat("", ["aws_security_group_rule.", direction, protocol]),
		"aws_security_group_rule",
		{"type": direction, "protocol": protocol, "from_port": 0, "to_port": 0},
	),
	_block(
		concat("", ["aws_security_group_rule.", direction, protocol]),
		"aws_security_group_rule",
		_refers(["security_group_id", "source_security_group_id"]),
	),
]

# METADATA
# description: Rule resources (aws_vpc_security_group_*_rule, aws_security_group_rule) count for their group.
test_plan_rule_resources if {
	tg601.warn == set()
		with input as _plan(
			{"ingress": [], "egress": []},
			[_vpc_rule("ingress", "udp", 500), _vpc_rule("ingress", "50", null), _sg_rule("egress", "-1")],
		)
	some finding in tg601.warn
		with input as _plan(
			{"ingress": [], "egress": []},
			[_vpc_rule("ingress", "udp", 4500), _vpc_rule("ingress", "50", null)],
		)
	contains(finding.msg, "does not allow itself inbound UDP 500, outbound IP protocol 50 (ESP), outbound UDP 500:")
}

# remediation

_fixes(findings) := {f.remediation | some f in findings; f.id == "TG601"}

# METADATA
# description: >-
#   In a plan, the remediation gives the missing rules as inline blocks with self = true on the
#   group the job names (and where it names it).
test_remediation_plan if {
	_fixes(tg601.warn) == {concat("", [
		"Add to aws_security_group.jobs (named by vpc_config.security_group_ids of aws_sagemaker_training_job.bert) ",
		"ingress { protocol = \"50\", from_port = 0, to_port = 0, self = true } and ",
		"ingress { protocol = \"udp\", from_port = 500, to_port = 500, self = true } and ",
		"egress { protocol = \"50\", from_port = 0, to_port = 0, self = true } and ",
		"egress { protocol = \"udp\", from_port = 500, to_port = 500, self = true } ",
		"(or the same as aws_vpc_security_group_ingress_rule/egress_rule resources with ",
		"referenced_security_group_id = aws_security_group.jobs.id).",
	])} with input as _plan({"ingress": [_inline("tcp", 443, 443)], "egress": []}, [])
}

# METADATA
# description: >-
#   In a template, the remediation gives each missing rule as an AWS::EC2::SecurityGroupIngress or
#   Egress resource with the group as its own peer.
test_remediation_template if {
	_fixes(tg601.warn) == {concat("", [
		"Add an AWS::EC2::SecurityGroupIngress with GroupId: !Ref Group, SourceSecurityGroupId: !Ref Group, ",
		"IpProtocol: \"50\", FromPort: 0, ToPort: 0 (the group Group is named by ",
		"Properties.NetworkConfig.VpcConfig.SecurityGroupIds of Job).",
	])} with input as _template(true, {"GroupDescription": "jobs"}, {"IkeIn": _ipsec.IkeIn})
}
