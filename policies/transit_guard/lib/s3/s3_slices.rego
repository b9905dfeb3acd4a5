# S3 buckets of a plan evaluated in slices.
# A large plan is evaluated in slices (main/slices.rego): sets of resource changes that are
# evaluated together, each with a context computed once from the whole plan. A bucket's findings
# need its policies and the statements of any policy that name it: links ties them (by name and
# by reference). Which buckets the plan's SageMaker resources use, whether there are any, and
# which policies attach to no bucket of the plan (their wildcard statements may cover any
# bucket, so they go to every slice) are document-wide: slice_facts collects them from each
# part of the plan, slice_context brings them together. Part of lib/s3 (its package annotation
# is in s3.rego).
package transit_guard.lib.s3

import data.transit_guard.lib.iam
import data.transit_guard.lib.plan
import data.transit_guard.lib.tfconfig

# The context of a slice, when the document is evaluated in slices.
_slice_context := data.transit_guard_part.context.s3

_sliced if _slice_context

# regal ignore:prefer-set-or-object-rule
_slice_used := {address: true | some address in _slice_context.used}

# METADATA
# scope: document
# description: >-
#   [address, key] pairs: changes with a key in common are evaluated in the same slice (a
#   bucket, its policies, the statements that name it).
links contains [change.address, concat(" ", ["s3", name])] if {
	some change in plan.changes
	change.type in {"aws_s3_bucket", "aws_s3_bucket_policy"}
	name := change.change.after.bucket
	is_string(name)
}

links contains [change.address, concat(" ", ["ref", tfconfig.own_key(change)])] if {
	some change in plan.changes
	change.type == "aws_s3_bucket"
}

links contains [change.address, concat(" ", ["ref", tfconfig.reference_key(change, reference)])] if {
	some change in plan.changes
	change.type == "aws_s3_bucket_policy"
	some reference in tfconfig.references(change, "bucket")
}

links contains [policy.resource, concat(" ", ["s3", name])] if {
	some policy in _policies
	some statement in policy.statements
	some pattern in iam.as_list(object.get(statement, "Resource", null))
	name := _literal_bucket(pattern)
}

# METADATA
# description: >-
#   What one part of a plan tells of the document-wide context: its buckets ([address, key,
#   names]), the bucket names and references of its SageMaker resources, whether it has any, and
#   its bucket policies with a wildcard in a bucket name ([address, names, reference keys] of
#   the buckets they attach to).
slice_facts := {
	"buckets": [[change.address, _own_key(change), [name | some name in bucket.names]] |
		some bucket in _buckets
		change := plan.changes[bucket.id]
	],
	"referenced_names": _referenced_names,
	"referenced_keys": {tfconfig.reference_key(change, reference) |
		some change in _sagemaker_changes
		some reference in tfconfig.all_references(change)
	},
	"sagemaker_present": _here_present,
	"wild": [[
		change.address,
		[change.change.after.bucket | is_string(change.change.after.bucket)],
		[tfconfig.reference_key(change, reference) | some reference in tfconfig.references(change, "bucket")],
	] |
		some policy in _policies
		change := plan.changes[policy.resource]
		change.type == "aws_s3_bucket_policy"
		_has_wild(policy)
	],
}

_has_wild(policy) if {
	some statement in policy.statements
	_wild(statement)
}

# A change without a name (not written by terraform show) is found by no reference.
_own_key(change) := tfconfig.own_key(change) if {
	is_string(change.name)
} else := ""

default _here_present := false

_here_present if _sagemaker_here

# METADATA
# description: >-
#   The context of every slice from the slice_facts of all parts of a plan: the addresses of the
#   buckets SageMaker resources use, whether there is one, whether there are SageMaker resources,
#   and the policies that attach to no bucket of the plan (unattached, evaluated in every slice).
#   Names and keys are looked up in objects: x in s scans a set in the WebAssembly
#   (docs/opa-wasm-defects.md, 5).
slice_context(facts) := {
	"used": used,
	"any_used": count(used) > 0,
	"sagemaker_present": count([true | some part in facts; part.sagemaker_present == true]) > 0,
	"unattached": {address |
		some part in facts
		some [address, names, keys] in part.wild
		not _attached_to_known(names, keys, known)
	},
} if {
	referenced := {entry: true |
		some part in facts
		some entry in array.concat(
			[concat(" ", ["name", name]) | some name in part.referenced_names],
			[concat(" ", ["key", key]) | some key in part.referenced_keys],
		)
	}
	used := {address |
		some part in facts
		some [address, key, names] in part.buckets
		_found(key, names, referenced)
	}
	known := {entry: true |
		some part in facts
		some [_, key, names] in part.buckets
		some entry in array.concat([concat(" ", ["key", key])], [concat(" ", ["name", name]) | some name in names])
	}
}

_found(key, _, entries) if _keyed(key, entries)

_found(_, names, entries) if _named(names, entries)

_attached_to_known(names, _, entries) if _named(names, entries)

_attached_to_known(_, keys, entries) if {
	some key in keys
	_keyed(key, entries)
}

_keyed(key, entries) if {
	key != ""
	entries[concat(" ", ["key", key])]
}

_named(names, entries) if {
	some name in names
	entries[concat(" ", ["name", name])]
}
