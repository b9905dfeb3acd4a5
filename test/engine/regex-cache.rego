# The reproduction of docs/opa-wasm-defects.md: one evaluation that calls regex.match with as many
# distinct patterns as input.patterns holds. Built to WASM by test/engine-bounds.test.ts with the
# pinned OPA; not part of the policies.
package repro

# METADATA
# entrypoint: true
result := count([1 | some p in input.patterns; some s in input.subjects; regex.match(p, s)])
