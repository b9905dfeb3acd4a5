# METADATA
# title: lib/jobs tests
# description: >-
#   Job bodies of every kind as workloads (flag, instance total, image), read through lib/reader;
#   path rendering, Terraform bodies and uninspectable definitions in jobs_path_test.rego.
package transit_guard.lib.jobs_test

import data.transit_guard.lib.jobs
import data.transit_guard.lib.reader

_api := reader.context("api", {})

_where := {"resource": "r", "input_kind": "sagemaker_api", "prefix": []}

_flag := "EnableInterContainerTrafficEncryption"

# METADATA
# description: The only workload of a set.
_only(workloads) := workload if {
	count(workloads) == 1
	some workload in workloads
}

# training

# METADATA
# description: A training job body as a workload, every field.
test_training_workload if {
	body := {
		"AlgorithmSpecification": {"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"},
		"ResourceConfig": {"InstanceCount": 2},
		_flag: false,
	}
	jobs.workloads("training", _api, body, _where) == {{
		"type": "training_job",
		"resource": "r",
		"input_kind": "sagemaker_api",
		"format": "api",
		"flag": {"state": "false", "path": "EnableInterContainerTrafficEncryption"},
		"instances": {"known": true, "total": 2},
		"image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
	}}
}

# METADATA
# description: An empty body has an absent flag, an unknown count and no image.
test_training_empty_body if {
	job := _only(jobs.workloads("training", _api, {}, _where))
	job.flag.state == "absent"
	job.instances == {"known": false}
	job.image == ""
}

# METADATA
# description: Every source of instances adds up, instance preferences by their largest (1 + 2 + 3 + max(1, 4)).
test_training_count_sources if {
	body := {"ResourceConfig": {
		"InstanceCount": 1,
		"InstanceGroups": [{"InstanceCount": 2}],
		"InstancePlacementConfig": {"PlacementSpecifications": [{"InstanceCount": 3}]},
		"InstancePreferences": [{"InstanceCount": 1}, {"InstanceCount": 4}],
	}}
	_only(jobs.workloads("training", _api, body, _where)).instances == {"known": true, "total": 10}
}

# METADATA
# description: Any count that is not a number, in any source, makes the total unknown.
test_training_unknown_counts if {
	every config in [
		{"InstanceCount": "two"},
		{"InstanceGroups": [{"InstanceCount": 1}, {"InstanceCount": null}, {"InstanceCount": {"a": 1}}]},
		{"InstancePlacementConfig": {"PlacementSpecifications": [{"InstanceCount": "x"}]}},
		{"InstancePreferences": [{"InstanceCount": 1}, {"InstanceCount": "many"}]},
	] {
		_only(jobs.workloads("training", _api, {"ResourceConfig": config}, _where)).instances == {"known": false}
	}
}

# METADATA
# description: An element without a count contributes nothing; empty lists contribute nothing.
test_training_elements_without_counts if {
	body := {"ResourceConfig": {
		"InstanceCount": 2,
		"InstanceGroups": [{"InstanceGroupName": "a"}],
		"InstancePreferences": [],
	}}
	_only(jobs.workloads("training", _api, body, _where)).instances == {"known": true, "total": 2}
}

# METADATA
# description: A training image that is not a string is no image.
test_training_image_not_a_string if {
	body := {"AlgorithmSpecification": {"TrainingImage": {"Ref": "Image"}}}
	_only(jobs.workloads("training", _api, body, _where)).image == ""
}

# tuning

# METADATA
# description: >-
#   A tuning job with TrainingJobDefinition: the definition's flag, and its ResourceConfig and
#   HyperParameterTuningResourceConfig counts.
test_tuning_training_job_definition if {
	body := {
		"HyperParameterTuningJobConfig": {"Strategy": "Bayesian"},
		"TrainingJobDefinition": {
			"AlgorithmSpecification": {"TrainingImage": "pytorch-training:2.3"},
			"ResourceConfig": {"InstanceCount": 2},
			"HyperParameterTuningResourceConfig": {"InstanceCount": 1},
			_flag: true,
		},
	}
	jobs.workloads("tuning", _api, body, _where) == {{
		"type": "tuning_job",
		"resource": "r",
		"input_kind": "sagemaker_api",
		"format": "api",
		"flag": {"state": "true", "path": "TrainingJobDefinition.EnableInterContainerTrafficEncryption"},
		"instances": {"known": true, "total": 3},
		"image": "pytorch-training:2.3",
	}}
}

