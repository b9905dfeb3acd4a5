# METADATA
# title: lib/adapters/ack tests
# description: >-
#   ACK SageMaker controller manifests: each job kind's spec (camelCase) as a workload named
#   Kind/name.
package transit_guard.lib.adapters.ack_test

import data.transit_guard.lib.adapters.ack
import data.transit_guard.lib.document

# METADATA
# description: A manifest of the given kind, named "job", with the given spec.
_manifest(kind, spec) := {
	"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
	"kind": kind,
	"metadata": {"name": "job", "namespace": "ml"},
	"spec": spec,
}

# METADATA
# description: The [type, resource, flag state, flag path, instances] of each workload of the input manifest.
_summary contains [job.type, job.resource, job.flag.state, job.flag.path, job.instances] if {
	some job in ack.workloads
}

_two := {"known": true, "total": 2}

# METADATA
# description: A resource of the ACK SageMaker API group is a manifest, of kind ack.
test_is_manifest if {
	document.is_ack_manifest(_manifest("TrainingJob", {}))
	document.kind == "ack" with input as _manifest("Endpoint", {})
	not document.is_ack_manifest({"apiVersion": "batch/v1", "kind": "Job"})
	not document.is_ack_manifest({"apiVersion": "sagemaker.services.k8s.aws/v1alpha1"})
	not document.is_ack_manifest({"apiVersion": 1, "kind": "TrainingJob"})
}

# METADATA
# description: A TrainingJob reads spec.enableInterContainerTrafficEncryption and spec.resourceConfig.
test_training_job if {
	doc := _manifest("TrainingJob", {
		"enableInterContainerTrafficEncryption": false,
		"resourceConfig": {"instanceCount": 2, "instanceType": "ml.p4d.24xlarge"},
		"algorithmSpecification": {"trainingImage": "pytorch-training:2.3"},
	})
	_summary == {[
		"training_job", "TrainingJob/job", "false",
		"spec.enableInterContainerTrafficEncryption", _two,
	]} with input as doc
	{[job.input_kind, job.image] | some job in ack.workloads} == {["ack", "pytorch-training:2.3"]} with input as doc
}

# METADATA
# description: A HyperParameterTuningJob reads every definition, trainingJobDefinition and trainingJobDefinitions.
test_tuning_job if {
	doc := _manifest("HyperParameterTuningJob", {
		"trainingJobDefinition": {"enableInterContainerTrafficEncryption": true, "resourceConfig": {"instanceCount": 2}},
		"trainingJobDefinitions": [{
			"enableInterContainerTrafficEncryption": false,
			"hyperParameterTuningResourceConfig": {"instanceCount": 2},
		}],
	})
	{[job.type, job.resource, job.flag.state, job.instances] | some job in ack.workloads} == {
		["tuning_job", "HyperParameterTuningJob/job", "true", _two],
		["tuning_job", "HyperParameterTuningJob/job", "false", _two],
	} with input as doc
}

# METADATA
# description: A ProcessingJob reads spec.networkConfig and spec.processingResources.
test_processing_job if {
	doc := _manifest("ProcessingJob", {
		"networkConfig": {"enableInterContainerTrafficEncryption": true},
		"processingResources": {"clusterConfig": {"instanceCount": 2}},
	})
	_summary == {[
		"processing_job", "ProcessingJob/job", "true",
		"spec.networkConfig.enableInterContainerTrafficEncryption", _two,
	]} with input as doc
}

# METADATA
# description: The four monitoring job definition kinds read spec.networkConfig and spec.jobResources.
test_monitoring_job_definitions if {
	spec := {
		"networkConfig": {"enableInterContainerTrafficEncryption": false},
		"jobResources": {"clusterConfig": {"instanceCount": 2}},
	}
	every kind in [
		"DataQualityJobDefinition", "ModelQualityJobDefinition",
		"ModelBiasJobDefinition", "ModelExplainabilityJobDefinition",
	] {
		_summary == {[
			"monitoring_job_definition", concat("/", [kind, "job"]), "false",
			"spec.networkConfig.enableInterContainerTrafficEncryption", _two,
		]} with input as _manifest(kind, spec)
	}
}

# METADATA
# description: A MonitoringSchedule with an inline definition is a workload; one naming its definition is not.
test_monitoring_schedule if {
	inline := _manifest("MonitoringSchedule", {"monitoringScheduleConfig": {"monitoringJobDefinition": {
		"networkConfig": {"enableInterContainerTrafficEncryption": true},
		"monitoringResources": {"clusterConfig": {"instanceCount": 2}},
	}}})
	_summary == {[
		"monitoring_schedule", "MonitoringSchedule/job", "true",
		"spec.monitoringScheduleConfig.monitoringJobDefinition.networkConfig.enableInterContainerTrafficEncryption",
		_two,
	]} with input as inline
	named := _manifest("MonitoringSchedule", {"monitoringScheduleConfig": {"monitoringJobDefinitionName": "dq"}})
	_summary == set() with input as named
}

# METADATA
# description: PascalCase keys are not ACK's spelling, so the flag is absent.
test_pascal_case_is_not_read if {
	doc := _manifest("TrainingJob", {"EnableInterContainerTrafficEncryption": true})
	{job.flag.state | some job in ack.workloads} == {"absent"} with input as doc
}

# METADATA
# description: A manifest without metadata.name is "(unnamed)", and one without spec has an empty body.
test_unnamed_without_spec if {
	doc := {"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "TrainingJob"}
	_summary == {[
		"training_job", "TrainingJob/(unnamed)", "absent",
		"spec.enableInterContainerTrafficEncryption", {"known": false},
	]} with input as doc
}

# METADATA
# description: Kinds that are not jobs and not compute (domains, apps) have no workload.
test_other_kinds if {
	every kind in ["Domain", "App", "UserProfile"] {
		not ack.workloads with input as _manifest(kind, {})
	}
}

# METADATA
# description: >-
#   A TransformJob, Model, EndpointConfig, Endpoint or InferenceComponent manifest has nothing to
#   check: one workload with a note saying why; another kind (an AdoptedResource) has none.
test_kinds_without_inter_node_traffic if {
	transform := {
		"apiVersion": "sagemaker.services.k8s.aws/v1alpha1",
		"kind": "TransformJob",
		"metadata": {"name": "scoring"},
		"spec": {"transformJobName": "scoring", "transformResources": {"instanceCount": 4}},
	}
	ack.workloads == {{
		"type": "no_inter_node_traffic",
		"resource": "TransformJob/scoring",
		"input_kind": "ack",
		"note": "batch transform: no inter-node traffic (each instance transforms its own share of the input)",
	}} with input as transform
	every kind in ["Model", "EndpointConfig", "Endpoint", "InferenceComponent"] {
		types := {workload.type | some workload in ack.workloads} with input as object.union(transform, {"kind": kind})
		types == {"no_inter_node_traffic"}
	}
	not ack.workloads with input as object.union(transform, {"kind": "AdoptedResource"})
}
