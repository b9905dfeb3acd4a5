# METADATA
# title: TG101 tests
# description: >-
#   Allowed and denied samples of TG101 on small inline inputs: SageMaker API request bodies and
#   Describe* outputs here and in training_job_encryption_notes_test.rego, Terraform plans in
#   training_job_encryption_plan_test.rego, the other formats in
#   training_job_encryption_formats_test.rego. Profile strict is applied by the entrypoints, so
#   it is tested in transit_guard.main_test.
package transit_guard.rules.encryption.training_job_encryption_test

import data.transit_guard.rules.encryption.training_job_encryption as tg101

# METADATA
# description: The only finding in findings, checked to be TG101's and about resource.
_only(findings, resource) := finding if {
	count(findings) == 1
	some finding in findings
	finding.id == "TG101"
	finding.rule == "training_job_encryption"
	finding.title == "Training jobs encrypt inter-node traffic"
	finding.resource == resource
	startswith(finding.msg, concat("", ["TG101: training job ", resource, " does not encrypt inter-node traffic: "]))
}

# METADATA
# description: The TG101 finding about resource among several findings.
_about(findings, resource) := finding if {
	some finding in findings
	finding.id == "TG101"
	finding.resource == resource
}

_builtin_note(algorithm) := concat("", [
	". Encryption typically does not slow built-in algorithms such as ",
	algorithm, ", so turn it on",
])

_deep_learning_note := ". Encryption adds training time and cost for distributed deep learning and is still required"

_single := "1 instance: no inter-node traffic today; exposed when scaled out"

_pytorch := "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311"

# The flag

# METADATA
# description: A distributed job with the flag true passes.
test_allowed_api_flag_true if {
	doc := {
		"TrainingJobName": "bert",
		"ResourceConfig": {"InstanceCount": 4},
		"EnableInterContainerTrafficEncryption": true,
	}
	tg101.deny == set() with input as doc
	tg101.warn == set() with input as doc
}

# METADATA
# description: A single-instance job with the flag true passes, without a warning.
test_allowed_api_flag_true_single_instance if {
	doc := {
		"TrainingJobName": "bert",
		"ResourceConfig": {"InstanceCount": 1},
		"EnableInterContainerTrafficEncryption": true,
	}
	tg101.deny == set() with input as doc
	tg101.warn == set() with input as doc
}

