package transit_guard.rules.encryption.training_job_encryption_test

import data.transit_guard.rules.encryption.training_job_encryption as tg101

# TG101 on SageMaker API bodies: the notes on built-in algorithms and deep-learning frameworks.
# Helpers _only, _builtin_note, _deep_learning_note, _single and _pytorch are in
# training_job_encryption_test.rego.

# Notes on built-in algorithms and deep-learning frameworks

# METADATA
# description: XGBoost gets the built-in algorithm note, on a single instance too.
test_allowed_with_warning_api_xgboost_note if {
	doc := {
		"TrainingJobName": "churn",
		"AlgorithmSpecification": {"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"},
		"ResourceConfig": {"InstanceCount": 1},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.deny == set() with input as doc
	finding := _only(tg101.warn, "churn") with input as doc
	endswith(finding.msg, concat("", [_single, _builtin_note("xgboost")]))
}

# METADATA
# description: DeepAR gets the built-in algorithm note on a distributed job.
test_denied_api_deepar_note if {
	doc := {
		"TrainingJobName": "demand",
		"AlgorithmSpecification": {"TrainingImage": "522234722520.dkr.ecr.us-east-1.amazonaws.com/forecasting-deepar:1"},
		"ResourceConfig": {"InstanceCount": 3},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "demand") with input as doc
	endswith(finding.msg, concat("", ["; 3 instances exchange unencrypted traffic", _builtin_note("forecasting-deepar")]))
}

# METADATA
# description: Linear Learner gets the built-in algorithm note (image names are compared in lower case).
test_denied_api_linear_learner_note if {
	doc := {
		"TrainingJobName": "scores",
		"AlgorithmSpecification": {"TrainingImage": "382416733822.dkr.ecr.us-east-1.amazonaws.com/Linear-Learner:1"},
		"ResourceConfig": {"InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "scores") with input as doc
	endswith(finding.msg, concat("", ["; 2 instances exchange unencrypted traffic", _builtin_note("linear-learner")]))
}

# METADATA
# description: A deep-learning framework on two or more instances gets the training-time note.
test_denied_api_deep_learning_note_distributed if {
	doc := {
		"TrainingJobName": "bert",
		"AlgorithmSpecification": {"TrainingImage": _pytorch},
		"ResourceConfig": {"InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "bert") with input as doc
	endswith(finding.msg, concat("", ["; 2 instances exchange unencrypted traffic", _deep_learning_note]))
}

# METADATA
# description: A deep-learning framework on an unknown number of instances (treated as distributed) gets the note.
test_denied_api_deep_learning_note_unknown_count if {
	doc := {
		"TrainingJobName": "bert",
		"AlgorithmSpecification": {"TrainingImage": "763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.16"},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "bert") with input as doc
	endswith(finding.msg, concat("", ["; instance count unknown, treated as distributed", _deep_learning_note]))
}

# METADATA
# description: A deep-learning framework on a single instance gets no note (no inter-node traffic yet).
test_allowed_with_warning_api_deep_learning_single_instance_no_note if {
	doc := {
		"TrainingJobName": "bert",
		"AlgorithmSpecification": {"TrainingImage": _pytorch},
		"ResourceConfig": {"InstanceCount": 1},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.deny == set() with input as doc
	finding := _only(tg101.warn, "bert") with input as doc
	endswith(finding.msg, concat("", ["is false; ", _single]))
}

# METADATA
# description: A custom image gets no note.
test_denied_api_custom_image_no_note if {
	doc := {
		"TrainingJobName": "custom",
		"AlgorithmSpecification": {"TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:7"},
		"ResourceConfig": {"InstanceCount": 2},
		"EnableInterContainerTrafficEncryption": false,
	}
	tg101.warn == set() with input as doc
	finding := _only(tg101.deny, "custom") with input as doc
	endswith(finding.msg, "is false; 2 instances exchange unencrypted traffic")
}
