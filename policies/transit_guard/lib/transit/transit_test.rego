# METADATA
# title: lib/transit tests
# description: >-
#   The severity model shared by TG101-TG106, on workloads built by hand (including types that no
#   adapter produces yet).
package transit_guard.lib.transit_test

import data.transit_guard.lib.transit

# METADATA
# description: A workload of the given type, flag state, instance total (null when unknown) and image.
_workload(type, state, total, image) := {
	"type": type,
	"resource": "r",
	"input_kind": "sagemaker_api",
	"format": "api",
	"flag": {"state": state, "path": "EnableInterContainerTrafficEncryption"},
	"instances": _instances(total),
	"image": image,
}

_instances(null) := {"known": false}

_instances(total) := {"known": true, "total": total} if total != null

_single := "1 instance: no inter-node traffic today; exposed when scaled out"

# encrypted

# METADATA
# description: Only the flag state "true" is encrypted; false, absent, unknown and unresolvable fail closed.
test_encrypted_only_when_true if {
	transit.encrypted(_workload("training_job", "true", 2, ""))
	every state in ["false", "absent", "unknown", "unresolvable"] {
		not transit.encrypted(_workload("training_job", state, 2, ""))
	}
}

# inspectable

# METADATA
# description: Every flag state but runtime (a Step Functions JSONPath, reported by TG107) is checked by TG101-TG106.
test_inspectable_unless_supplied_at_run_time if {
	every state in ["true", "false", "absent", "unknown", "unresolvable"] {
		transit.inspectable(_workload("training_job", state, 2, ""))
	}
	not transit.inspectable(_workload("training_job", "runtime", 2, ""))
}

# single_instance

# METADATA
# description: A known total of exactly 1 is a single instance.
test_single_instance if {
	transit.single_instance(_workload("training_job", "false", 1, ""))
	transit.single_instance(_workload("processing_job", "false", 1, ""))
}

# METADATA
# description: Zero, two or an unknown number of instances is not a single instance, and AutoML never is.
test_not_single_instance if {
	not transit.single_instance(_workload("training_job", "false", 0, ""))
	not transit.single_instance(_workload("training_job", "false", 2, ""))
	not transit.single_instance(_workload("training_job", "false", null, ""))
	not transit.single_instance(_workload("automl_job", "false", 1, ""))
}

# level

# METADATA
# description: A single instance warns; anything else is denied.
test_level_by_default if {
	transit.level(_workload("training_job", "false", 1, "")) == "warn"
	transit.level(_workload("training_job", "false", 2, "")) == "deny"
	transit.level(_workload("training_job", "false", null, "")) == "deny"
	transit.level(_workload("training_job", "false", 0, "")) == "deny"
	transit.level(_workload("automl_job", "false", 1, "")) == "deny"
}

# METADATA
# description: Profile healthcare denies a single instance too; other profiles do not change the level.
test_level_under_healthcare if {
	single := _workload("training_job", "false", 1, "")
	transit.level(single) == "deny" with data.transit_guard_config.profiles as ["healthcare"]
	transit.level(single) == "warn" with data.transit_guard_config.profiles as ["fips", "strict"]
}

# assessment

# METADATA
# description: The facts of a distributed job's finding, every field.
test_assessment_distributed if {
	transit.assessment(_workload("training_job", "false", 3, "")) == {
		"text": concat("", [
			"training job r does not encrypt inter-node traffic: ",
			"EnableInterContainerTrafficEncryption is false; 3 instances exchange unencrypted traffic",
		]),
		"severity": "HIGH",
		"remediation": concat("", [
			"Set EnableInterContainerTrafficEncryption to true. Allow the job's security group to reach ",
			"itself on UDP 500 and IP protocol 50 when it runs in a VPC.",
		]),
		"resource": "r",
		"input_kind": "sagemaker_api",
		"path": "EnableInterContainerTrafficEncryption",
		"encryption": "false",
		"instance_count": 3,
	}
}

# METADATA
# description: A single instance is LOW, outside and under profile healthcare, which the text mentions.
test_assessment_single_instance if {
	facts := transit.assessment(_workload("training_job", "absent", 1, ""))
	facts.severity == "LOW"
	facts.instance_count == 1
	endswith(facts.text, concat("", ["(SageMaker defaults it to false); ", _single]))
	healthcare := transit.assessment(_workload("training_job", "absent", 1, ""))
		with data.transit_guard_config.profiles as ["healthcare"]
	healthcare.severity == "LOW"
	endswith(healthcare.text, concat("", [_single, "; denied under profile healthcare"]))
}

