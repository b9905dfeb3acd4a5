# METADATA
# title: TG402 tests
# description: Buckets on SageMaker's data paths should deny TLS below 1.3 (a warning).
package transit_guard.rules.data_paths.s3_tls13_test

import data.transit_guard.rules.data_paths.s3_tls13 as tg402

# A SageMaker model that names no bucket: every bucket of the template is checked.
_template(statements) := {"Resources": {
	"Model": {"Type": "AWS::SageMaker::Model", "Properties": {}},
	"Data": {"Type": "AWS::S3::Bucket", "Properties": {}},
	"Policy": {
		"Type": "AWS::S3::BucketPolicy",
		"Properties": {"Bucket": {"Ref": "Data"}, "PolicyDocument": {"Statement": statements}},
	},
}}

_floor(version) := {
	"Effect": "Deny",
	"Principal": {"AWS": "*"},
	"Action": "*",
	"Resource": [{"Fn::GetAtt": ["Data", "Arn"]}, {"Fn::Sub": "${Data.Arn}/*"}],
	"Condition": {"NumericLessThan": {"s3:TlsVersion": version}},
}

# METADATA
# description: Some finding's message contains text.
_says(findings, text) if {
	some finding in findings
	contains(finding.msg, text)
}

# METADATA
# description: The TG402 findings as [resource, path].
_facts(findings) := {[f.resource, f.path] | some f in findings; f.id == "TG402"; f.severity == "LOW"}

# METADATA
# description: A floor of 1.3 (string or number) passes.
test_allowed_tls13 if {
	tg402.warn == set() with input as _template([_floor("1.3")])
	tg402.warn == set() with input as _template([_floor(1.3)])
}

# METADATA
# description: A floor of 1.2 warns and names the floor found.
test_denied_tls12 if {
	_facts(tg402.warn) == {["Data", "PolicyDocument"]} with input as _template([_floor("1.2"), _floor("1.1")])
	some finding in tg402.warn with input as _template([_floor("1.2"), _floor("1.1")])
	finding.msg == concat("", [
		"TG402: bucket Data denies TLS below 1.2 only; ",
		"TLS 1.3 is recommended (s3:TlsVersion NumericLessThan 1.3)",
	])
}

# METADATA
# description: No floor at all warns; a floor that is not a number does not count.
test_denied_no_floor if {
	_says(tg402.warn, "has no bucket policy that requires a TLS version") with input as _template([])
	_facts(tg402.warn) == {["Data", "PolicyDocument"]} with input as _template([_floor("latest")])
}

# METADATA
# description: A Terraform bucket policy unknown until apply warns that it cannot be verified.
test_denied_plan_unknown if {
	doc := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [
		{
			"address": "aws_s3_bucket.d",
			"mode": "managed",
			"type": "aws_s3_bucket",
			"name": "d",
			"change": {"actions": ["create"], "after": {"bucket": "d"}, "after_unknown": {}},
		},
		{
			"address": "aws_s3_bucket_policy.d",
			"mode": "managed",
			"type": "aws_s3_bucket_policy",
			"name": "d",
			"change": {"actions": ["create"], "after": {"bucket": "d"}, "after_unknown": {"policy": true}},
		},
		{
			"address": "aws_sagemaker_model.m",
			"mode": "managed",
			"type": "aws_sagemaker_model",
			"name": "m",
			"change": {"actions": ["create"], "after": {}, "after_unknown": {}},
		},
	]}
	_facts(tg402.warn) == {["aws_s3_bucket.d", "policy"]} with input as doc
	_says(tg402.warn, "unknown until apply") with input as doc
}

# remediation

_fixes(findings) := {f.remediation | some f in findings; f.id == "TG402"}

# METADATA
# description: >-
#   In a template, the remediation raises the floor in the bucket policy's PolicyDocument.Statement,
#   or adds a statement with the bucket's ARNs as GetAtt and Sub (to a new AWS::S3::BucketPolicy
#   when there is none).
test_remediation_template if {
	_fixes(tg402.warn) == {concat("", [
		"In PolicyDocument.Statement of Policy (AWS::S3::BucketPolicy), raise the s3:TlsVersion of the ",
		"NumericLessThan condition that denies TLS below 1.2 to \"1.3\", once every client of the bucket speaks TLS 1.3.",
	])} with input as _template([_floor("1.2")])
	_fixes(tg402.warn) == {concat("", [
		"Add to PolicyDocument.Statement of Policy (AWS::S3::BucketPolicy) the statement {Effect: Deny, ",
		"Principal: \"*\", Action: \"s3:*\", Resource: [!GetAtt Data.Arn, !Sub \"${Data.Arn}/*\"], ",
		"Condition: {NumericLessThan: {s3:TlsVersion: \"1.3\"}}}, once every client of the bucket speaks TLS 1.3.",
	])} with input as _template([])
	without := json.remove(_template([]), ["Resources/Policy"])
	startswith(
		concat("", _fixes(tg402.warn)),
		"Add an AWS::S3::BucketPolicy with Bucket: !Ref Data and the PolicyDocument.Statement {Effect: Deny,",
	) with input as without
}

# METADATA
# description: >-
#   In a plan, the remediation names a new aws_s3_bucket_policy for the bucket, with the statement
#   written with the bucket's Terraform references.
test_remediation_plan if {
	doc := {"format_version": "1.2", "terraform_version": "1.11.4", "resource_changes": [
		{
			"address": "aws_s3_bucket.d", "mode": "managed", "type": "aws_s3_bucket", "name": "d",
			"change": {"actions": ["create"], "after": {"bucket": "d"}, "after_unknown": {"policy": true}},
		},
		{
			"address": "aws_sagemaker_model.m", "mode": "managed", "type": "aws_sagemaker_model", "name": "m",
			"change": {"actions": ["create"], "after": {}, "after_unknown": {}},
		},
	]}
	_fixes(tg402.warn) == {concat("", [
		"Add an aws_s3_bucket_policy for aws_s3_bucket.d (bucket = aws_s3_bucket.d.id) whose policy has the ",
		"statement {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": ",
		"[\"${aws_s3_bucket.d.arn}\", \"${aws_s3_bucket.d.arn}/*\"], \"Condition\": {\"NumericLessThan\": ",
		"{\"s3:TlsVersion\": \"1.3\"}}}, once every client of the bucket speaks TLS 1.3.",
	])} with input as doc
}
