# METADATA
# title: lib/config tests
# description: Profiles arrive as data.transit_guard_config.profiles and compose.
package transit_guard.lib.config_test

import data.transit_guard.lib.config

# METADATA
# description: Without configuration no profile is in force.
test_no_profiles_without_configuration if {
	config.profiles == set()
	not config.healthcare
	not config.strict
}

# METADATA
# description: Profile healthcare alone.
test_healthcare_profile if {
	config.profiles == {"healthcare"} with data.transit_guard_config.profiles as ["healthcare"]
	config.healthcare with data.transit_guard_config.profiles as ["healthcare"]
	not config.strict with data.transit_guard_config.profiles as ["healthcare"]
}

# METADATA
# description: Profile strict alone.
test_strict_profile if {
	config.strict with data.transit_guard_config.profiles as ["strict"]
	not config.healthcare with data.transit_guard_config.profiles as ["strict"]
}

# METADATA
# description: Profiles compose, and duplicates collapse.
test_profiles_compose if {
	profiles := ["default", "healthcare", "fips", "strict", "strict"]
	config.profiles == {"default", "healthcare", "fips", "strict"} with data.transit_guard_config.profiles as profiles
	config.healthcare with data.transit_guard_config.profiles as profiles
	config.strict with data.transit_guard_config.profiles as profiles
}

# METADATA
# description: Profiles default and fips turn on neither healthcare nor strict.
test_default_and_fips_profiles if {
	not config.healthcare with data.transit_guard_config.profiles as ["default", "fips"]
	not config.strict with data.transit_guard_config.profiles as ["default", "fips"]
}

# METADATA
# description: Every rule is selected without checks or skip_checks, and TG000/TG001 always are.
test_selected_by_default if {
	config.selected("TG101")
	config.selected("TG000") with data.transit_guard_config as {"checks": ["TG101"], "skip_checks": ["TG000"]}
	config.selected("TG001") with data.transit_guard_config as {"skip_checks": ["TG001"]}
}

# METADATA
# description: >-
#   checks selects only what it lists, skip_checks removes, and lists of the wrong shape select
#   every rule.
test_selection if {
	config.selected("TG101") with data.transit_guard_config as {"checks": ["TG101"]}
	not config.selected("TG102") with data.transit_guard_config as {"checks": ["TG101"]}
	not config.selected("TG101") with data.transit_guard_config as {"skip_checks": ["TG101"]}
	config.selected("TG102") with data.transit_guard_config as {"skip_checks": ["TG101"]}
	config.selected("TG102") with data.transit_guard_config as {"checks": "TG101", "skip_checks": "TG102"}
	config.selected("TG102") with data.transit_guard_config as {"checks": [7]}
}

# METADATA
# description: The threshold is read in any case; a value that is no severity is no threshold.
test_severity_threshold if {
	config.severity_threshold == "HIGH" with data.transit_guard_config as {"severity_threshold": "high"}
	not config.severity_threshold with data.transit_guard_config as {"severity_threshold": "SEVERE"}
	not config.severity_threshold with data.transit_guard_config as {"severity_threshold": ["HIGH"]}
	not config.severity_threshold
}

# METADATA
# description: >-
#   A finding is below the threshold when its severity ranks lower; never TG000, TG001 or an
#   unknown severity.
test_below_threshold if {
	threshold := {"severity_threshold": "HIGH"}
	config.below_threshold({"id": "TG101", "severity": "LOW"}) with data.transit_guard_config as threshold
	config.below_threshold({"id": "TG107", "severity": "MEDIUM"}) with data.transit_guard_config as threshold
	not config.below_threshold({"id": "TG101", "severity": "HIGH"}) with data.transit_guard_config as threshold
	not config.below_threshold({"id": "TG000", "severity": "MEDIUM"}) with data.transit_guard_config as threshold
	not config.below_threshold({"id": "TG001", "severity": "LOW"}) with data.transit_guard_config as threshold
	not config.below_threshold({"id": "TG101", "severity": "URGENT"}) with data.transit_guard_config as threshold
	not config.below_threshold({"id": "TG101", "severity": "LOW"})
}
