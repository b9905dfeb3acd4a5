package transit_guard.lib.jobs_test

import data.transit_guard.lib.jobs
import data.transit_guard.lib.reader

# Paths as each format spells them, Terraform and ACK bodies, and uninspectable definitions.

# METADATA
# description: PascalCase API names in the API, pipeline, Step Functions and CloudFormation formats, after the prefix.
test_path_pascal_case if {
	every format in ["api", "pipeline", "sfn", "cfn"] {
		jobs.path(reader.context(format, {}), ["Properties"], ["NetworkConfig", _flag]) == concat("", [
			"Properties.NetworkConfig.",
			_flag,
		])
	}
	jobs.path(_api, [], [_flag]) == _flag
}

# METADATA
# description: snake_case names in Terraform, camelCase names in ACK.
test_path_terraform_and_ack if {
	tf := reader.context("tf", {})
	jobs.path(tf, [], ["NetworkConfig", _flag]) == "network_config.enable_inter_container_traffic_encryption"
	ack := reader.context("ack", {})
	jobs.path(ack, ["spec"], ["NetworkConfig", _flag]) == "spec.networkConfig.enableInterContainerTrafficEncryption"
}

# METADATA
# description: List indices are rendered in brackets after their list (TrainingJobDefinitions[1]).
test_path_list_index if {
	jobs.path(_api, [], ["TrainingJobDefinitions", 1, _flag]) == concat(".", ["TrainingJobDefinitions[1]", _flag])
	jobs.path(reader.context("tf", {}), [], ["TrainingJobDefinitions", 0, _flag]) == concat("", [
		"training_job_definitions[0]",
		".enable_inter_container_traffic_encryption",
	])
}

# METADATA
# description: The flag path of a job starts with the body's prefix (here a pipeline step's Arguments).
test_workload_path_prefix if {
	where := {"resource": "p/Train", "input_kind": "pipeline_definition", "prefix": ["Steps[0]", "Arguments"]}
	job := _only(jobs.workloads("training", reader.context("pipeline", {}), {_flag: true}, where))
	job.flag == {"state": "true", "path": "Steps[0].Arguments.EnableInterContainerTrafficEncryption"}
	job.resource == "p/Train"
	job.input_kind == "pipeline_definition"
}

# METADATA
# description: A Terraform training job (blocks as lists) as a workload.
test_terraform_training_job if {
	after := {
		"enable_inter_container_traffic_encryption": false,
		"resource_config": [{"instance_count": 2, "instance_groups": []}],
		"algorithm_specification": [{"training_image": "pytorch-training:2.3"}],
	}
	where := {"resource": "aws_sagemaker_training_job.a", "input_kind": "terraform_plan", "prefix": []}
	jobs.workloads("training", reader.context("tf", {"unknowns": {}}), after, where) == {{
		"type": "training_job",
		"resource": "aws_sagemaker_training_job.a",
		"input_kind": "terraform_plan",
		"format": "tf",
		"flag": {"state": "false", "path": "enable_inter_container_traffic_encryption"},
		"instances": {"known": true, "total": 2},
		"image": "pytorch-training:2.3",
	}}
}

# METADATA
# description: A list of instance groups unknown until apply makes the total unknown.
test_terraform_unknown_instance_groups if {
	ctx := reader.context("tf", {"unknowns": {"resource_config": [{"instance_groups": true}]}})
	job := _only(jobs.workloads("training", ctx, {"resource_config": [{"instance_count": 1}]}, _where))
	job.instances == {"known": false}
}

# METADATA
# description: A Terraform tuning job's training_job_definitions blocks are one workload each.
test_terraform_tuning_definitions if {
	after := {"training_job_definitions": [
		{"enable_inter_container_traffic_encryption": true, "resource_config": [{"instance_count": 2}]},
		{
			"enable_inter_container_traffic_encryption": false,
			"hyper_parameter_tuning_resource_config": [{"instance_count": 3}],
		},
	]}
	workloads := jobs.workloads("tuning", reader.context("tf", {}), after, _where)
	{[job.flag.state, job.instances] | some job in workloads} == {
		["true", {"known": true, "total": 2}],
		["false", {"known": true, "total": 3}],
	}
}

