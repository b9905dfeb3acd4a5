# The reproduction of defect 2 of docs/opa-wasm-defects.md: json.is_valid of the text true.
package repro_json

# METADATA
# entrypoint: true
result := json.is_valid(input.text)
