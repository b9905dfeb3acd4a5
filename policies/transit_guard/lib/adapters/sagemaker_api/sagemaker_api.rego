# METADATA
# title: SageMaker API request bodies and Describe* outputs
# description: >-
#   A --cli-input-json request body (or the matching Describe* output, for auditing existing
#   jobs), recognised by the fields only that operation carries. Keys are the API's PascalCase.
package transit_guard.lib.adapters.sagemaker_api

import data.transit_guard.lib.adapters.pipeline_definition
import data.transit_guard.lib.document
import data.transit_guard.lib.embedded
import data.transit_guard.lib.jobs
import data.transit_guard.lib.reader

_ctx := reader.context("api", {})

_operation := document.api_operation

_where := {
	"resource": input[_operation.name],
	"input_kind": "sagemaker_api",
	"prefix": [],
	"request": {"operation": document.operation, "create": _operation.create},
}

# METADATA
# description: The jobs the input defines, in the workload shape every rule reads.
# scope: document
workloads contains workload if {
	document.kind == "sagemaker_api"
	_operation.kind != "pipeline"
	some workload in jobs.workloads(_operation.kind, _ctx, input, _where)
}

# Compute without inter-node traffic: a workload with nothing to check, and a note saying why.
workloads contains jobs.without_inter_node_traffic(_operation.kind, _where) if {
	document.kind == "sagemaker_api"
}

# CreatePipeline / UpdatePipeline / DescribePipeline: PipelineDefinition is a JSON string.
workloads contains workload if {
	_operation.kind == "pipeline"
	parsed := embedded.parse(input.PipelineDefinition)
	where := object.union(_where, {"prefix": ["PipelineDefinition"]})
	some workload in pipeline_definition.definition_workloads(parsed.definition, where, {})
}

workloads contains jobs.uninspectable(_inline, "PipelineDefinitionS3Location", "is stored in S3") if {
	_operation.kind == "pipeline"
	input.PipelineDefinitionS3Location
}

workloads contains jobs.uninspectable(_inline, "PipelineDefinition", parsed.reason) if {
	_operation.kind == "pipeline"
	not input.PipelineDefinitionS3Location
	parsed := embedded.parse(object.get(input, "PipelineDefinition", null))
	parsed.reason
}

# Where a pipeline definition belongs as a literal, for TG107's remediation.
_inline := object.union(_where, {"inline": "PipelineDefinition"})