# METADATA
# description: >-
#   An unknown count is HIGH, has no instance_count, and is treated as distributed; read in the
#   Terraform format an unknown flag is unknown until apply.
test_assessment_unknown_count if {
	workload := object.union(
		_workload("training_job", "unknown", null, ""),
		{"input_kind": "terraform_plan", "format": "tf"},
	)
	facts := transit.assessment(workload)
	facts.severity == "HIGH"
	facts.instance_count == null
	facts.encryption == "unknown"
	facts.input_kind == "terraform_plan"
	endswith(facts.text, concat("", [
		"is unknown until apply, so encryption cannot be verified; ",
		"instance count unknown, treated as distributed",
	]))
}

# METADATA
# description: >-
#   In every other reader format an unknown flag comes from a parameter without a default
#   (CloudFormation Ref, pipeline Get), whatever the input kind: a pipeline embedded in a
#   Terraform plan is read in the pipeline format.
test_assessment_unknown_flag_from_a_parameter if {
	every format in ["api", "cfn", "pipeline", "sfn", "ack"] {
		workload := object.union(
			_workload("training_job", "unknown", 2, ""),
			{"input_kind": "terraform_plan", "format": format},
		)
		transit.assessment(workload).text == concat("", [
			"training job r does not encrypt inter-node traffic: EnableInterContainerTrafficEncryption ",
			"comes from a parameter without a default, so encryption cannot be verified; ",
			"2 instances exchange unencrypted traffic",
		])
	}
}

# METADATA
# description: A count that is neither 1 nor more than 1 (0) is not valid, and treated as distributed (HIGH).
test_assessment_invalid_count if {
	facts := transit.assessment(_workload("processing_job", "false", 0, ""))
	facts.severity == "HIGH"
	facts.instance_count == 0
	endswith(facts.text, "is false; instance count 0 is not valid, treated as distributed")
}

# METADATA
# description: AutoML is always treated as distributed, whatever its count.
test_assessment_automl if {
	facts := transit.assessment(_workload("automl_job", "unresolvable", 1, ""))
	facts.severity == "HIGH"
	facts.text == concat("", [
		"AutoML job r does not encrypt inter-node traffic: EnableInterContainerTrafficEncryption cannot be ",
		"resolved to a boolean before deployment, so encryption cannot be verified; ",
		"AutoML jobs are always treated as distributed",
	])
}

# METADATA
# description: Every workload type has its label.
test_assessment_labels if {
	labels := {
		"training_job": "training job r ",
		"tuning_job": "tuning job r ",
		"processing_job": "processing job r ",
		"automl_job": "AutoML job r ",
		"monitoring_job_definition": "monitoring job definition r ",
		"monitoring_schedule": "monitoring schedule r ",
	}
	every type, label in labels {
		startswith(transit.assessment(_workload(type, "false", 2, "")).text, label)
	}
}

# METADATA
# description: Built-in algorithms get their note whatever the count; the first one named in the image wins.
test_assessment_builtin_algorithm_notes if {
	every algorithm in ["xgboost", "forecasting-deepar", "linear-learner"] {
		every total in [1, 2, null] {
			endswith(
				transit.assessment(_workload("training_job", "false", total, concat("", ["img/", upper(algorithm), ":1"]))).text,
				concat("", [". Encryption typically does not slow built-in algorithms such as ", algorithm, ", so turn it on"]),
			)
		}
	}
}

# METADATA
# description: Deep-learning frameworks get their note unless on a single instance.
test_assessment_deep_learning_notes if {
	note := ". Encryption adds training time and cost for distributed deep learning and is still required"
	every framework in ["pytorch", "tensorflow", "mxnet", "huggingface"] {
		image := concat("", ["763104351884.dkr.ecr.us-east-1.amazonaws.com/", framework, "-training:latest"])
		endswith(transit.assessment(_workload("training_job", "false", 2, image)).text, note)
		endswith(transit.assessment(_workload("training_job", "false", null, image)).text, note)
		endswith(transit.assessment(_workload("training_job", "false", 1, image)).text, _single)
	}
}

# METADATA
# description: Other images get no note.
test_assessment_no_note if {
	endswith(transit.assessment(_workload("training_job", "false", 2, "my-trainer:7")).text, "unencrypted traffic")
}

