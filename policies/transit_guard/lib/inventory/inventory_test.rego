# METADATA
# title: lib/inventory tests
# description: The resource count covers workloads and what the other rules inspect.
package transit_guard.lib.inventory_test

import data.transit_guard.lib.inventory

# METADATA
# description: >-
#   A template with an RStudio domain, a bucket, a guardrail and a SageMaker VPC endpoint counts
#   four resources; a job counts as a workload.
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
		["rstudio", "Domain"], ["bucket", "Bucket"], ["guardrail", "Scp"], ["vpc_endpoint", "Endpoint"],
	} with input as doc
	inventory.total == 5 with input as doc
}

# METADATA
# description: An unrelated template counts nothing.
test_nothing if {
	inventory.total == 0 with input as {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}
}
