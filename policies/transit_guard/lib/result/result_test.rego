# METADATA
# title: lib/result tests
# description: >-
#   A finding takes its identity, title and remediation from the package METADATA in the chain of
#   the rule that calls it, and its facts from the rule.
package transit_guard.lib.result_test

import data.transit_guard.lib.result

# What rego.metadata.chain() returns in TG101's deny rule: the rule first, then its package.
_chain := [
	{
		"path": ["transit_guard", "rules", "encryption", "training_job_encryption", "deny"],
		"annotations": {"scope": "rule", "description": "Unencrypted training jobs that fail the check."},
	},
	{
		"path": ["transit_guard", "rules", "encryption", "training_job_encryption"],
		"annotations": {
			"scope": "package",
			"title": "Training jobs encrypt inter-node traffic",
			"description": "SageMaker leaves the traffic between the nodes of a distributed training job unencrypted.",
			"custom": {"id": "TG101", "severity": "HIGH", "remediation": "Set EnableInterContainerTrafficEncryption to true."},
		},
	},
]

_facts := {
	"text": "training job bert does not encrypt inter-node traffic: EnableInterContainerTrafficEncryption is false",
	"severity": "HIGH",
	"resource": "bert",
	"instance_count": 2,
}

# METADATA
# description: The finding joins the package METADATA (id, rule folder, title, remediation) and the facts.
test_finding_from_the_metadata_chain if {
	result.finding(_chain, _facts) == {
		"msg": "TG101: training job bert does not encrypt inter-node traffic: EnableInterContainerTrafficEncryption is false",
		"id": "TG101",
		"rule": "training_job_encryption",
		"title": "Training jobs encrypt inter-node traffic",
		"remediation": "Set EnableInterContainerTrafficEncryption to true.",
		"severity": "HIGH",
		"resource": "bert",
		"instance_count": 2,
	}
}

# METADATA
# description: The message is the rule ID, a colon and the text; the text itself is not kept.
test_finding_msg_is_prefixed_with_the_id if {
	finding := result.finding(_chain, {"text": "something is wrong", "resource": "r"})
	finding.msg == "TG101: something is wrong"
	not finding.text
}

# METADATA
# description: The rule is the last segment of the package path (the rule's folder), not the rule name.
test_finding_rule_is_the_package_folder if {
	chain := [{
		"path": ["transit_guard", "rules", "s3", "s3_secure_transport"],
		"annotations": {"scope": "package", "title": "T", "custom": {"id": "TG401", "severity": "HIGH", "remediation": "R"}},
	}]
	finding := result.finding(chain, {"text": "x"})
	finding.rule == "s3_secure_transport"
	finding.id == "TG401"
	finding.msg == "TG401: x"
}

# METADATA
# description: The severity is the package's unless the facts give one (the severity model's).
test_finding_severity_defaults_to_the_package if {
	result.finding(_chain, {"text": "x"}).severity == "HIGH"
	result.finding(_chain, {"text": "x", "severity": "LOW"}).severity == "LOW"
}

# METADATA
# description: Identity comes from the METADATA even when the facts carry keys of the same name.
test_finding_metadata_wins_over_facts if {
	finding := result.finding(_chain, {"text": "x", "id": "TG999", "rule": "other", "title": "other"})
	finding.id == "TG101"
	finding.rule == "training_job_encryption"
	finding.title == "Training jobs encrypt inter-node traffic"
}

# METADATA
# description: Without package METADATA in the chain there is no finding (a rule must document itself).
test_finding_undefined_without_package_metadata if {
	not result.finding([_chain[0]], _facts)
}

# METADATA
# description: A rule that knows the exact field to change gives its own remediation; METADATA's is the default.
test_finding_remediation_from_the_facts if {
	specific := "Set enable_inter_container_traffic_encryption = true on aws_sagemaker_training_job.bert."
	finding := result.finding(_chain, object.union(_facts, {"remediation": specific}))
	finding.remediation == specific
	result.finding(_chain, _facts).remediation == "Set EnableInterContainerTrafficEncryption to true."
}
