# METADATA
# title: TG401 tests
# description: >-
#   Buckets that SageMaker resources name (or every bucket, when they name none) must deny
#   aws:SecureTransport = false to everyone on the bucket and object ARNs.
package transit_guard.rules.data_paths.s3_secure_transport_test

import data.transit_guard.rules.data_paths.s3_secure_transport as tg401

_change(address, type, after, unknown) := {
	"address": address,
	"mode": "managed",
	"type": type,
	"name": split(address, ".")[1],
	"change": {"actions": ["create"], "after": after, "after_unknown": unknown},
}

_bucket(name) := _change(concat(".", ["aws_s3_bucket", name]), "aws_s3_bucket", {"bucket": name}, {"policy": true})

_job := _change(
	"aws_sagemaker_training_job.ecg", "aws_sagemaker_training_job", {
		"enable_inter_container_traffic_encryption": true,
		"input_data_config": [{"data_source": [{"s3_data_source": [{"s3_uri": "s3://ecg-data/train/"}]}]}],
	},
	{},
)

_policy(bucket, statements) := _change(
	concat(".", ["aws_s3_bucket_policy", bucket]), "aws_s3_bucket_policy",
	{"bucket": bucket, "policy": json.marshal({"Version": "2012-10-17", "Statement": statements})}, {},
)

_plan(changes) := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": changes}

_deny(resources) := object.union(
	{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": resources},
	{"Condition": {"Bool": {"aws:SecureTransport": "false"}}},
)

_both := ["arn:aws:s3:::ecg-data", "arn:aws:s3:::ecg-data/*"]

# METADATA
# description: Some finding's message contains text.
_says(findings, text) if {
	some finding in findings
	contains(finding.msg, text)
}

# METADATA
# description: The TG401 findings as [resource, path].
_facts(findings) := {[f.resource, f.path] | some f in findings; f.id == "TG401"; f.severity == "HIGH"}

# METADATA
# description: >-
#   The bucket a training job reads, without a policy, is denied; a bucket no SageMaker resource
#   names is then not checked.
test_denied_used_bucket_without_policy if {
	doc := _plan([_bucket("ecg-data"), _bucket("access-logs"), _job])
	_facts(tg401.deny) == {["aws_s3_bucket.ecg-data", "policy"]} with input as doc
	some finding in tg401.deny with input as doc
	finding.msg == concat("", [
		"TG401: bucket aws_s3_bucket.ecg-data, which SageMaker reads or writes, ",
		"has no bucket policy that denies requests with aws:SecureTransport = false",
	])
}

# METADATA
# description: When no SageMaker resource names a bucket of the document, every bucket is checked.
test_denied_every_bucket_without_references if {
	_facts(tg401.deny) == {["aws_s3_bucket.a", "policy"], ["aws_s3_bucket.b", "policy"]}
		with input as _plan([_bucket("a"), _bucket("b")])
}

# METADATA
# description: A deny on both ARNs passes; a wildcard ARN pattern covers both.
test_allowed_full_deny if {
	tg401.deny == set() with input as _plan([_bucket("ecg-data"), _job, _policy("ecg-data", [_deny(_both)])])
	tg401.deny == set()
		with input as _plan([_bucket("ecg-data"), _job, _policy("ecg-data", [_deny("arn:aws:s3:::ecg-*")])])
}

# METADATA
# description: A deny on one of the two ARNs is denied, saying which is missing.
test_denied_partial_coverage if {
	bucket_only := _plan([_bucket("ecg-data"), _job, _policy("ecg-data", [_deny(["arn:aws:s3:::ecg-data"])])])
	_says(tg401.deny, "on the bucket ARN but not on its objects") with input as bucket_only
	objects_only := _plan([_bucket("ecg-data"), _job, _policy("ecg-data", [_deny(["arn:aws:s3:::ecg-data/*"])])])
	_says(tg401.deny, "on its objects but not on the bucket ARN") with input as objects_only
}

# METADATA
# description: >-
#   A deny that does not apply to everyone, to every S3 action, or only together with another
#   condition does not count.
test_denied_weak_statements if {
	not_everyone := object.union(_deny(_both), {"Principal": {"AWS": "arn:aws:iam::123456789012:root"}})
	_facts(tg401.deny) != set() with input as _plan([_bucket("ecg-data"), _job, _policy("ecg-data", [not_everyone])])
	get_only := object.union(_deny(_both), {"Action": ["s3:GetObject"]})
	_facts(tg401.deny) != set() with input as _plan([_bucket("ecg-data"), _job, _policy("ecg-data", [get_only])])
	narrowed := object.union(_deny(_both), {"Condition": {
		"Bool": {"aws:SecureTransport": "false"},
		"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"},
	}})
	_facts(tg401.deny) != set() with input as _plan([_bucket("ecg-data"), _job, _policy("ecg-data", [narrowed])])
	allowed := object.union(_deny(_both), {"Effect": "Allow"})
	_facts(tg401.deny) != set() with input as _plan([_bucket("ecg-data"), _job, _policy("ecg-data", [allowed])])
}

