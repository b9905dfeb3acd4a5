package transit_guard.lib.plan_test

import data.transit_guard.lib.adapters.terraform_plan
import data.transit_guard.lib.fips
import data.transit_guard.lib.iam
import data.transit_guard.lib.plan
import data.transit_guard.lib.rstudio
import data.transit_guard.lib.s3
import data.transit_guard.lib.security_groups

# Every type the Terraform adapter interprets and every type a library reads is kept by the
# projection and read into plan.changes.
test_resource_types_cover_every_reader if {
	readers := [
		terraform_plan.tf_types, fips.tf_types, iam.tf_types,
		rstudio.tf_types, s3.tf_types, security_groups.tf_types,
	]
	every types in readers {
		types - plan.resource_types == set()
	}
}
