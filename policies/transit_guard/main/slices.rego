# A large plan, slice by slice.
# The WebAssembly engine's memory grows with the document it holds and everything one evaluation
# computes. A Terraform plan too large for one evaluation is evaluated in slices: sets of its
# resource changes, each evaluated with the configuration blocks of its own changes (the
# projection's blocks, lib/plan), the plan's provider settings and variables as a document of its
# own (entrypoint part, all areas), and the parts gathered by entrypoint decision (parts.rego).
# What the split may not separate is declared here, from the libraries that read across resources:
#   1. slice_index, on each part of the plan in turn (its resource changes in order, in parts of
#      about equal size; the first also holds the blocks of the configuration no change has),
#      gives [address, key] links (changes with a key in common are evaluated in the same slice:
#      a bucket and its policies, a security group and its rules, all RStudio resources), needs
#      (a job is evaluated with the groups it names, which may be in other slices too) and the
#      facts of that part the document-wide context needs (S3 use, the users of each provider
#      configuration);
#   2. slice_context, with the slice_index results under data.transit_guard_part.index and no
#      input, gives the context of every slice (which buckets the SageMaker resources use, ...)
#      and the changes every slice needs (everywhere);
#   3. the loader groups the changes by their links (changes linked directly or through others
#      form one group), packs whole groups into slices of a bounded size in the plan's order, adds
#      to each the groups its changes need and everywhere, and evaluates part on each slice with
#      the context under data.transit_guard_part.context.
# A finding is about a resource and what it is linked to or needs, so each slice finds what the
# whole plan finds about its resources; a change evaluated in more than one slice (everywhere, or
# needed) gives the same findings in each, and the decision keeps one of each.
package transit_guard.main

import data.transit_guard.lib.document
import data.transit_guard.lib.fips
import data.transit_guard.lib.rstudio
import data.transit_guard.lib.s3
import data.transit_guard.lib.security_groups

# METADATA
# description: >-
#   The links and document-wide facts of one part of a plan: {"kind": the part's
#   document_kind, "links": [[address, key]], "needs": [[address, key]], "facts": {"s3": ...,
#   "fips": ...}}. A change that needs a key is evaluated with the changes linked by it, without
#   being linked to them (a job and the security groups it names).
# entrypoint: true
slice_index := {
	"kind": document.summary,
	"links": [link | some link in _links],
	"needs": [need | some need in security_groups.needs],
	"facts": {"s3": s3.slice_facts, "fips": {"users": fips.plan_users}},
}

_links contains link if some link in s3.links

_links contains link if some link in security_groups.links

_links contains link if some link in rstudio.links

# METADATA
# description: >-
#   The context of every slice ({"s3": ..., "fips": ...}), and the addresses of the changes
#   every slice needs, from the facts of every part of the plan (data.transit_guard_part.index:
#   the facts of each slice_index).
# entrypoint: true
slice_context := {
	"context": {
		"s3": object.remove(s3_context, ["unattached"]),
		"fips": {"users": _users_by_key},
	},
	"everywhere": s3_context.unattached,
} if {
	s3_context := s3.slice_context([part.s3 | some part in data.transit_guard_part.index])
}

# The SageMaker resources of the whole plan by provider configuration key (lib/fips), from the
# parts' blocks and changes.
_users_by_key[key] contains address if {
	some part in data.transit_guard_part.index
	some key, addresses in part.fips.users
	some address in addresses
}