# METADATA
# description: The flag false on two instances is denied (HIGH), with every fact of the finding.
test_denied_api_flag_false_distributed if {
	doc := {
		"TrainingJobName": "bert",
		"ResourceConfig": {"InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "bert") with input as doc
	finding.msg == concat("", [
		"TG101: training job bert does not encrypt inter-node traffic: ",
		"EnableInterContainerTrafficEncryption is false; 2 instances exchange unencrypted traffic",
	])
	finding.severity == "HIGH"
	finding.encryption == "false"
	finding.instance_count == 2
	finding.input_kind == "sagemaker_api"
	finding.path == "EnableInterContainerTrafficEncryption"
	startswith(finding.remediation, "Set EnableInterContainerTrafficEncryption to true")
	not finding.text
}

# METADATA
# description: An absent flag fails closed (SageMaker defaults it to false), and the message says so.
test_denied_api_flag_absent if {
	doc := {"TrainingJobName": "bert", "ResourceConfig": {"InstanceCount": 2}}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "bert") with input as doc
	finding.severity == "HIGH"
	finding.encryption == "absent"
	contains(finding.msg, ": EnableInterContainerTrafficEncryption is not set (SageMaker defaults it to false); ")
}

# METADATA
# description: A null flag is absent.
test_denied_api_flag_null if {
	doc := {
		"TrainingJobName": "bert",
		"ResourceConfig": {"InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": null,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "bert") with input as doc
	finding.encryption == "absent"
}

# METADATA
# description: A flag that is not a boolean (here the string "yes") cannot be trusted and fails closed.
test_denied_api_flag_not_a_boolean if {
	doc := {
		"TrainingJobName": "bert",
		"ResourceConfig": {"InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": "yes",
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "bert") with input as doc
	finding.severity == "HIGH"
	finding.encryption == "unresolvable"
	contains(finding.msg, concat("", [
		": EnableInterContainerTrafficEncryption cannot be resolved to a boolean before deployment, ",
		"so encryption cannot be verified; 2 instances exchange unencrypted traffic",
	]))
}

# METADATA
# description: >-
#   The strings "true" and "false" read as booleans in every format (CloudFormation passes them;
#   the API itself refuses them, so no job runs with them).
test_allowed_api_flag_string_true if {
	doc := {
		"TrainingJobName": "bert",
		"ResourceConfig": {"InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": "true",
	}
	tg101.deny == set() with input as doc
	tg101.warn == set() with input as doc
}

# METADATA
# description: The string "false" is false.
test_denied_api_flag_string_false if {
	doc := {
		"TrainingJobName": "bert",
		"ResourceConfig": {"InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": "false",
	}
	finding := _only(tg101.deny, "bert") with input as doc
	finding.encryption == "false"
	contains(finding.msg, ": EnableInterContainerTrafficEncryption is false; ")
}

# Instance counts and levels

# METADATA
# description: Exactly one instance warns (LOW) outside profile healthcare, and is not denied.
test_allowed_with_warning_api_single_instance if {
	doc := {
		"TrainingJobName": "churn",
		"ResourceConfig": {"InstanceCount": 1},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.deny == set() with input as doc
	finding := _only(tg101.warn, "churn") with input as doc
	finding.msg == concat("", [
		"TG101: training job churn does not encrypt inter-node traffic: ",
		"EnableInterContainerTrafficEncryption is false; ", _single,
	])
	finding.severity == "LOW"
	finding.instance_count == 1
}

# METADATA
# description: Exactly one instance is denied under profile healthcare (still LOW), and the message says why.
test_denied_api_single_instance_under_healthcare if {
	doc := {
		"TrainingJobName": "churn",
		"ResourceConfig": {"InstanceCount": 1},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	finding := _only(tg101.deny, "churn") with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	finding.severity == "LOW"
	endswith(finding.msg, concat("", ["is false; ", _single, "; denied under profile healthcare"]))
}

# METADATA
# description: Profile healthcare changes nothing for a job that encrypts.
test_allowed_api_single_instance_encrypted_under_healthcare if {
	doc := {
		"TrainingJobName": "churn",
		"ResourceConfig": {"InstanceCount": 1},
		"EnableInterContainerTrafficEncryption": true,
	}
	tg101.deny == set() with input as doc with data.transit_guard_config.profiles as ["healthcare"]
	tg101.warn == set() with input as doc with data.transit_guard_config.profiles as ["healthcare"]
}

# METADATA
# description: Profiles other than healthcare leave a single-instance job a warning.
test_allowed_with_warning_api_single_instance_under_other_profiles if {
	doc := {
		"TrainingJobName": "churn",
		"ResourceConfig": {"InstanceCount": 1},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.deny == set() with input as doc with data.transit_guard_config.profiles as ["default", "fips"]
	finding := _only(tg101.warn, "churn") with input as doc with data.transit_guard_config.profiles as ["fips"]
	finding.severity == "LOW"
}

# METADATA
# description: Heterogeneous instance groups are summed (1 + 2 = 3 instances).
test_denied_api_instance_groups if {
	doc := {
		"TrainingJobName": "hetero",
		"ResourceConfig": {"InstanceGroups": [
			{"InstanceGroupName": "cpu", "InstanceType": "ml.c5.xlarge", "InstanceCount": 1},
			{"InstanceGroupName": "gpu", "InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2},
		]},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "hetero") with input as doc
	finding.severity == "HIGH"
	finding.instance_count == 3
	endswith(finding.msg, "is false; 3 instances exchange unencrypted traffic")
}

# METADATA
# description: One instance group of one instance is a single-instance job.
test_allowed_with_warning_api_one_instance_group_of_one if {
	doc := {
		"TrainingJobName": "hetero",
		"ResourceConfig": {"InstanceGroups": [{"InstanceGroupName": "gpu", "InstanceCount": 1}]},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.deny == set() with input as doc
	finding := _only(tg101.warn, "hetero") with input as doc
	finding.severity == "LOW"
	finding.instance_count == 1
}

# METADATA
# description: An instance group whose count is not a number makes the total unknown.
test_denied_api_instance_group_count_not_a_number if {
	doc := {
		"TrainingJobName": "hetero",
		"ResourceConfig": {"InstanceGroups": [{"InstanceCount": 1}, {"InstanceCount": "two"}]},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "hetero") with input as doc
	finding.severity == "HIGH"
	finding.instance_count == null
	endswith(finding.msg, "is false; instance count unknown, treated as distributed")
}

# METADATA
# description: Placement specifications (UltraServers) are summed (2 + 2 = 4).
test_denied_api_placement_specifications if {
	doc := {
		"TrainingJobName": "ultra",
		"ResourceConfig": {"InstancePlacementConfig": {"PlacementSpecifications": [
			{"UltraServerId": "us-1", "InstanceCount": 2},
			{"UltraServerId": "us-2", "InstanceCount": 2},
		]}},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "ultra") with input as doc
	finding.severity == "HIGH"
	finding.instance_count == 4
	endswith(finding.msg, "is false; 4 instances exchange unencrypted traffic")
}

# METADATA
# description: Instance preferences are alternatives, so the largest counts (3), not their sum.
test_denied_api_instance_preferences_largest if {
	doc := {
		"TrainingJobName": "flex",
		"ResourceConfig": {"InstancePreferences": [
			{"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2},
			{"InstanceType": "ml.p5.48xlarge", "InstanceCount": 3},
		]},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "flex") with input as doc
	finding.severity == "HIGH"
	finding.instance_count == 3
	endswith(finding.msg, "is false; 3 instances exchange unencrypted traffic")
}

# METADATA
# description: Preferences of one instance each are a single-instance job (the largest is 1, not the sum 2).
test_allowed_with_warning_api_instance_preferences_of_one if {
	doc := {
		"TrainingJobName": "flex",
		"ResourceConfig": {"InstancePreferences": [
			{"InstanceType": "ml.g5.xlarge", "InstanceCount": 1},
			{"InstanceType": "ml.g6.xlarge", "InstanceCount": 1},
		]},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.deny == set() with input as doc
	finding := _only(tg101.warn, "flex") with input as doc
	finding.severity == "LOW"
	finding.instance_count == 1
}

# METADATA
# description: Every source of instances adds up (1 + 2 + 3 + max(1, 4) = 10).
test_denied_api_every_count_source if {
	doc := {
		"TrainingJobName": "mixed",
		"ResourceConfig": {
			"InstanceCount": 1,
			"InstanceGroups": [{"InstanceCount": 2}],
			"InstancePlacementConfig": {"PlacementSpecifications": [{"InstanceCount": 3}]},
			"InstancePreferences": [{"InstanceCount": 1}, {"InstanceCount": 4}],
		},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "mixed") with input as doc
	finding.instance_count == 10
}

# METADATA
# description: Without ResourceConfig the count is unknown, which fails closed (deny, HIGH).
test_denied_api_missing_resource_config if {
	doc := {"TrainingJobName": "bert", "RoleArn": "arn:aws:iam::123456789012:role/Training"}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "bert") with input as doc
	finding.severity == "HIGH"
	finding.encryption == "absent"
	finding.instance_count == null
	endswith(finding.msg, "(SageMaker defaults it to false); instance count unknown, treated as distributed")
}

# METADATA
# description: A count that is not a number is unknown (deny, HIGH), never a single instance.
test_denied_api_instance_count_not_a_number if {
	doc := {
		"TrainingJobName": "bert",
		"ResourceConfig": {"InstanceCount": "1.5"},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "bert") with input as doc
	finding.severity == "HIGH"
	finding.instance_count == null
	endswith(finding.msg, "is false; instance count unknown, treated as distributed")
}

# METADATA
# description: Zero instances is not one instance, so it fails closed (deny, HIGH).
test_denied_api_zero_instances if {
	doc := {
		"TrainingJobName": "empty",
		"ResourceConfig": {"InstanceCount": 0},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "empty") with input as doc
	finding.severity == "HIGH"
	finding.instance_count == 0
}

# Recognising the document

# METADATA
# description: A DescribeTrainingJob output (auditing an existing job) is read like the request.
test_denied_api_describe_training_job if {
	doc := {
		"TrainingJobName": "resnet-2026-11-20",
		"TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/resnet-2026-11-20",
		"TrainingJobStatus": "Completed",
		"ResourceConfig": {"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "resnet-2026-11-20") with input as doc
	finding.severity == "HIGH"
	finding.input_kind == "sagemaker_api"
	finding.instance_count == 2
}

# METADATA
# description: An encrypted job in a DescribeTrainingJob output passes.
test_allowed_api_describe_training_job_encrypted if {
	doc := {
		"TrainingJobName": "resnet-2026-11-20",
		"TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/resnet-2026-11-20",
		"TrainingJobStatus": "InProgress",
		"ResourceConfig": {"InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": true,
	}
	tg101.deny == set() with input as doc
	tg101.warn == set() with input as doc
}

# METADATA
# description: A document no adapter recognises, or an empty one, yields no finding (its kind is "unknown").
test_allowed_unrecognised_documents if {
	tg101.deny == set() with input as {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}
	tg101.warn == set() with input as {"Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}}}
	tg101.deny == set() with input as {}
	tg101.warn == set() with input as {}
}

# METADATA
# description: A training job name alone (no other CreateTrainingJob key) is not recognised as a request.
test_allowed_api_name_alone_is_not_a_request if {
	tg101.deny == set() with input as {"TrainingJobName": "bert", "EnableInterContainerTrafficEncryption": false}
	tg101.warn == set() with input as {"TrainingJobName": "bert", "EnableInterContainerTrafficEncryption": false}
}
