# METADATA
# title: lib/embedded tests
# description: >-
#   A pipeline or state machine definition carried by another resource is read when it is a JSON
#   string, an object, or a CloudFormation Fn::Sub / Fn::ToJsonString; otherwise the reason why
#   not is given for TG107.
package transit_guard.lib.embedded_test

import data.transit_guard.lib.embedded

_definition := {"Version": "2020-12-01", "Steps": [{"Name": "Train", "Type": "Training", "Arguments": {}}]}

# METADATA
# description: A JSON string is parsed.
test_json_string if {
	embedded.parse(json.marshal(_definition)) == {"definition": _definition}
}

# METADATA
# description: A string that is not JSON, or JSON that is not an object, is not a valid definition.
test_invalid_json_string if {
	embedded.parse("{\"Version\": ") == {"reason": "is not a valid JSON definition"}
	embedded.parse("[1, 2]") == {"reason": "is not a valid JSON definition"}
	embedded.parse("") == {"reason": "is not a valid JSON definition"}
}

# METADATA
# description: An object (Definition, or a definition given as a value) is the definition itself.
test_object if {
	embedded.parse(_definition) == {"definition": _definition}
	embedded.parse({}) == {"definition": {}}
}

# METADATA
# description: An object with one key that is not an intrinsic is an ordinary definition.
test_object_with_one_ordinary_key if {
	embedded.parse({"States": {}}) == {"definition": {"States": {}}}
}

# METADATA
# description: Fn::Sub over a JSON string is parsed; placeholders inside JSON strings keep it valid.
test_fn_sub_string if {
	text := "{\"StartAt\": \"T\", \"States\": {\"T\": {\"Type\": \"Task\", \"Parameters\": {\"RoleArn\": \"${Role}\"}}}}"
	embedded.parse({"Fn::Sub": text}).definition.States.T.Parameters.RoleArn == "${Role}"
}

# METADATA
# description: Fn::Sub in its list form (string and variables) is parsed from the string.
test_fn_sub_list if {
	text := "{\"Version\": \"2020-12-01\", \"Steps\": [{\"Name\": \"${StepName}\"}]}"
	embedded.parse({"Fn::Sub": [text, {"StepName": "Train"}]}).definition.Steps[0].Name == "${StepName}"
}

# METADATA
# description: A placeholder in place of a JSON value (unquoted) leaves the JSON invalid.
test_fn_sub_placeholder_outside_a_string if {
	text := "{\"Steps\": [{\"Arguments\": {\"EnableInterContainerTrafficEncryption\": ${Encrypt}}}]}"
	embedded.parse({"Fn::Sub": text}) == {"reason": "is not a valid JSON definition"}
	embedded.parse({"Fn::Sub": [text, {}]}) == {"reason": "is not a valid JSON definition"}
}

# METADATA
# description: Fn::ToJsonString over an object is that object.
test_fn_to_json_string if {
	embedded.parse({"Fn::ToJsonString": _definition}) == {"definition": _definition}
}

# METADATA
# description: Fn::Join, Fn::GetAtt, Ref and other intrinsics are computed at deploy time, and say which.
test_other_intrinsics if {
	join := {"Fn::Join": ["", ["{\"Version\": \"2020-12-01\",", "\"Steps\": []}"]]}
	embedded.parse(join) == {"reason": "is computed at deploy time (Fn::Join)"}
	embedded.parse({"Fn::GetAtt": ["Definitions", "Text"]}) == {"reason": "is computed at deploy time (Fn::GetAtt)"}
	embedded.parse({"Ref": "DefinitionParameter"}) == {"reason": "is computed at deploy time (Ref)"}
	embedded.parse({"Fn::ToJsonString": ["a"]}) == {"reason": "is computed at deploy time (Fn::ToJsonString)"}
	embedded.parse({"Fn::Sub": {"a": 1}}) == {"reason": "is computed at deploy time (Fn::Sub)"}
}

# METADATA
# description: Anything else (null when the property is missing, a number, a list) is not a definition document.
test_not_a_definition if {
	embedded.parse(null) == {"reason": "is not a definition document"}
	embedded.parse(7) == {"reason": "is not a definition document"}
	embedded.parse([_definition]) == {"reason": "is not a definition document"}
	embedded.parse(true) == {"reason": "is not a definition document"}
}
