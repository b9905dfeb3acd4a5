package transit_guard.main_test

import data.transit_guard.main
import data.transit_guard.rules
import data.transit_guard.rules.data_paths
import data.transit_guard.rules.encryption

# A document evaluated area by area (entrypoint part for each area, then decision over the parts)
# gives the decision of one evaluation of the whole document.

# A plan with the jobs of _plan, a bucket the distributed job names, and SageMaker's default bucket.
_mixed := object.union(_plan, {"resource_changes": array.concat(_plan.resource_changes, [
	_bucket("aws_s3_bucket.data", "ecg-data"),
	_bucket("aws_s3_bucket.default", "sagemaker-us-east-1-123456789012"),
	_bucket("aws_s3_bucket.website", "website"),
	object.union(_job("aws_sagemaker_training_job.reader", true, 2), {"change": {"after": {
		"enable_inter_container_traffic_encryption": true,
		"resource_config": [{"instance_count": 2}],
		"input_data_config": [{"data_source": [{"s3_data_source": [{"s3_uri": "s3://ecg-data/x"}]}]}],
	}}}),
])})

_bucket(address, name) := {
	"address": address, "mode": "managed", "type": "aws_s3_bucket", "name": split(address, ".")[1],
	"change": {"actions": ["create"], "after": {"bucket": name}, "after_unknown": {"policy": true}},
}

_configs := [
	{"profiles": []},
	{"profiles": ["healthcare"]},
	{"profiles": ["strict"]},
	{"profiles": [], "today": "2026-12-04", "waivers": [
		{"id": "TG101", "resource": "aws_sagemaker_training_job.distributed", "reason": "r", "expires": "2027-01-01"},
		{"id": "TG401", "resource": "aws_s3_bucket.default", "reason": "r", "expires": "2026-01-01"},
	]},
]

# METADATA
# description: For each configuration, the decision of _mixed whole and area by area (the rules of two areas).
_comparisons := result if {
	result := _unmasked
		with encryption.training_job_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.tuning_job_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.processing_job_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.automl_job_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.monitoring_job_definition_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.monitoring_schedule_encryption_test as {} # regal ignore:with-outside-test-context
		with encryption.uninspectable_job_definition_test as {} # regal ignore:with-outside-test-context
		with data_paths.s3_secure_transport_test as {} # regal ignore:with-outside-test-context
		with data_paths.s3_tls13_test as {} # regal ignore:with-outside-test-context
		with rules.rstudio as {} # regal ignore:with-outside-test-context
		with rules.fips as {} # regal ignore:with-outside-test-context
		with rules.guardrails as {} # regal ignore:with-outside-test-context
		with rules.network as {} # regal ignore:with-outside-test-context
		with rules.input as {} # regal ignore:with-outside-test-context
}

_unmasked := [[whole, merged] |
	some config in _configs
	whole := main.decision with input as _mixed # regal ignore:with-outside-test-context
		with data.transit_guard_config as config # regal ignore:with-outside-test-context
	some division in [[[area] | some area in main.areas], main.area_groups]
	parts := [part |
		some areas in division

		# regal ignore:comprehension-term-assignment
		part := main.part with input as _mixed # regal ignore:with-outside-test-context
			with data.transit_guard_config as config # regal ignore:with-outside-test-context
			with data.transit_guard_part.areas as areas # regal ignore:with-outside-test-context
	]
	merged := main.decision with data.transit_guard_part.parts as parts # regal ignore:with-outside-test-context
		with data.transit_guard_config as config # regal ignore:with-outside-test-context
]

# METADATA
# description: >-
#   For every configuration, the decision gathered from parts (one area each, and the two area
#   groups) equals the decision of one evaluation of the whole document.
test_parts_give_the_decision_of_one_evaluation if {
	count(_comparisons) == count(_configs) * 2
	every pair in _comparisons {
		pair[0] == pair[1]
	}
}

# METADATA
# description: Each area is in exactly one of the two groups, and the costliest come first.
test_area_groups_partition_the_areas if {
	groups := main.area_groups
	count(groups) == 2
	sort(array.concat(groups[0], groups[1])) == sort(main.areas)
	count(groups[0]) + count(groups[1]) == count(main.areas)
	main.areas[0] == "data_paths"
}

# METADATA
# description: Every area named for an inventory share is a rule area, so that no share goes uncounted.
test_fact_areas_are_rule_areas if {
	every area in main._fact_areas {
		area in main.areas
	}
}
