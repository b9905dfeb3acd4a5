# METADATA
# title: TG401 tests
# description: >-
#   Buckets on SageMaker's data paths (named by its resources, or its own; every bucket when its
#   resources name none, and under profile strict) must deny aws:SecureTransport = false to
#   everyone on the bucket and object ARNs.
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
# description: When the SageMaker resources name no bucket of the document, every bucket is checked.
test_denied_every_bucket_without_references if {
	unnamed := _change("aws_sagemaker_model.m", "aws_sagemaker_model", {"primary_container": []}, {})
	_facts(tg401.deny) == {["aws_s3_bucket.a", "policy"], ["aws_s3_bucket.b", "policy"]}
		with input as _plan([_bucket("a"), _bucket("b"), unnamed])
	not _says(tg401.deny, "which SageMaker") with input as _plan([_bucket("a"), _bucket("b"), unnamed])
}

# METADATA
# description: >-
#   A document without SageMaker resources is not checked (a website bucket beside a state
#   machine that runs no SageMaker task), unless profile strict asks for every bucket.
test_allowed_no_sagemaker if {
	machine := _change(
		"aws_sfn_state_machine.etl", "aws_sfn_state_machine", {"definition": json.marshal({"States": {
			"Run": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke"},
		}})},
		{},
	)
	tg401.deny == set() with input as _plan([_bucket("website"), machine])
	_facts(tg401.deny) == {["aws_s3_bucket.website", "policy"]}
		with input as _plan([_bucket("website"), machine])
		with data.transit_guard_config.profiles as ["strict"]
}

