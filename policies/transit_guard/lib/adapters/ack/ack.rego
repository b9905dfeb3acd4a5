# METADATA
# title: ACK SageMaker controller manifests (Kubernetes)
# description: >-
#   sagemaker.services.k8s.aws resources: spec holds the API request body in camelCase. A file
#   with several YAML documents is evaluated document by document.
package transit_guard.lib.adapters.ack

import data.transit_guard.lib.jobs
import data.transit_guard.lib.reader

_kinds := {
	"TrainingJob": "training",
	"HyperParameterTuningJob": "tuning",
	"ProcessingJob": "processing",
	"DataQualityJobDefinition": "monitoring_job_definition",
	"ModelQualityJobDefinition": "monitoring_job_definition",
	"ModelBiasJobDefinition": "monitoring_job_definition",
	"ModelExplainabilityJobDefinition": "monitoring_job_definition",
	"MonitoringSchedule": "monitoring_schedule",
}

# Kinds that start or define compute without inter-node traffic: nothing to check, with a note.
_without_traffic := {
	"TransformJob": "transform",
	"Model": "model",
	"EndpointConfig": "endpoint_config",
	"Endpoint": "endpoint",
	"InferenceComponent": "inference_component",
}

# METADATA
# description: >-
#   The manifest's resource as findings name it, Kind/name (lib/waivers keys the manifest's
#   suppressions by it).
resource := concat("/", [input.kind, object.get(input, ["metadata", "name"], "(unnamed)")])

_where := {
	"resource": resource,
	"input_kind": "ack",
	"prefix": ["spec"],
}

# METADATA
# description: The jobs the manifest defines, in the workload shape every rule reads.
workloads := jobs.workloads(_kinds[input.kind], reader.context("ack", {}), object.get(input, "spec", {}), _where) if {
	_kinds[input.kind]
} else := {jobs.without_inter_node_traffic(_without_traffic[input.kind], _where)}
