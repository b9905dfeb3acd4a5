# METADATA
# title: lib/inventory tests
# description: >-
#   The resource count covers workloads and what the other rules inspect; buckets on SageMaker's
#   data paths are counted apart.
package transit_guard.lib.inventory_test

import data.transit_guard.lib.inventory

# METADATA
# description: >-
#   A template with an RStudio domain, a guardrail, a SageMaker VPC endpoint and a job counts five
#   SageMaker resources; its bucket (every bucket, since the job names none) counts apart.
test_total if {
	doc := {"Resources": {
		"Domain": {
			"Type": "AWS::SageMaker::Domain",
			"Properties": {"DomainSettings": {"RStudioServerProDomainSettings": {}}},
		},
		"Bucket": {"Type": "AWS::S3::Bucket"},
		"Scp": {"Type": "AWS::Organizations::Policy", "Properties": {"Content": {"Statement": [{
			"Effect": "Deny",
			"Action": "sagemaker:CreateTrainingJob",
			"Resource": "*",
			"Condition": {"Null": {"sagemaker:InterContainerTrafficEncryption": "true"}},
		}]}}},
		"Endpoint": {
			"Type": "AWS::EC2::VPCEndpoint",
			"Properties": {"ServiceName": "com.amazonaws.us-east-1.sagemaker.api"},
		},
		"Job": {"Type": "AWS::SageMaker::ProcessingJob", "Properties": {}},
	}}
	inventory.others == {
		["rstudio", "Domain"], ["guardrail", "Scp"], ["vpc_endpoint", "Endpoint"],
	} with input as doc
	inventory.total == 4 with input as doc
	inventory.buckets == 1 with input as doc
}

# METADATA
# description: An unrelated template counts nothing.
test_nothing if {
	inventory.total == 0 with input as {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}
	inventory.buckets == 0 with input as {"Resources": {"Website": {"Type": "AWS::S3::Bucket"}}}
}
