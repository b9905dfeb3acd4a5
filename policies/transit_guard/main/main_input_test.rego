# Entrypoint tests for input of no recognised kind and for notes: through the entrypoints, input
# that is absent or of no recognised kind is denied with TG001 (fail closed for OPA servers and
# conftest), and a SageMaker document without inter-node traffic passes with a note saying why.
package transit_guard.main_test

import data.transit_guard.main
import data.transit_guard.rules

# METADATA
# description: The entrypoints' values over TG001 and the encryption rules, every test package masked.
_input_entrypoints := result if {
	result := {"deny": main.deny, "warn": main.warn, "decision": main.decision}
		with rules.encryption.training_job_encryption_test as {} # regal ignore:with-outside-test-context
		with rules.encryption.tuning_job_encryption_test as {} # regal ignore:with-outside-test-context
		with rules.encryption.processing_job_encryption_test as {} # regal ignore:with-outside-test-context
		with rules.encryption.automl_job_encryption_test as {} # regal ignore:with-outside-test-context
		with rules.encryption.monitoring_job_definition_encryption_test as {} # regal ignore:with-outside-test-context
		with rules.encryption.monitoring_schedule_encryption_test as {} # regal ignore:with-outside-test-context
		with rules.encryption.uninspectable_job_definition_test as {} # regal ignore:with-outside-test-context
		with rules.input.input_recognised_test as {} # regal ignore:with-outside-test-context
		with rules.rstudio as {} # regal ignore:with-outside-test-context
		with rules.fips as {} # regal ignore:with-outside-test-context
		with rules.data_paths as {} # regal ignore:with-outside-test-context
		with rules.guardrails as {} # regal ignore:with-outside-test-context
		with rules.network as {} # regal ignore:with-outside-test-context
}

_input_ids(findings) := {finding.id | some finding in findings}

# METADATA
# description: >-
#   No input (a plan POSTed without the {"input": ...} wrapper), an empty document and a
#   package.json are denied with TG001 alone, so a caller gating on an empty deny never passes them.
test_unrecognised_input_is_denied if {
	_input_ids(_input_entrypoints.deny) == {"TG001"}
	_input_entrypoints.decision.input_kind == "unknown"
	every doc in [{}, {"name": "ml-platform", "version": "1.0.0", "devDependencies": {"vitest": "^3"}}] {
		_input_ids(_input_entrypoints.deny) == {"TG001"} with input as doc
		_input_entrypoints.warn == set() with input as doc
	}
}

# METADATA
# description: A recognised document draws no TG001, and TG001 is not counted among the rules it passes.
test_recognised_input_is_not_denied if {
	doc := {"TrainingJobName": "t", "AlgorithmSpecification": {}, "EnableInterContainerTrafficEncryption": true}
	_input_entrypoints.deny == set() with input as doc
	_input_entrypoints.decision.rules_passed == 7 with input as doc
}

# METADATA
# description: >-
#   A CreateTransformJob body is a recognised SageMaker document that passes, as one resource, with
#   a note saying why nothing applies.
test_transform_job_passes_with_a_note if {
	doc := {
		"TransformJobName": "nightly-scoring",
		"ModelName": "readmission-xgb",
		"TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://in/"}}},
		"TransformOutput": {"S3OutputPath": "s3://out/"},
		"TransformResources": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 4},
	}
	decision := _input_entrypoints.decision with input as doc
	decision.input_kind == "sagemaker_api"
	decision.resources == 1
	decision.deny == set()
	decision.warn == set()
	decision.notes == {{
		"resource": "nightly-scoring",
		"note": "batch transform: no inter-node traffic (each instance transforms its own share of the input)",
	}}
}
