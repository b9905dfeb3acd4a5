# METADATA
# title: Buckets on SageMaker's data paths refuse plain HTTP
# description: >-
#   SageMaker reads training and processing inputs, and writes outputs, checkpoints, monitoring
#   results and model artifacts, through S3. A bucket on SageMaker's data paths must have a bucket
#   policy that denies every S3 action to everyone when aws:SecureTransport is false, on the bucket
#   ARN and on the object ARNs (arn:aws:s3:::bucket/*). A policy that is unknown until apply cannot
#   be verified and counts as missing. The buckets on SageMaker's data paths are those the
#   SageMaker resources of the document name (s3://bucket/... in their bodies, or a reference to
#   the bucket resource), and those that show they are SageMaker's own: a name in SageMaker's
#   default-bucket convention (sagemaker-<region>-<account>...) or a bucket policy that grants the
#   sagemaker.amazonaws.com service principal. When the document's SageMaker resources name none
#   of its buckets, every bucket is checked. A document without SageMaker resources and without
#   such a bucket (a website bucket beside a security group) is not checked, so a stack whose data
#   buckets are in one template and whose SageMaker resources are in another is caught only under
#   profile strict, which checks every bucket of every document.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
#     description: Enforce encryption of data in transit (aws:SecureTransport)
# custom:
#   id: TG401
#   severity: HIGH
#   remediation: >-
#     Add a bucket policy statement {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
#     "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"], "Condition": {"Bool":
#     {"aws:SecureTransport": "false"}}} (aws_s3_bucket_policy, AWS::S3::BucketPolicy).
#   input_kinds: [terraform_plan, cloudformation]
package transit_guard.rules.data_paths.s3_secure_transport

import data.transit_guard.lib.result
import data.transit_guard.lib.s3

# METADATA
# description: Buckets whose policy does not deny plain HTTP on both the bucket and its objects.
deny contains result.finding(rego.metadata.chain(), {
	"text": concat("", ["bucket ", bucket.resource, s3.scope(bucket), " ", _why(coverage)]),
	"remediation": _remediation(bucket, coverage, _condition),
	"resource": bucket.resource,
	"input_kind": bucket.input_kind,
	"path": _path(bucket),
}) if {
	some bucket in s3.buckets
	coverage := s3.coverage(bucket, "secure_transport")
	not _complete(coverage)
}

_complete(coverage) if {
	coverage.bucket
	coverage.objects
}

_path(bucket) := "policy" if bucket.input_kind == "terraform_plan"

else := "PolicyDocument"

_why(coverage) := concat("", [
	"has a bucket policy that is unknown until apply, ",
	"so its aws:SecureTransport deny cannot be verified",
]) if {
	not coverage.bucket
	not coverage.objects
	coverage.unknown
} else := "has no bucket policy that denies requests with aws:SecureTransport = false" if {
	not coverage.bucket
	not coverage.objects
} else := concat("", [
	"denies requests with aws:SecureTransport = false on the bucket ARN but not on its objects ",
	"(arn:aws:s3:::<bucket>/*), which carry the data",
]) if {
	coverage.bucket
} else := "denies requests with aws:SecureTransport = false on its objects but not on the bucket ARN"

_condition := {
	"json": "{\"Bool\": {\"aws:SecureTransport\": \"false\"}}",
	"yaml": "{Bool: {aws:SecureTransport: \"false\"}}",
}

_remediation(bucket, coverage, condition) := concat("", [
	s3.make_known(bucket, condition), ".",
]) if {
	not coverage.bucket
	not coverage.objects
	coverage.unknown
	s3.policy_of(bucket)
} else := concat("", [s3.add(bucket, s3.statement(bucket, condition)), "."]) if {
	not coverage.bucket
	not coverage.objects
} else := concat("", [
	"In ", s3.policy_of(bucket).where, ", add ", s3.objects_arn(bucket), " to the Resource of the statement that denies ",
	"aws:SecureTransport = false (or add the statement ", s3.statement(bucket, condition), ").",
]) if {
	coverage.bucket
	s3.policy_of(bucket)
} else := concat("", [
	"In ", s3.policy_of(bucket).where, ", add ", s3.bucket_arn(bucket), " to the Resource of the statement that denies ",
	"aws:SecureTransport = false (or add the statement ", s3.statement(bucket, condition), ").",
]) if {
	s3.policy_of(bucket)
} else := concat("", [s3.add(bucket, s3.statement(bucket, condition)), "."])
