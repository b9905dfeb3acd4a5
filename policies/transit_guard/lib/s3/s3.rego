# METADATA
# title: S3 buckets on SageMaker's data paths, and what their policies require of TLS
# description: >-
#   The buckets of a Terraform plan or CloudFormation template that are on SageMaker's data paths:
#   those the document's SageMaker resources read or write (s3://bucket/... anywhere in their
#   bodies, embedded pipeline and state machine definitions included; in a plan also any reference
#   to the bucket resource), and those that show they are SageMaker's own (a name in SageMaker's
#   default-bucket convention, sagemaker-<region>-<account>..., or a bucket policy that grants the
#   sagemaker.amazonaws.com service principal). Every bucket of the document when it defines
#   SageMaker resources that name none of its buckets (their S3 locations cannot be resolved to
#   one), and under profile strict. Bucket policies come as JSON strings in plans
#   (aws_s3_bucket_policy.policy, aws_s3_bucket.policy) and as objects or strings in templates
#   (AWS::S3::BucketPolicy PolicyDocument); a statement protects the bucket ARN and the object
#   ARNs its Resource patterns match, a pattern with a wildcard in the bucket name only for the
#   bucket its policy is attached to (or any bucket, when that cannot be told).
package transit_guard.lib.s3

import data.transit_guard.lib.cfntext
import data.transit_guard.lib.config
import data.transit_guard.lib.document
import data.transit_guard.lib.iam
import data.transit_guard.lib.plan
import data.transit_guard.lib.template
import data.transit_guard.lib.tfconfig

# METADATA
# description: The Terraform resource types read here (buckets, bucket policies, SageMaker resources naming buckets).
tf_types := {"aws_s3_bucket", "aws_s3_bucket_policy", "aws_sagemaker_model"}

# Buckets: {"id", "resource", "input_kind", "names"}; names are what a URI or ARN may call the
# bucket (its literal name; in a template also ${LogicalId}, the placeholder of a Ref to it).
_buckets contains bucket if {
	document.kind == "terraform_plan"
	some change in plan.changes
	change.type == "aws_s3_bucket"
	bucket := {
		"id": change.address,
		"resource": change.address,
		"input_kind": "terraform_plan",
		"names": {change.change.after.bucket | is_string(change.change.after.bucket)},
	}
}

_buckets contains bucket if {
	document.kind == "cloudformation"
	some id, resource in template.resources
	resource.Type == "AWS::S3::Bucket"
	bucket := {
		"id": id,
		"resource": id,
		"input_kind": "cloudformation",
		"names": ({concat("", ["${", id, "}"])} | {name |
			name := cfntext.render(input, resource.Properties.BucketName)
		}),
	}
}

# METADATA
# description: >-
#   The buckets the rules check: every bucket under profile strict; otherwise those on
#   SageMaker's data paths (named by its resources, or its own), and every bucket when the
#   document's SageMaker resources name none of them.
buckets := _buckets if {
	config.strict
} else := _used_buckets | _own_buckets if {
	_any_used
} else := _buckets if {
	_sagemaker_present
} else := _own_buckets

# METADATA
# description: >-
#   Why a bucket is checked, as a phrase for a finding's text: SageMaker reads or writes it,
#   it is SageMaker's own, or (empty) every bucket is checked.
scope(bucket) := ", which SageMaker reads or writes," if {
	_used(bucket)
} else := ", SageMaker's default bucket," if {
	_default_named(bucket)
} else := ", which its policy opens to SageMaker," if {
	_granted_target_set[bucket.id]
} else := ""

_used_buckets contains bucket if {
	some bucket in _buckets
	_used(bucket)
}

# Buckets that show they are SageMaker's own, whether or not a resource of the document names them.
_own_buckets contains bucket if {
	some bucket in _buckets
	_own(bucket)
}

_own(bucket) if _default_named(bucket)

_own(bucket) if _granted_target_set[bucket.id]

# SageMaker's default bucket, sagemaker-<region>-<account id> (Session.default_bucket()), also
# as !Sub sagemaker-${AWS::Region}-${AWS::AccountId}.
_default_named(bucket) if {
	some name in bucket.names
	regex.match(`^sagemaker-([a-z]{2}(-[a-z]+)+-[0-9]+|\$\{AWS::Region\})-([0-9]{12}|\$\{AWS::AccountId\})`, name)
}