# METADATA
# description: >-
#   Terraform writes an unset nested block as [], so a tuning job with only
#   training_job_definitions blocks has training_job_definition = []: that empty block is no
#   definition.
test_terraform_tuning_empty_training_job_definition_block if {
	after := {
		"training_job_definition": [],
		"training_job_definitions": [{
			"enable_inter_container_traffic_encryption": true,
			"resource_config": [{"instance_count": 2}],
		}],
	}
	workloads := jobs.workloads("tuning", reader.context("tf", {}), after, _where)
	{[job.flag.state, job.instances] | some job in workloads} == {["true", {"known": true, "total": 2}]}
}

# METADATA
# description: >-
#   A Terraform schedule that names its job definition has monitoring_job_definition = [] (an
#   unset block): nothing inline.
test_terraform_monitoring_schedule_empty_inline_block if {
	after := {"monitoring_schedule_config": [{
		"monitoring_job_definition_name": "dq",
		"monitoring_type": "DataQuality",
		"monitoring_job_definition": [],
	}]}
	jobs.workloads("monitoring_schedule", reader.context("tf", {}), after, _where) == set()
}

# METADATA
# description: An awscc monitoring schedule naming its definition has a null inline definition, and no workload.
test_terraform_awscc_monitoring_schedule_named_definition if {
	after := {"monitoring_schedule_config": {"monitoring_job_definition_name": "dq", "monitoring_job_definition": null}}
	jobs.workloads("monitoring_schedule", reader.context("tf", {}), after, _where) == set()
}

# METADATA
# description: An ACK spec (camelCase) as a workload, its path after the spec prefix.
test_ack_processing_job if {
	spec := {
		"processingResources": {"clusterConfig": {"instanceCount": 2}},
		"networkConfig": {"enableInterContainerTrafficEncryption": true},
	}
	where := {"resource": "ProcessingJob/prep", "input_kind": "ack", "prefix": ["spec"]}
	job := _only(jobs.workloads("processing", reader.context("ack", {}), spec, where))
	job.flag == {"state": "true", "path": "spec.networkConfig.enableInterContainerTrafficEncryption"}
	job.instances == {"known": true, "total": 2}
}

# METADATA
# description: An uninspectable definition (TG107) carries the resource, the path and the reason.
test_uninspectable if {
	where := {"resource": "aws_sagemaker_pipeline.p", "input_kind": "terraform_plan", "prefix": []}
	jobs.uninspectable(where, "pipeline_definition_s3_location", "is stored in S3") == {
		"type": "uninspectable",
		"resource": "aws_sagemaker_pipeline.p",
		"input_kind": "terraform_plan",
		"path": "pipeline_definition_s3_location",
		"reason": "is stored in S3",
	}
}

# METADATA
# description: >-
#   The parameters a flag takes its value from are found at the flag, in nested Fn::If branches on
#   the way to it, and as pipeline parameters; a literal flag has none.
test_flag_parameters if {
	template := {"Parameters": {"A": {"Type": "String", "Default": "false"}, "B": {"Type": "String"}}}
	ctx := reader.context("cfn", {"template": template})
	where := {"resource": "P", "input_kind": "cloudformation", "prefix": ["Properties"]}
	inner := {"Fn::If": ["D", {_flag: {"Ref": "A"}}, {_flag: {"Ref": "B"}}]}
	body := {"NetworkConfig": {"Fn::If": ["C", inner, {_flag: true}]}}
	job := _only(jobs.workloads("processing", ctx, body, where))
	job.flag.parameters == [{"name": "A", "style": "cfn", "default": "false"}, {"name": "B", "style": "cfn"}]
	pipeline := reader.context("pipeline", {"parameters": {"Encrypt": false}, "template": {}})
	step := _only(jobs.workloads("training", pipeline, {_flag: {"Get": "Parameters.Encrypt"}}, _where))
	step.flag.parameters == [{"name": "Encrypt", "style": "pipeline", "default": false}]
	literal := _only(jobs.workloads("training", ctx, {_flag: true}, where))
	not literal.flag.parameters
}