# METADATA
# description: >-
#   An image naming two built-in algorithms gets one built-in note, for the first in the list
#   xgboost, forecasting-deepar, linear-learner.
test_assessment_image_naming_two_builtin_algorithms if {
	image := "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner-xgboost:1"
	text := transit.assessment(_workload("training_job", "false", 2, image)).text
	endswith(text, concat("", [
		"; 2 instances exchange unencrypted traffic. ",
		"Encryption typically does not slow built-in algorithms such as xgboost, so turn it on",
	]))
}

# METADATA
# description: >-
#   Two images offered by Fn::If (space-separated): a built-in algorithm in either gets its note,
#   before a deep-learning framework in the other.
test_assessment_two_images if {
	image := concat(" ", [
		"763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2",
		"683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1",
	])
	text := transit.assessment(_workload("training_job", "false", 2, image)).text
	endswith(text, "built-in algorithms such as xgboost, so turn it on")
}

# METADATA
# description: >-
#   Counts beyond 32 bits are printed whole (format_int in WebAssembly reads 32-bit integers only).
test_large_counts_are_printed if {
	transit._number(3000000000) == "3000000000"
	transit._number(9007199254740991) == "9007199254740991"
	transit._number(1000000007) == "1000000007"
	transit._number(2147483647) == "2147483647"
	transit._number(-5) == "-5"
	transit._number(1e30) == "a number too large to print"
}

# remediation

# METADATA
# description: >-
#   A flag from several parameters (an Fn::If over two Refs) names them all, with their defaults
#   (or none) in the message.
test_remediation_several_parameters if {
	workload := object.union(_workload("training_job", "false", 2, ""), {
		"format": "cfn",
		"input_kind": "cloudformation",
		"flag": {"state": "false", "path": "Properties.EnableInterContainerTrafficEncryption", "parameters": [
			{"name": "Dev", "style": "cfn", "default": "false"},
			{"name": "Prod", "style": "cfn"},
		]},
	})
	facts := transit.assessment(workload)
	contains(facts.text, concat("", [
		"Properties.EnableInterContainerTrafficEncryption is false ",
		"(parameter Dev, default \"false\"; parameter Prod, no default)",
	]))
	startswith(facts.remediation, concat("", [
		"Set Properties.EnableInterContainerTrafficEncryption to true on r: it comes from parameters Dev, Prod, ",
		"so make each of them default to true and pass true for them, or replace the references with a literal true. ",
	]))
}

# METADATA
# description: >-
#   A Describe output of a monitoring schedule or a pipeline is changed with its Update* request;
#   of a job, by creating the job again.
test_remediation_describe_outputs if {
	schedule := object.union(_workload("monitoring_schedule", "absent", 1, ""), {
		"resource": "daily",
		"request": {"operation": "DescribeMonitoringSchedule", "create": "CreateMonitoringSchedule"},
	})
	startswith(
		transit.remediation(schedule),
		"Set EnableInterContainerTrafficEncryption to true in the UpdateMonitoringSchedule request body for daily. ",
	)
	update := object.union(schedule, {"request": {
		"operation": "UpdateMonitoringSchedule",
		"create": "CreateMonitoringSchedule",
	}})
	startswith(transit.remediation(update), concat("", [
		"Set EnableInterContainerTrafficEncryption to true in the UpdateMonitoringSchedule request body. ",
		"Allow",
	]))
	job := object.union(_workload("processing_job", "false", 2, ""), {
		"request": {"operation": "DescribeProcessingJob", "create": "CreateProcessingJob"},
	})
	contains(transit.remediation(job), concat("", [
		"in the CreateProcessingJob request body, and create it again ",
		"(DescribeProcessingJob shows",
	]))
}

# METADATA
# description: >-
#   A flag unknown until apply, or an expression that cannot be resolved, is to be set as a value
#   known before deployment.
test_remediation_unreadable_flags if {
	unknown := object.union(_workload("training_job", "unknown", 2, ""), {
		"format": "tf",
		"input_kind": "terraform_plan",
		"flag": {"state": "unknown", "path": "enable_inter_container_traffic_encryption"},
	})
	startswith(transit.remediation(unknown), concat("", [
		"Set enable_inter_container_traffic_encryption = true on r, ",
		"as a value known at plan time. ",
	]))
	unresolvable := object.union(
		_workload("training_job", "unresolvable", 2, ""),
		{"format": "cfn", "input_kind": "cloudformation"},
	)
	startswith(
		transit.remediation(unresolvable),
		"Set EnableInterContainerTrafficEncryption to true on r, as a literal that needs no resolving at deployment. ",
	)
}
