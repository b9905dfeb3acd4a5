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

# Rule selection and the severity threshold (README: Choosing checks). TG000 (waivers that
# lapsed) and TG001 (input the policies cannot check) are never left out and never fall below
# the threshold: leaving them out would let a lapsed waiver or an unchecked document pass.

_always := {"TG000": true, "TG001": true}

# The IDs listed under a key: a list of strings, anything else lists nothing.
_listed(key) := {id |
	some id in data.transit_guard_config[key]
	is_string(id)
} if {
	is_array(data.transit_guard_config[key])
} else := set()

_checks := _listed("checks")

_skip_checks := _listed("skip_checks")

# METADATA
# scope: document
# description: >-
#   The findings of this rule ID count: it is TG000 or TG001, or it is among checks (when checks
#   lists any) and not among skip_checks. Findings of other IDs are dropped.
selected(id) if _always[id]

selected(id) if {
	not _always[id]
	_in_checks(id)
	not _skip_checks[id]
}

_in_checks(_) if count(_checks) == 0

_in_checks(id) if _checks[id]

_severity_rank := {"LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}

# METADATA
# description: >-
#   The severity threshold (LOW, MEDIUM, HIGH or CRITICAL, in any case), undefined when none is
#   set or the value is none of these: a threshold that cannot be read lets every finding count.
severity_threshold := upper(data.transit_guard_config.severity_threshold) if {
	is_string(data.transit_guard_config.severity_threshold)
	_severity_rank[upper(data.transit_guard_config.severity_threshold)]
}

# METADATA
# description: >-
#   The finding's severity is below the threshold: it is reported as a warning that never fails
#   the check (not under profile strict, not with --fail-on-warn). Never TG000 or TG001; a
#   finding whose severity is unknown is never below.
below_threshold(finding) if {
	# The threshold first: without one, the finding is not looked at.
	threshold := _severity_rank[severity_threshold]
	not _always[finding.id]
	_severity_rank[finding.severity] < threshold
}