# METADATA
# description: >-
#   HyperParameterTuningResourceConfig.InstanceConfigs are summed (fail closed, as the largest
#   fleet the tuner may launch).
test_tuning_instance_configs if {
	body := {"TrainingJobDefinition": {"HyperParameterTuningResourceConfig": {"InstanceConfigs": [
		{"InstanceType": "ml.m5.xlarge", "InstanceCount": 1},
		{"InstanceType": "ml.c5.xlarge", "InstanceCount": 2},
	]}}}
	_only(jobs.workloads("tuning", _api, body, _where)).instances == {"known": true, "total": 3}
}

# METADATA
# description: Every TrainingJobDefinitions[] entry is a workload of its own, with its own flag and count.
test_tuning_training_job_definitions if {
	body := {"TrainingJobDefinitions": [
		{"DefinitionName": "a", _flag: true, "ResourceConfig": {"InstanceCount": 2}},
		{"DefinitionName": "b", "ResourceConfig": {"InstanceCount": 1}},
		{"DefinitionName": "c", _flag: false, "HyperParameterTuningResourceConfig": {"InstanceCount": 4}},
	]}
	workloads := jobs.workloads("tuning", _api, body, _where)
	{[job.type, job.resource, job.flag.state, job.instances] | some job in workloads} == {
		["tuning_job", "r", "true", {"known": true, "total": 2}],
		["tuning_job", "r", "absent", {"known": true, "total": 1}],
		["tuning_job", "r", "false", {"known": true, "total": 4}],
	}
}

# METADATA
# description: TrainingJobDefinition and TrainingJobDefinitions together are all workloads.
test_tuning_both_definition_fields if {
	body := {
		"TrainingJobDefinition": {_flag: true, "ResourceConfig": {"InstanceCount": 1}},
		"TrainingJobDefinitions": [{_flag: false, "ResourceConfig": {"InstanceCount": 3}}],
	}
	{[job.flag.state, job.instances] | some job in jobs.workloads("tuning", _api, body, _where)} == {
		["true", {"known": true, "total": 1}],
		["false", {"known": true, "total": 3}],
	}
}

# METADATA
# description: >-
#   Without any definition there is still one workload, at TrainingJobDefinition, so that the
#   absence is a finding.
test_tuning_without_definitions if {
	every body in [{}, {"TrainingJobDefinitions": []}, {"TrainingJobDefinition": null}] {
		job := _only(jobs.workloads("tuning", _api, body, _where))
		job.flag == {"state": "absent", "path": "TrainingJobDefinition.EnableInterContainerTrafficEncryption"}
		job.instances == {"known": false}
	}
}

# METADATA
# description: A definition supplied at run time is a runtime flag (TG107).
test_tuning_definition_at_run_time if {
	body := {"TrainingJobDefinition.$": "$.definition"}
	job := _only(jobs.workloads("tuning", reader.context("sfn", {}), body, _where))
	job.flag.state == "runtime"
	job.instances == {"known": false}
}

# processing

# METADATA
# description: A processing job reads NetworkConfig's flag, the cluster's instance count and the image.
test_processing_workload if {
	body := {
		"AppSpecification": {"ImageUri": "my-processor:1"},
		"ProcessingResources": {"ClusterConfig": {"InstanceCount": 3, "InstanceType": "ml.m5.xlarge"}},
		"NetworkConfig": {_flag: true},
	}
	jobs.workloads("processing", _api, body, _where) == {{
		"type": "processing_job",
		"resource": "r",
		"input_kind": "sagemaker_api",
		"format": "api",
		"flag": {"state": "true", "path": "NetworkConfig.EnableInterContainerTrafficEncryption"},
		"instances": {"known": true, "total": 3},
		"image": "my-processor:1",
	}}
}

# METADATA
# description: A processing job without NetworkConfig or cluster has an absent flag and an unknown count.
test_processing_empty_body if {
	job := _only(jobs.workloads("processing", _api, {}, _where))
	job.flag == {"state": "absent", "path": "NetworkConfig.EnableInterContainerTrafficEncryption"}
	job.instances == {"known": false}
	job.image == ""
}

# automl

# METADATA
# description: AutoML v1 reads AutoMLJobConfig.SecurityConfig and has no instance count.
test_automl_v1_workload if {
	body := {"AutoMLJobConfig": {"SecurityConfig": {_flag: true}}}
	jobs.workloads("automl", _api, body, _where) == {{
		"type": "automl_job",
		"resource": "r",
		"input_kind": "sagemaker_api",
		"format": "api",
		"flag": {"state": "true", "path": "AutoMLJobConfig.SecurityConfig.EnableInterContainerTrafficEncryption"},
		"instances": {"known": false},
		"image": "",
	}}
}

