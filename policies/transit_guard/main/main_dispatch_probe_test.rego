# Dispatch probe: a test package among the rules (its path puts it there, its file sits with
# main's tests), as opa test and conftest load test packages beside each rule, for
# transit_guard.main_test.test_test_packages_are_not_evaluated: main must never evaluate it.
# Once data.transit_guard_config.dispatch_probe is set, evaluating _probe stops with
# eval_conflict_error.
# regal ignore:directory-package-mismatch
package transit_guard.rules.encryption.dispatch_probe_test

_probe := 1 if data.transit_guard_config.dispatch_probe

_probe := 2 if data.transit_guard_config.dispatch_probe
