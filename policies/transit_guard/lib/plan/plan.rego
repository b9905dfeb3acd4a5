# METADATA
# title: Terraform plan access
# description: >-
#   The resource changes of a Terraform plan (terraform show -json) that the policies read, and
#   what the loader may drop before evaluation. Job interpretation is the Terraform adapter's
#   (lib/adapters/terraform_plan); the context libraries (S3, IAM, FIPS, RStudio, security
#   groups, references) read changes from here.
package transit_guard.lib.plan

import data.transit_guard.lib.document

# METADATA
# description: >-
#   Every resource type a policy reads; plan_test checks that it holds the types of the
#   Terraform adapter and of each library. The loader drops all other resource changes before
#   evaluation (entrypoint transit_guard/main/projection); the parity test proves it changes
#   nothing.
resource_types := {
	# jobs (lib/adapters/terraform_plan)
	"aws_sagemaker_training_job", "aws_sagemaker_hyper_parameter_tuning_job",
	"aws_sagemaker_data_quality_job_definition", "aws_sagemaker_monitoring_schedule",
	"awscc_sagemaker_processing_job", "awscc_sagemaker_data_quality_job_definition",
	"awscc_sagemaker_model_quality_job_definition", "awscc_sagemaker_model_bias_job_definition",
	"awscc_sagemaker_model_explainability_job_definition", "awscc_sagemaker_monitoring_schedule",
	# resources that embed a pipeline or state machine definition
	"aws_sagemaker_pipeline", "awscc_sagemaker_pipeline", "aws_sfn_state_machine",
	# RStudio (lib/rstudio)
	"aws_sagemaker_domain", "aws_sagemaker_user_profile", "aws_sagemaker_app",
	# buckets, bucket policies and SageMaker resources naming them (lib/s3)
	"aws_s3_bucket", "aws_s3_bucket_policy", "aws_sagemaker_model",
	# guardrail policies (lib/iam)
	"aws_iam_policy", "aws_iam_role_policy", "aws_organizations_policy",
	# SageMaker VPC endpoints (lib/fips)
	"aws_vpc_endpoint",
	# security groups and their rules (lib/security_groups)
	"aws_security_group", "aws_security_group_rule",
	"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
}

# METADATA
# description: >-
#   The type prefix of the AWS provider's SageMaker resources (lib/fips: every block of such a type
#   is a user of its provider configuration, whether or not a rule reads its type).
sagemaker_prefix := "aws_sagemaker_"

# METADATA
# description: >-
#   What the loader may drop from a large plan before evaluation, wherever a plan may sit
#   (document.plan_path): the listed keys, resource changes of types no policy reads, and the
#   parts of a kept change no rule reads (the values before the change, sensitivity markers).
#   Of the configuration (provider settings, and which resource refers to which: lib/tfconfig),
#   the module blocks of types no policy reads are dropped (blocks: the module tree below path,
#   each module's blocks in list and its calls' modules at calls; a block is kept when its field
#   is one of keep or starts with one of keep_prefixes); variables are kept. A slice of a large
#   plan (main/slices.rego) holds the blocks whose match fields equal those of one of its changes.
projection := {
	"envelopes": [[], ["plan"], ["terraform"]],
	"drop": [
		["planned_values"], ["prior_state"], ["resource_drift"], ["relevant_attributes"],
		["output_changes"], ["checks"],
	],
	"filter": {
		"path": ["resource_changes"], "field": "type", "keep": resource_types,
		"each": [["change", "before"], ["change", "before_sensitive"], ["change", "after_sensitive"]],
	},
	"blocks": {
		"path": ["configuration", "root_module"], "list": "resources", "calls": ["module_calls", "module"],
		"field": "type", "keep": resource_types, "keep_prefixes": [sagemaker_prefix],
		"match": ["mode", "type", "name"],
	},
}

# METADATA
# description: >-
#   Resource changes of a type the policies read that exist after apply, by address. An object,
#   not a set: a set hashes each whole change, which in WebAssembly costs as much as reading it.
#   A comprehension, not a partial object rule: OPA's evaluator builds a partial object of tens of
#   thousands of keys in time that grows with the square of their number (25 s for the 35 850
#   changes of a 50 000-resource plan, 0.5 s as a comprehension).
changes := {change.address: change | # regal ignore:prefer-set-or-object-rule
	some change in document.plan.resource_changes
	change.mode == "managed"
	change.type in resource_types
	is_object(change.change.after)
}