# Buckets whose policy allows the SageMaker service principal.
_granted_targets contains target if {
	some policy in _policies
	some statement in policy.statements
	statement.Effect == "Allow"
	principal := object.get(statement, "Principal", null)
	is_object(principal)
	"sagemaker.amazonaws.com" in iam.as_list(object.get(principal, "Service", null))
	some target in policy.targets
}

# Whether the document's SageMaker resources name a bucket of it, whether it has SageMaker
# resources, and which buckets they name: asked of the document itself, or, for a plan evaluated
# in slices, of the context computed once from all of them (s3_slices.rego).
_any_used if {
	not _sliced
	count(_used_buckets) > 0
}

_any_used if _slice_context.any_used == true

_sagemaker_present if {
	not _sliced
	_sagemaker_here
}

_sagemaker_present if _slice_context.sagemaker_present == true

_used(bucket) if {
	not _sliced
	_used_here(bucket)
}

_used(bucket) if _slice_used[bucket.id]

# The document defines SageMaker resources (a state machine only when it runs SageMaker tasks).
_sagemaker_here if {
	document.kind == "terraform_plan"
	some change in _sagemaker_changes
	_sagemaker_change(change)
}

_sagemaker_here if {
	document.kind == "cloudformation"
	some resource in template.resources
	_cfn_sagemaker(resource.Type)
	_cfn_sagemaker_resource(resource)
}

_sagemaker_change(change) if change.type != "aws_sfn_state_machine"

_sagemaker_change(change) if contains(object.get(change.change.after, "definition", ""), ":::sagemaker:")

_cfn_sagemaker_resource(resource) if startswith(resource.Type, "AWS::SageMaker::")

_cfn_sagemaker_resource(resource) if {
	not startswith(resource.Type, "AWS::SageMaker::")
	walk(resource, [_, value])
	is_string(value)
	contains(value, ":::sagemaker:")
}

# Sets asked once per bucket, as complete rules and by lookup: a lookup into a partial rule would
# evaluate its body again for each key in OPA's evaluator, and x in s scans the set in the
# WebAssembly (docs/opa-wasm-defects.md, 5).
# regal ignore:pointless-reassignment
_referenced_name_set := _referenced_names

# regal ignore:pointless-reassignment
_referenced_address_set := _referenced_addresses

# regal ignore:pointless-reassignment
_granted_target_set := _granted_targets

# regal ignore:pointless-reassignment
_unknown_target_set := _unknown_targets

_used_here(bucket) if {
	some name in bucket.names
	_referenced_name_set[name]
}

_used_here(bucket) if {
	bucket.input_kind == "terraform_plan"
	_referenced_address_set[bucket.id]
}

# The resources the SageMaker resources of a plan refer to, computed once.
_referenced_addresses contains target.address if {
	some change in _sagemaker_changes
	some reference in tfconfig.all_references(change)
	some target in tfconfig.referenced(change, reference)
}

_sagemaker_changes[address] := change if {
	some address, change in plan.changes
	_sagemaker_type(change.type)
}

_sagemaker_type(type) if startswith(type, "aws_sagemaker_")

_sagemaker_type(type) if startswith(type, "awscc_sagemaker_")

_sagemaker_type("aws_sfn_state_machine")

_cfn_sagemaker(type) if startswith(type, "AWS::SageMaker::")

_cfn_sagemaker(type) if type in {"AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"}

# Bucket names in s3:// URIs of the SageMaker resources' bodies.
_referenced_names contains name if {
	document.kind == "terraform_plan"
	some change in _sagemaker_changes
	walk(change.change.after, [_, value])
	some name in _uri_buckets(value)
}

_referenced_names contains name if {
	document.kind == "cloudformation"
	some resource in template.resources
	_cfn_sagemaker(resource.Type)
	walk(resource, [_, value])
	some name in _uri_buckets(_cfn_string(value))
}

_cfn_string(value) := cfntext.render(input, value) if {
	is_object(value)
	some function in ["Fn::Sub", "Fn::Join"]
	value[function]
} else := value

_uri_buckets(text) := {match[1] |
	is_string(text)
	contains(text, "s3://")
	some match in regex.find_all_string_submatch_n(`s3://([^/\s"'\\]+)`, text, -1)
}