# METADATA
# description: A policy unknown until apply cannot be verified, and the message says so.
test_denied_policy_unknown if {
	unknown := _change("aws_s3_bucket_policy.ecg", "aws_s3_bucket_policy", {"bucket": "ecg-data"}, {"policy": true})
	_says(tg401.deny, "has a bucket policy that is unknown until apply")
		with input as _plan([_bucket("ecg-data"), _job, unknown])
}

# METADATA
# description: The deprecated inline policy of aws_s3_bucket counts when it is given.
test_allowed_inline_policy if {
	inline := _change(
		"aws_s3_bucket.ecg", "aws_s3_bucket", {
			"bucket": "ecg-data",
			"policy": json.marshal({"Statement": _deny(_both)}),
		},
		{},
	)
	tg401.deny == set() with input as _plan([inline, _job])
}

# METADATA
# description: >-
#   A bucket policy whose bucket is unknown until apply is linked through the configuration's
#   reference to the bucket resource.
test_allowed_plan_policy_linked_by_reference if {
	policy := _change("aws_s3_bucket_policy.ecg", "aws_s3_bucket_policy", {}, {"bucket": true, "policy": true})
	doc := object.union(_plan([_bucket("ecg-data"), _job, policy]), {"configuration": {"root_module": {"resources": [{
		"address": "aws_s3_bucket_policy.ecg",
		"mode": "managed",
		"type": "aws_s3_bucket_policy",
		"name": "ecg",
		"provider_config_key": "aws",
		"expressions": {"bucket": {"references": ["aws_s3_bucket.ecg-data.id", "aws_s3_bucket.ecg-data"]}},
	}]}}})
	_says(tg401.deny, "unknown until apply") with input as doc
}

_template(statement) := {
	"Resources": {
		"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Fn::Sub": "ecg-${AWS::AccountId}"}}},
		"Policy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
			"Bucket": {"Ref": "Data"},
			"PolicyDocument": {"Statement": [statement]},
		}},
		"Features": {"Type": "AWS::SageMaker::ProcessingJob", "Properties": {"ProcessingInputs": [{"S3Input": {
			"S3Uri": {"Fn::Join": ["", ["s3://", {"Ref": "Data"}, "/waveforms/"]]},
		}}]}},
	},
}

# METADATA
# description: >-
#   In a template, Fn::GetAtt Bucket.Arn and Fn::Sub with the bucket's Ref name the bucket and
#   its objects; a Fn::Join with the Ref tells that SageMaker uses the bucket.
test_cfn_intrinsics if {
	tg401.deny == set() with input as _template(_deny([{"Fn::GetAtt": ["Data", "Arn"]}, {"Fn::Sub": "${Data.Arn}/*"}]))
	tg401.deny == set() with input as _template(_deny([
		{"Fn::Sub": "arn:${AWS::Partition}:s3:::${Data}"},
		{"Fn::Join": ["", ["arn:aws-us-gov:s3:::", {"Ref": "Data"}, "/*"]]},
	]))
	_facts(tg401.deny) == {["Data", "PolicyDocument"]} with input as _template(_deny([{"Fn::GetAtt": "Data.Arn"}]))
	_says(tg401.deny, "which SageMaker reads or writes") with input as _template(_deny([{"Fn::GetAtt": "Data.Arn"}]))
}

# METADATA
# description: A template policy naming the bucket by its literal name, as a JSON string, counts.
test_allowed_cfn_literal_names if {
	doc := {"Resources": {
		"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "ecg-data"}},
		"Policy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
			"Bucket": "ecg-data",
			"PolicyDocument": json.marshal({"Statement": [_deny(_both)]}),
		}},
		"Job": {
			"Type": "AWS::SageMaker::ProcessingJob",
			"Properties": {"ProcessingInputs": [{"S3Input": {"S3Uri": "s3://ecg-data/in/"}}]},
		},
	}}
	tg401.deny == set() with input as doc
}

# METADATA
# description: >-
#   A bucket policy governs its own bucket: a wildcard statement in the policy of one bucket does
#   not protect another bucket it happens to match; a policy whose bucket cannot be told still
#   counts for every bucket it matches.
test_wildcard_statements_protect_their_own_bucket if {
	other := _bucket("ecg-archive")
	job := _change(
		"aws_sagemaker_training_job.archive", "aws_sagemaker_training_job", {
			"enable_inter_container_traffic_encryption": true,
			"input_data_config": [{"data_source": [{"s3_data_source": [{"s3_uri": "s3://ecg-archive/x/"}]}]}],
		},
		{},
	)
	attached := _plan([_bucket("ecg-data"), other, _job, job, _policy("ecg-data", [_deny("arn:aws:s3:::ecg-*")])])
	_facts(tg401.deny) == {["aws_s3_bucket.ecg-archive", "policy"]} with input as attached
	unattached := _plan([
		_bucket("ecg-data"), other, _job, job,
		_change(
			"aws_s3_bucket_policy.p", "aws_s3_bucket_policy", {"policy": json.marshal({
				"Version": "2012-10-17",
				"Statement": [_deny("arn:aws:s3:::ecg-*")],
			})},
			{"bucket": true},
		),
	])
	tg401.deny == set() with input as unattached
}
