# Remediation of the S3 rules (TG401, TG402): where a statement for a bucket goes, written as the
# input writes it. Part of lib/s3 (its package annotation is in s3.rego).
package transit_guard.lib.s3

import data.transit_guard.lib.iam

# METADATA
# description: >-
#   The bucket policy a statement for the bucket belongs in, as the input names it: the first
#   (by name) policy attached to the bucket, or a policy whose bucket the plan does not show that
#   names the bucket in its statements; undefined when there is none.
policy_of(bucket) := {"resource": resource, "where": _where(bucket.input_kind, resource)} if {
	resource := sort(object.get(_attached, bucket.id, set()))[0]
}

_where("terraform_plan", resource) := concat("", ["the policy of ", resource])

_where("cloudformation", resource) := concat("", ["PolicyDocument.Statement of ", resource, " (AWS::S3::BucketPolicy)"])

# The policies of each bucket, indexed once (not every policy tested for every bucket).
# regal ignore:pointless-reassignment
_attached := _attached_by_bucket

_attached_by_bucket[target] contains policy.resource if {
	some policy in _policies
	some target in policy.targets
}

_attached_by_bucket[target] contains policy.resource if {
	some policy in _policies
	count(policy.targets) == 0
	some statement in policy.statements
	some pattern in iam.as_list(object.get(statement, "Resource", null))
	some target in object.get(_bucket_ids, _literal_bucket(pattern), set())
}

# METADATA
# description: The bucket's ARN as the input refers to it (a Terraform interpolation, CloudFormation's GetAtt).
bucket_arn(bucket) := concat("", ["\"${", _local(bucket.resource), ".arn}\""]) if {
	bucket.input_kind == "terraform_plan"
} else := concat("", ["!GetAtt ", bucket.resource, ".Arn"])

# METADATA
# description: The ARN of the bucket's objects as the input refers to it.
objects_arn(bucket) := concat("", ["\"${", _local(bucket.resource), ".arn}/*\""]) if {
	bucket.input_kind == "terraform_plan"
} else := concat("", ["!Sub \"${", bucket.resource, ".Arn}/*\""])

_local(address) := substring(address, indexof(address, "aws_s3_bucket."), -1)

# METADATA
# description: >-
#   A statement that denies every S3 action to everyone on the condition ({"json", "yaml"}), on
#   the bucket's and its objects' ARNs, as the input writes a policy: JSON in Terraform
#   (jsonencode or a heredoc), YAML in CloudFormation.
statement(bucket, condition) := concat("", [
	"{\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\", \"Resource\": [",
	bucket_arn(bucket), ", ", objects_arn(bucket), "], \"Condition\": ", condition.json, "}",
]) if {
	bucket.input_kind == "terraform_plan"
} else := concat("", [
	"{Effect: Deny, Principal: \"*\", Action: \"s3:*\", Resource: [", bucket_arn(bucket), ", ",
	objects_arn(bucket), "], Condition: ", condition.yaml, "}",
])

# METADATA
# description: Where a statement goes (the policy attached to the bucket, or a new one), with the statement.
add(bucket, text) := concat("", ["Add to ", policy.where, " the statement ", text]) if {
	policy := policy_of(bucket)
} else := concat("", [
	"Add an aws_s3_bucket_policy for ", bucket.resource, " (bucket = ", _local(bucket.resource),
	".id) whose policy has the statement ", text,
]) if {
	bucket.input_kind == "terraform_plan"
} else := concat("", [
	"Add an AWS::S3::BucketPolicy with Bucket: !Ref ", bucket.resource,
	" and the PolicyDocument.Statement ", text,
])

# METADATA
# description: >-
#   For a bucket whose attached policy is unknown until apply: make that policy known at plan
#   time, with the statement for the condition in it.
make_known(bucket, condition) := concat("", [
	"Make ", policy_of(bucket).where, " known at plan time (a jsonencode of literals and references, ",
	"or a data.aws_iam_policy_document whose inputs are known at plan time), with the statement ",
	statement(bucket, condition),
])