# Bucket policies: {"targets": bucket ids, "state": "known" or "unknown", "statements"}.
_policies contains policy if {
	document.kind == "terraform_plan"
	some change in plan.changes
	change.type == "aws_s3_bucket_policy"
	policy := {
		"resource": change.address,
		"targets": _tf_targets(change),
		"state": _tf_state(change, "policy"),
		"statements": _statements(object.get(change.change.after, "policy", null)),
	}
}

# The deprecated inline policy of aws_s3_bucket: Optional and Computed, so unknown whenever it is
# not set; only a policy given as text counts.
_policies contains policy if {
	document.kind == "terraform_plan"
	some change in plan.changes
	change.type == "aws_s3_bucket"
	is_string(change.change.after.policy)
	policy := {
		"resource": change.address,
		"targets": {change.address},
		"state": "known",
		"statements": _statements(change.change.after.policy),
	}
}

_policies contains policy if {
	document.kind == "cloudformation"
	some id, resource in template.resources
	resource.Type == "AWS::S3::BucketPolicy"
	policy := {
		"resource": id,
		"targets": _cfn_targets(resource.Properties.Bucket),
		"state": "known",
		"statements": _cfn_statements(object.get(resource.Properties, "PolicyDocument", null)),
	}
}

# A policy unknown until apply (a bucket ARN computed at apply, or a policy document data source
# read at apply) cannot be verified.
_tf_state(change, attribute) := "unknown" if {
	change.change.after_unknown[attribute] == true
} else := "known"

_tf_targets(change) := object.get(_bucket_ids, object.get(change.change.after, "bucket", ""), set()) | {target.address |
	some reference in tfconfig.references(change, "bucket")
	some target in tfconfig.referenced(change, reference)
}

_cfn_targets(value) := object.get(_bucket_ids, cfntext.render(input, value), set())

# The ids of the buckets by every name they may be called by, grouped once (a policy names its
# bucket: looked up, not compared with every bucket of the document).
# regal ignore:pointless-reassignment
_bucket_ids := _ids_by_name

_ids_by_name[name] contains bucket.id if {
	some bucket in _buckets
	some name in bucket.names
}

# The statements of a policy document given as an object or JSON text; none when it cannot be read.
_statements(value) := [statement |
	some statement in iam.statements(iam.document_of(value))
	is_object(statement)
] if {
	iam.document_of(value)
} else := []

# Template statements with their Resource rendered to ARN patterns
# (!Sub arn:${AWS::Partition}:s3:::${Bucket}/* -> arn:aws:s3:::${Bucket}/*).
_cfn_statements(value) := [object.union(statement, {"Resource": [_arn(cfntext.render(input, resource)) |
	some resource in iam.as_list(object.get(statement, "Resource", null))
]}) |
	some statement in _statements(value)
]

_arn(text) := _partition(concat("", [
	"arn:aws:s3:::${", substring(text, 2, indexof(text, ".Arn}") - 2), "}",
	substring(text, indexof(text, ".Arn}") + 5, -1),
])) if {
	# ${Bucket.Arn} is the bucket's ARN (Fn::GetAtt Bucket.Arn), ${Bucket.Arn}/* its objects.
	startswith(text, "${")
	indexof(text, ".Arn}") > 2
} else := _partition(text)

_partition(text) := replace(text, "${AWS::Partition}", "aws")

# METADATA
# description: >-
#   How a bucket stands against a kind of requirement ("secure_transport" or "tls"):
#   {"bucket": covered, "objects": covered, "unknown": a policy of the bucket is unknown until
#   apply, "floors": the TLS versions below which statements covering both deny, as text}.
coverage(bucket, requirement) := {
	"bucket": _covered(candidates, _bucket_arns(bucket)),
	"objects": _covered(candidates, _object_arns(bucket)),
	"unknown": _unknown(bucket),
	"floors": {level |
		some statement in candidates
		some level in _floors(statement)
		_covers(statement, _bucket_arns(bucket))
		_covers(statement, _object_arns(bucket))
	},
} if {
	candidates := _candidates(requirement, bucket)
}

_bucket_arns(bucket) := {concat("", ["arn:aws:s3:::", name]) | some name in bucket.names}

_object_arns(bucket) := {concat("", ["arn:aws:s3:::", name, "/*"]) | some name in bucket.names}

_covered(statements, arns) if {
	some statement in statements
	_covers(statement, arns)
} else := false

