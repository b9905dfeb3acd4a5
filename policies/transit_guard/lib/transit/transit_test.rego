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
# description: An unknown count is HIGH, has no instance_count, and is treated as distributed.
test_assessment_unknown_count if {
	facts := transit.assessment(_workload("training_job", "unknown", null, ""))
	facts.severity == "HIGH"
	facts.instance_count == null
	endswith(facts.text, concat("", [
		"is unknown until apply, so encryption cannot be verified; ",
		"instance count unknown, treated as distributed",
	]))
}

# METADATA
# description: AutoML is always treated as distributed, whatever its count.
test_assessment_automl if {
	facts := transit.assessment(_workload("automl_job", "unresolvable", 1, ""))
	facts.severity == "HIGH"
	facts.text == concat("", [
		"AutoML job r does not encrypt inter-node traffic: EnableInterContainerTrafficEncryption cannot be ",
		"resolved to a boolean, so encryption cannot be verified; AutoML jobs are always treated as distributed",
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
