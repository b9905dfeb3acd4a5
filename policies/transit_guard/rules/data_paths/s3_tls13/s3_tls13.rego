# METADATA
# title: Buckets on SageMaker's data paths require TLS 1.3
# description: >-
#   TLS 1.2 is supported and TLS 1.3 recommended for SageMaker's traffic. A bucket on SageMaker's
#   data paths (chosen as for TG401: named by the document's SageMaker resources, or SageMaker's
#   own; every bucket when they name none, and under profile strict) should deny every S3 action
#   to everyone when s3:TlsVersion is below 1.3, on the bucket and object ARNs. A recommendation:
#   warned about, denied only under profile strict.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html
#     description: s3:TlsVersion condition key
# custom:
#   id: TG402
#   severity: LOW
#   remediation: >-
#     Add a bucket policy statement {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
#     "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"], "Condition":
#     {"NumericLessThan": {"s3:TlsVersion": "1.3"}}}, once every client of the bucket speaks TLS 1.3.
#   input_kinds: [terraform_plan, cloudformation]
package transit_guard.rules.data_paths.s3_tls13

import data.transit_guard.lib.result
import data.transit_guard.lib.s3

# METADATA
# description: Buckets whose policy does not require TLS 1.3.
warn contains result.finding(rego.metadata.chain(), {
	"text": concat("", ["bucket ", bucket.resource, " ", _why(coverage)]),
	"remediation": _remediation(bucket, coverage, _condition),
	"resource": bucket.resource,
	"input_kind": bucket.input_kind,
	"path": _path(bucket),
}) if {
	some bucket in s3.buckets
	coverage := s3.coverage(bucket, "tls")
	not _tls13(coverage.floors)
}

_tls13(floors) if {
	some level in floors
	to_number(level) >= 1.3
}

_path(bucket) := "policy" if bucket.input_kind == "terraform_plan"

else := "PolicyDocument"

_why(coverage) := concat("", [
	"denies TLS below ", _highest(coverage.floors), " only; ",
	"TLS 1.3 is recommended (s3:TlsVersion NumericLessThan 1.3)",
]) if {
	count(coverage.floors) > 0
} else := concat("", [
	"has a bucket policy that is unknown until apply, so a TLS 1.3 requirement cannot be verified; ",
	"TLS 1.3 is recommended (s3:TlsVersion NumericLessThan 1.3)",
]) if {
	coverage.unknown
} else := concat("", [
	"has no bucket policy that requires a TLS version, so TLS 1.2 is accepted; ",
	"TLS 1.3 is recommended (s3:TlsVersion NumericLessThan 1.3)",
])

_highest(floors) := sort({level |
	some level in floors
	to_number(level) == max({to_number(other) | some other in floors})
})[0]

_condition := {
	"json": "{\"NumericLessThan\": {\"s3:TlsVersion\": \"1.3\"}}",
	"yaml": "{NumericLessThan: {s3:TlsVersion: \"1.3\"}}",
}

_once := ", once every client of the bucket speaks TLS 1.3."

_remediation(bucket, coverage, condition) := concat("", [
	"In ", s3.policy_of(bucket).where, ", raise the s3:TlsVersion of the NumericLessThan condition that denies TLS below ",
	_highest(coverage.floors), " to \"1.3\"", _once,
]) if {
	count(coverage.floors) > 0
	s3.policy_of(bucket)
} else := concat("", [
	s3.make_known(bucket, condition), _once,
]) if {
	coverage.unknown
	s3.policy_of(bucket)
} else := concat("", [s3.add(bucket, s3.statement(bucket, condition)), _once])