_covers(statement, arns) if {
	some arn in arns
	some pattern in iam.as_list(object.get(statement, "Resource", null))
	is_string(pattern)
	iam.matches(_partitionless(pattern), arn)
}

# The statements that can cover a bucket: those whose Resource names it without a wildcard in
# the bucket name, and those with a wildcard in the bucket name from a policy attached to the
# bucket (a bucket policy governs its own bucket only) or from a policy whose bucket cannot be
# told (then any bucket it matches). Indexed once, so that a bucket is tested against these and
# not against every statement of the document (300 buckets sharing a 300-statement policy were
# 90 000 pattern matches; wildcard statements of every policy against every bucket grew with
# the square of the plan).
_candidates(requirement, bucket) := (named | attached) | object.get(_wild_unattached, requirement, set()) if {
	named := {statement |
		some name in bucket.names
		some statement in object.get(_by_bucket, concat(" ", [requirement, name]), set())
	}
	attached := object.get(_wild_attached, concat(" ", [requirement, bucket.id]), set())
}

# regal ignore:pointless-reassignment
_by_bucket := _named_statements

_named_statements[concat(" ", [requirement, name])] contains statement if {
	some requirement, statements in _requiring
	some statement in statements
	some pattern in iam.as_list(object.get(statement, "Resource", null))
	name := _literal_bucket(pattern)
}

# regal ignore:pointless-reassignment
_wild_attached := _wild_by_target

_wild_by_target[concat(" ", [requirement, target])] contains statement if {
	some policy in _policies
	some statement in policy.statements
	_wild(statement)
	some requirement, statements in _requiring
	statements[statement]
	some target in policy.targets
}

# regal ignore:prefer-set-or-object-rule
_wild_unattached := {requirement: {statement |
	some policy in _policies
	count(policy.targets) == 0
	some statement in policy.statements
	_wild(statement)
	statements[statement]
} |
	some requirement, statements in _requiring
}

# A statement with a Resource pattern that may name more than one bucket.
_wild(statement) if {
	some pattern in iam.as_list(object.get(statement, "Resource", null))
	is_string(pattern)
	not _literal_bucket(pattern)
}

# The bucket name of an S3 ARN pattern (arn:aws:s3:::name or arn:aws:s3:::name/key...), when
# the name has no wildcard: such a pattern matches ARNs of that bucket only.
_literal_bucket(pattern) := name if {
	is_string(pattern)
	arn := _partitionless(pattern)
	startswith(arn, "arn:aws:s3:::")
	name := split(substring(arn, count("arn:aws:s3:::"), -1), "/")[0]
	not contains(name, "*")
	not contains(name, "?")
}

# arn:aws-us-gov:... and arn:aws-cn:... are compared as arn:aws:...
_partitionless(pattern) := concat(":", array.concat(["arn", "aws"], array.slice(parts, 2, count(parts)))) if {
	parts := split(pattern, ":")
	count(parts) > 2
	parts[0] == "arn"
} else := pattern

_unknown(bucket) if {
	_unknown_target_set[bucket.id]
} else := false

_unknown_targets contains target if {
	some policy in _policies
	policy.state == "unknown"
	some target in policy.targets
}

# Statements that deny every S3 action to everyone on one condition, and nothing else, by
# requirement. A complete rule, computed once: as a function it was computed again for every
# bucket (WASM does not memoize function calls).
# regal ignore:prefer-set-or-object-rule
_requiring := {requirement: {statement |
	some policy in _policies
	some statement in policy.statements
	statement.Effect == "Deny"
	iam.everyone(statement)
	iam.covers_action(statement, "s3:*")
	_requires(requirement, statement)
} |
	some requirement in ["secure_transport", "tls"]
}

_requires("secure_transport", statement) if {
	iam.condition_keys(statement) == {"aws:securetransport"}
	some operator in ["bool", "boolifexists"]
	[operator, "false"] in iam.conditions(statement, "aws:SecureTransport")
}

_requires("tls", statement) if {
	iam.condition_keys(statement) == {"s3:tlsversion"}
	count(_floors(statement)) > 0
}

# The TLS versions below which a statement denies, as written ("1.2", "1.3").
_floors(statement) := {value |
	some [operator, value] in iam.conditions(statement, "s3:TlsVersion")
	operator in {"numericlessthan", "numericlessthanifexists"}
	regex.match(`^[0-9]+(\.[0-9]+)?$`, value)
}
