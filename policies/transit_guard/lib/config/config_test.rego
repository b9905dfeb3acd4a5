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