# METADATA
# description: >-
#   A state machine that runs a SageMaker task is a SageMaker resource: naming no bucket, every
#   bucket is checked.
test_denied_state_machine_with_sagemaker_task if {
	machine := _change(
		"aws_sfn_state_machine.train", "aws_sfn_state_machine", {"definition": json.marshal({"States": {
			"Train": {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync"},
		}})},
		{},
	)
	_facts(tg401.deny) == {["aws_s3_bucket.website", "policy"]} with input as _plan([_bucket("website"), machine])
}

# METADATA
# description: >-
#   SageMaker's own buckets are checked without a SageMaker resource: the default-bucket name,
#   and a policy that grants the SageMaker service principal.
test_denied_sagemaker_own_buckets if {
	grant := _policy("shared-artifacts", [{
		"Effect": "Allow", "Principal": {"Service": ["sagemaker.amazonaws.com"]},
		"Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared-artifacts/*",
	}])
	doc := _plan([
		_bucket("sagemaker-us-east-1-123456789012"), _bucket("shared-artifacts"),
		_bucket("website"), _bucket("sagemaker-notes"), grant,
	])
	_facts(tg401.deny) == {
		["aws_s3_bucket.sagemaker-us-east-1-123456789012", "policy"],
		["aws_s3_bucket.shared-artifacts", "policy"],
	}
		with input as doc
	_says(tg401.deny, "bucket aws_s3_bucket.sagemaker-us-east-1-123456789012, SageMaker's default bucket, has")
		with input as doc
	_says(tg401.deny, "bucket aws_s3_bucket.shared-artifacts, which its policy opens to SageMaker, has")
		with input as doc
}

# METADATA
# description: A bucket named by a SageMaker resource is checked beside SageMaker's own, not every bucket.
test_denied_named_and_own_buckets if {
	doc := _plan([_bucket("ecg-data"), _bucket("sagemaker-eu-west-1-123456789012"), _bucket("website"), _job])
	_facts(tg401.deny) == {
		["aws_s3_bucket.ecg-data", "policy"],
		["aws_s3_bucket.sagemaker-eu-west-1-123456789012", "policy"],
	}
		with input as doc
}

# METADATA
# description: The default bucket written with CloudFormation pseudo parameters is SageMaker's own.
test_denied_cfn_default_bucket if {
	doc := {"Resources": {
		"Default": {"Type": "AWS::S3::Bucket", "Properties": {
			"BucketName": {"Fn::Sub": "sagemaker-${AWS::Region}-${AWS::AccountId}"},
		}},
		"Website": {"Type": "AWS::S3::Bucket", "Properties": {}},
	}}
	_facts(tg401.deny) == {["Default", "PolicyDocument"]} with input as doc
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

# remediation

_fixes(findings) := {f.remediation | some f in findings; f.id == "TG401"}

_tf_statement := concat("", [
	"{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": ",
	"[\"${aws_s3_bucket.ecg-data.arn}\", \"${aws_s3_bucket.ecg-data.arn}/*\"], ",
	"\"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"false\"}}}",
])

# METADATA
# description: >-
#   In a plan, the remediation names the bucket policy resource and its policy attribute (a new
#   aws_s3_bucket_policy for the bucket when there is none), with the statement written with the
#   bucket's Terraform references.
test_remediation_plan if {
	_fixes(tg401.deny) == {concat("", [
		"Add an aws_s3_bucket_policy for aws_s3_bucket.ecg-data (bucket = aws_s3_bucket.ecg-data.id) ",
		"whose policy has the statement ", _tf_statement, ".",
	])} with input as _plan([_bucket("ecg-data"), _job])
	bucket_only := _plan([_bucket("ecg-data"), _job, _policy("ecg-data", [_deny(["arn:aws:s3:::ecg-data"])])])
	_fixes(tg401.deny) == {concat("", [
		"In the policy of aws_s3_bucket_policy.ecg-data, add \"${aws_s3_bucket.ecg-data.arn}/*\" to the ",
		"Resource of the statement that denies aws:SecureTransport = false (or add the statement ",
		_tf_statement, ").",
	])} with input as bucket_only
	unknown := _change("aws_s3_bucket_policy.ecg", "aws_s3_bucket_policy", {"bucket": "ecg-data"}, {"policy": true})
	_fixes(tg401.deny) == {concat("", [
		"Make the policy of aws_s3_bucket_policy.ecg known at plan time (a jsonencode of literals and ",
		"references, or a data.aws_iam_policy_document whose inputs are known at plan time), with the statement ",
		_tf_statement, ".",
	])} with input as _plan([_bucket("ecg-data"), _job, unknown])
}

# METADATA
# description: >-
#   In a template, the remediation names the AWS::S3::BucketPolicy and its PolicyDocument.Statement
#   (a new one with Bucket: !Ref when there is none), with the ARNs as GetAtt and Sub.
test_remediation_template if {
	_fixes(tg401.deny) == {concat("", [
		"In PolicyDocument.Statement of Policy (AWS::S3::BucketPolicy), add !Sub \"${Data.Arn}/*\" to the ",
		"Resource of the statement that denies aws:SecureTransport = false (or add the statement {Effect: Deny, ",
		"Principal: \"*\", Action: \"s3:*\", Resource: [!GetAtt Data.Arn, !Sub \"${Data.Arn}/*\"], ",
		"Condition: {Bool: {aws:SecureTransport: \"false\"}}}).",
	])} with input as _template(_deny([{"Fn::GetAtt": "Data.Arn"}]))
	without := json.remove(_template(_deny([])), ["Resources/Policy"])
	_fixes(tg401.deny) == {concat("", [
		"Add an AWS::S3::BucketPolicy with Bucket: !Ref Data and the PolicyDocument.Statement {Effect: Deny, ",
		"Principal: \"*\", Action: \"s3:*\", Resource: [!GetAtt Data.Arn, !Sub \"${Data.Arn}/*\"], ",
		"Condition: {Bool: {aws:SecureTransport: \"false\"}}}.",
	])} with input as without
}

# METADATA
# description: >-
#   A wildcard statement of a policy whose bucket cannot be told covers the buckets its pattern
#   matches, wherever the wildcard is: after a prefix, a single character, before the bucket name.
test_unattached_wildcards_by_prefix if {
	_facts(tg401.deny) == {["aws_s3_bucket.data-ecg", "policy"]}
		with input as _unattached(["arn:aws:s3:::ecg-*"])
		with data.transit_guard_config.profiles as ["strict"]
	_facts(tg401.deny) == {["aws_s3_bucket.ecg-archive", "policy"], ["aws_s3_bucket.data-ecg", "policy"]}
		with input as _unattached(["arn:aws:s3:::ecg-d?ta", "arn:aws:s3:::ecg-d?ta/*"])
		with data.transit_guard_config.profiles as ["strict"]
	tg401.deny == set()
		with input as _unattached(["arn:aws:s3:::*"])
		with data.transit_guard_config.profiles as ["strict"]
	tg401.deny == set()
		with input as _unattached(["arn:*:s3:::*e*"])
		with data.transit_guard_config.profiles as ["strict"]
}

_unattached(patterns) := _plan([
	_bucket("ecg-data"), _bucket("ecg-archive"), _bucket("data-ecg"), _job,
	_change(
		"aws_s3_bucket_policy.p", "aws_s3_bucket_policy",
		{"policy": json.marshal({"Version": "2012-10-17", "Statement": [_deny(patterns)]})},
		{"bucket": true},
	),
])
