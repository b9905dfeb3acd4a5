# METADATA
# title: Definitions embedded in another resource
# description: >-
#   A pipeline or state machine definition carried by another resource: a JSON string, an object,
#   or (CloudFormation) a string built with Fn::Sub or Fn::ToJsonString. parse returns
#   {"definition": object} when the definition can be read statically, else {"reason": text}
#   for TG107.
package transit_guard.lib.embedded

# METADATA
# description: The definition carried by value, or why it cannot be read.
parse(value) := {"definition": value} if {
	is_object(value)
	not _intrinsic(value)
} else := _string(value) if {
	is_string(value)
} else := {"definition": value["Fn::ToJsonString"]} if {
	is_object(value["Fn::ToJsonString"])
} else := _string(value["Fn::Sub"]) if {
	# Placeholders inside JSON strings leave the JSON valid; their values are unknown.
	is_string(value["Fn::Sub"])
} else := _string(value["Fn::Sub"][0]) if {
	is_string(value["Fn::Sub"][0])
} else := {"reason": concat("", ["is computed at deploy time (", _function(value), ")"])} if {
	_intrinsic(value)
} else := {"reason": "is not a definition document"}

_string(text) := {"definition": definition} if {
	definition := json_object(text)
} else := {"reason": "is not a valid JSON definition"}

# METADATA
# description: >-
#   The object a JSON text holds; undefined for any other text. Only a text that starts with {
#   is parsed: json.is_valid of the texts true and false corrupts the memory of the WebAssembly
#   that the pinned OPA compiles (docs/opa-wasm-defects.md, defect 2).
json_object(text) := json.unmarshal(text) if {
	is_string(text)
	startswith(trim_space(text), "{")
	json.is_valid(text)
	is_object(json.unmarshal(text))
}

_intrinsic(value) if {
	count(value) == 1
	some name, _ in value
	_is_function(name)
}

_is_function("Ref")

_is_function(name) if startswith(name, "Fn::")

_function(value) := name if some name, _ in value
