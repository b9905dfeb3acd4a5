# METADATA
# title: Configuration passed as data
# description: >-
#   Profiles and other caller settings arrive as data under data.transit_guard_config, outside the
#   bundle's root, so an OPA server can receive them from a second bundle or the data API.
package transit_guard.lib.config

# METADATA
# description: The profiles in force (default, healthcare, fips, strict); composable.
profiles contains profile if {
	some profile in data.transit_guard_config.profiles
}

# METADATA
# description: Profile healthcare escalates single-instance and uninspectable findings to deny.
healthcare if "healthcare" in profiles

# METADATA
# description: Profile fips enables the FIPS endpoint rules (TG301, TG302).
fips if "fips" in profiles

# METADATA
# description: Profile strict turns every warning into a failure and checks every S3 bucket (lib/s3).
strict if "strict" in profiles