# METADATA
# description: AutoML v2 reads SecurityConfig at the top and has no instance count.
test_automl_v2_workload if {
	job := _only(jobs.workloads("automl_v2", _api, {"SecurityConfig": {_flag: false}}, _where))
	job.type == "automl_job"
	job.flag == {"state": "false", "path": "SecurityConfig.EnableInterContainerTrafficEncryption"}
	job.instances == {"known": false}
}

# monitoring

# METADATA
# description: A monitoring job definition reads NetworkConfig's flag and JobResources' instance count.
test_monitoring_job_definition_workload if {
	body := {
		"DataQualityAppSpecification": {"ImageUri": "monitor:1"},
		"JobResources": {"ClusterConfig": {"InstanceCount": 1}},
		"NetworkConfig": {_flag: false},
	}
	jobs.workloads("monitoring_job_definition", _api, body, _where) == {{
		"type": "monitoring_job_definition",
		"resource": "r",
		"input_kind": "sagemaker_api",
		"format": "api",
		"flag": {"state": "false", "path": "NetworkConfig.EnableInterContainerTrafficEncryption"},
		"instances": {"known": true, "total": 1},
		"image": "",
	}}
}

# METADATA
# description: A monitoring schedule with an inline job definition is a workload at the inline definition.
test_monitoring_schedule_inline if {
	body := {"MonitoringScheduleConfig": {"MonitoringJobDefinition": {
		"MonitoringResources": {"ClusterConfig": {"InstanceCount": 2}},
		"NetworkConfig": {_flag: true},
	}}}
	job := _only(jobs.workloads("monitoring_schedule", _api, body, _where))
	job.type == "monitoring_schedule"
	job.flag == {
		"state": "true",
		"path": "MonitoringScheduleConfig.MonitoringJobDefinition.NetworkConfig.EnableInterContainerTrafficEncryption",
	}
	job.instances == {"known": true, "total": 2}
}

# METADATA
# description: An inline definition without NetworkConfig still is one (absent flag).
test_monitoring_schedule_inline_without_network_config if {
	body := {"MonitoringScheduleConfig": {"MonitoringJobDefinition": {"MonitoringAppSpecification": {}}}}
	_only(jobs.workloads("monitoring_schedule", _api, body, _where)).flag.state == "absent"
}

# METADATA
# description: A schedule that names its job definition has nothing inline to check.
test_monitoring_schedule_named_definition if {
	body := {"MonitoringScheduleConfig": {"MonitoringJobDefinitionName": "dq", "MonitoringType": "DataQuality"}}
	jobs.workloads("monitoring_schedule", _api, body, _where) == set()
	jobs.workloads("monitoring_schedule", _api, {}, _where) == set()
}

# METADATA
# description: An inline definition unknown until apply is a workload with an unknown flag and count.
test_monitoring_schedule_inline_unknown if {
	ctx := reader.context("tf", {"unknowns": {"monitoring_schedule_config": [{"monitoring_job_definition": true}]}})
	job := _only(jobs.workloads("monitoring_schedule", ctx, {"monitoring_schedule_config": [{}]}, _where))
	job.flag.state == "unknown"
	job.instances == {"known": false}
}

# METADATA
# description: A kind that is not a job with inter-node traffic (e.g. transform) has no workloads.
test_unknown_kind if {
	not jobs.workloads("transform", _api, {}, _where)
}

# METADATA
# description: >-
#   A training image that differs between the two branches of a CloudFormation Fn::If gives one
#   workload whose image names both, sorted and space-separated (each may bring its note).
test_training_image_in_both_branches if {
	ctx := reader.context("cfn", {"template": {}})
	body := {
		"AlgorithmSpecification": {"Fn::If": ["UseGpu", {"TrainingImage": "gpu:1"}, {"TrainingImage": "cpu:1"}]},
		"ResourceConfig": {"InstanceCount": 2},
	}
	job := _only(jobs.workloads("training", ctx, body, _where))
	job.image == "cpu:1 gpu:1"
	job.format == "cfn"
}

# METADATA
# description: The same image in both branches is named once.
test_training_same_image_in_both_branches if {
	ctx := reader.context("cfn", {"template": {}})
	body := {"AlgorithmSpecification": {"TrainingImage": {"Fn::If": ["UseGpu", "img:1", "img:1"]}}}
	_only(jobs.workloads("training", ctx, body, _where)).image == "img:1"
}
