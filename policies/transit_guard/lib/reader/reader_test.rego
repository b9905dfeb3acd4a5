# METADATA
# title: lib/reader tests
# description: >-
#   read() over API paths in the API, CloudFormation, pipeline, Step Functions and ACK spellings;
#   Terraform in reader_tf_test.rego, flag_state, contribution, elements, unknown_list and
#   snake_case in reader_values_test.rego.
package transit_guard.lib.reader_test

import data.transit_guard.lib.reader

_api := reader.context("api", {})

_known(value) := {"state": "known", "value": value}

_absent := {"state": "absent"}

_unknown := {"state": "unknown"}

_unresolvable := {"state": "unresolvable"}

# context

# METADATA
# description: A context is the format plus its extra facts; the format argument wins over an extra "format".
test_context if {
	reader.context("api", {}) == {"format": "api"}
	reader.context("tf", {"unknowns": {"a": true}}) == {"format": "tf", "unknowns": {"a": true}}
	reader.context("cfn", {"format": "tf", "template": {}}) == {"format": "cfn", "template": {}}
}

# api

# METADATA
# description: A present value is known, whatever its type (false and 0 included).
test_api_known_values if {
	body := {"A": {"B": false, "C": 0, "D": "x", "E": [1, 2], "F": {}}}
	reader.read(_api, body, ["A", "B"]) == {_known(false)}
	reader.read(_api, body, ["A", "C"]) == {_known(0)}
	reader.read(_api, body, ["A", "D"]) == {_known("x")}
	reader.read(_api, body, ["A", "E"]) == {_known([1, 2])}
	reader.read(_api, body, ["A", "F"]) == {_known({})}
}

# METADATA
# description: A missing key, a null value, or a path through a scalar is absent, never unknown.
test_api_absent_values if {
	body := {"A": {"B": null, "S": "text"}}
	reader.read(_api, body, ["X"]) == {_absent}
	reader.read(_api, body, ["A", "B"]) == {_absent}
	reader.read(_api, body, ["A", "X", "Y", "Z"]) == {_absent}
	reader.read(_api, body, ["A", "S", "T"]) == {_absent}
	reader.read(_api, null, ["A"]) == {_absent}
}

# METADATA
# description: List indices select elements; an index out of range is absent, and so is a key applied to a list.
test_api_list_indices if {
	body := {"Groups": [{"Count": 1}, {"Count": 2}]}
	reader.read(_api, body, ["Groups", 1, "Count"]) == {_known(2)}
	reader.read(_api, body, ["Groups", 2, "Count"]) == {_absent}
	reader.read(_api, body, ["Groups", "Count"]) == {_absent}
}

# METADATA
# description: The empty path reads the node itself; a null node is absent (unknown when all of it is unknown).
test_api_empty_path if {
	reader.read(_api, {"A": 1}, []) == {_known({"A": 1})}
	reader.read(_api, null, []) == {_absent}
	reader.read(reader.context("tf", {"unknowns": true}), null, []) == {_unknown}
}

# METADATA
# description: Paths are read up to eight keys deep; a longer path reads nothing (Rego has no recursion).
test_path_depth_limit if {
	deep := {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": true}}}}}}}}
	reader.read(_api, deep, ["a", "b", "c", "d", "e", "f", "g", "h"]) == {_known(true)}
	reader.read(_api, {"a": deep}, ["a", "a", "b", "c", "d", "e", "f", "g", "h"]) == set()
}

# METADATA
# description: The API, pipeline and Step Functions formats keep PascalCase keys; ACK spells them in camelCase.
test_key_spelling_per_format if {
	every format in ["api", "pipeline", "sfn", "cfn"] {
		ctx := reader.context(format, {})
		reader.read(ctx, {"NetworkConfig": {"Flag": true}}, ["NetworkConfig", "Flag"]) == {_known(true)}
	}
	ack := reader.context("ack", {})
	reader.read(ack, {"networkConfig": {"enableFlag": true}}, ["NetworkConfig", "EnableFlag"]) == {_known(true)}
	reader.read(ack, {"NetworkConfig": {"EnableFlag": true}}, ["NetworkConfig", "EnableFlag"]) == {_absent}
}

# sfn

# METADATA
# description: A Step Functions "Key.$" JSONPath is resolved at run time, at the leaf or on the way.
test_sfn_jsonpath_is_runtime if {
	sfn := reader.context("sfn", {})
	reader.read(sfn, {"Flag.$": "$.encrypt"}, ["Flag"]) == {{"state": "runtime"}}
	reader.read(sfn, {"NetworkConfig.$": "$.network"}, ["NetworkConfig", "Flag"]) == {{"state": "runtime"}}
	reader.read(sfn, {"Flag": true, "Flag.$": "$.encrypt"}, ["Flag"]) == {_known(true)}
}

# pipeline

# METADATA
# description: >-
#   {"Get": "Parameters.X"} is X's default value, unknown without one; any other Get (step
#   properties, execution variables) is known only at run time, and so unknown.
test_pipeline_get_parameters if {
	ctx := reader.context("pipeline", {"parameters": {"Encrypt": true, "Count": 3, "NoDefault": null}})
	reader.read(ctx, {"Flag": {"Get": "Parameters.Encrypt"}}, ["Flag"]) == {_known(true)}
	reader.read(ctx, {"Count": {"Get": "Parameters.Count"}}, ["Count"]) == {_known(3)}
	reader.read(ctx, {"Flag": {"Get": "Parameters.NoDefault"}}, ["Flag"]) == {_unknown}
	reader.read(ctx, {"Flag": {"Get": "Parameters.Undeclared"}}, ["Flag"]) == {_unknown}
	reader.read(ctx, {"Flag": {"Get": "Steps.Prep.Properties.Flag"}}, ["Flag"]) == {_unknown}
	reader.read(ctx, {"Flag": {"Get": "Execution.PipelineExecutionId"}}, ["Flag"]) == {_unknown}
}

# METADATA
# description: A Get on the way resolves too, and a Get that is not a string is an ordinary object.
test_pipeline_get_on_the_way if {
	ctx := reader.context("pipeline", {"parameters": {"Network": {"Flag": true}}})
	reader.read(ctx, {"NetworkConfig": {"Get": "Parameters.Network"}}, ["NetworkConfig", "Flag"]) == {_known(true)}
	reader.read(ctx, {"Flag": {"Get": 7}}, ["Flag"]) == {_known({"Get": 7})}
	reader.read(_api, {"Flag": {"Get": "Parameters.X"}}, ["Flag"]) == {_known({"Get": "Parameters.X"})}
}

# cfn

_template := {"Parameters": {
	"Encrypt": {"Type": "String", "AllowedValues": ["true", "false"], "Default": "true"},
	"Count": {"Type": "Number", "Default": 2},
	"NoDefault": {"Type": "String"},
}}

_cfn := reader.context("cfn", {"template": _template})

# METADATA
# description: A Ref to a parameter is its Default; without a Default it is unknown.
test_cfn_ref_to_parameter if {
	reader.read(_cfn, {"Flag": {"Ref": "Encrypt"}}, ["Flag"]) == {_known("true")}
	reader.read(_cfn, {"Count": {"Ref": "Count"}}, ["Count"]) == {_known(2)}
	reader.read(_cfn, {"Flag": {"Ref": "NoDefault"}}, ["Flag"]) == {_unknown}
}

# METADATA
# description: Ref AWS::NoValue removes the property, at the leaf or on the way.
test_cfn_no_value_is_absent if {
	reader.read(_cfn, {"Flag": {"Ref": "AWS::NoValue"}}, ["Flag"]) == {_absent}
	reader.read(_cfn, {"NetworkConfig": {"Ref": "AWS::NoValue"}}, ["NetworkConfig", "Flag"]) == {_absent}
}

# METADATA
# description: A Ref to a resource or pseudo parameter, and any other intrinsic, cannot be resolved statically.
test_cfn_other_intrinsics_are_unresolvable if {
	reader.read(_cfn, {"Flag": {"Ref": "AWS::Region"}}, ["Flag"]) == {_unresolvable}
	reader.read(_cfn, {"Flag": {"Ref": "SomeBucket"}}, ["Flag"]) == {_unresolvable}
	reader.read(_cfn, {"Flag": {"Fn::GetAtt": ["Job", "Flag"]}}, ["Flag"]) == {_unresolvable}
	reader.read(_cfn, {"Flag": {"Fn::Sub": "${Encrypt}"}}, ["Flag"]) == {_unresolvable}
	reader.read(_cfn, {"Flag": {"Fn::ImportValue": "shared-flag"}}, ["Flag"]) == {_unresolvable}
	reader.read(_cfn, {"Cfg": {"Fn::GetAtt": ["Job", "Cfg"]}}, ["Cfg", "Flag"]) == {_unresolvable}
}

# METADATA
# description: Fn::If without exactly a condition and two branches cannot be resolved.
test_cfn_malformed_fn_if_is_unresolvable if {
	reader.read(_cfn, {"Flag": {"Fn::If": ["IsProd", true]}}, ["Flag"]) == {_unresolvable}
	reader.read(_cfn, {"Flag": {"Fn::If": "IsProd"}}, ["Flag"]) == {_unresolvable}
}

# METADATA
# description: An object with more than one key, or a key that is not an intrinsic, is an ordinary object.
test_cfn_not_an_intrinsic if {
	reader.read(_cfn, {"Cfg": {"Ref": "Encrypt", "Flag": true}}, ["Cfg", "Flag"]) == {_known(true)}
	reader.read(_cfn, {"Cfg": {"Flag": true}}, ["Cfg", "Flag"]) == {_known(true)}
}

# METADATA
# description: Fn::If on the way yields the values of both branches; a NoValue branch is absent.
test_cfn_fn_if_on_the_way if {
	body := {"NetworkConfig": {"Fn::If": ["IsProd", {"Flag": true}, {"Flag": false}]}}
	reader.read(_cfn, body, ["NetworkConfig", "Flag"]) == {_known(true), _known(false)}
	novalue := {"NetworkConfig": {"Fn::If": ["IsProd", {"Flag": true}, {"Ref": "AWS::NoValue"}]}}
	reader.read(_cfn, novalue, ["NetworkConfig", "Flag"]) == {_known(true), _absent}
	same := {"NetworkConfig": {"Fn::If": ["IsProd", {"Flag": true}, {"Flag": true}]}}
	reader.read(_cfn, same, ["NetworkConfig", "Flag"]) == {_known(true)}
}

# METADATA
# description: Fn::If on a whole body yields both branches.
test_cfn_fn_if_on_the_body if {
	body := {"Fn::If": ["IsProd", {"Flag": "true"}, {"Flag": {"Ref": "NoDefault"}}]}
	reader.read(_cfn, body, ["Flag"]) == {_known("true"), _unknown}
}

# METADATA
# description: Fn::If at the leaf yields the values of both branches (a condition is not evaluated before deployment).
test_cfn_fn_if_at_the_leaf_yields_both_branches if {
	reader.read(_cfn, {"Flag": {"Fn::If": ["IsProd", true, false]}}, ["Flag"]) == {_known(true), _known(false)}
	reader.read(_cfn, {"Count": {"Fn::If": ["IsProd", 4, 1]}}, ["Count"]) == {_known(4), _known(1)}
}

# METADATA
# description: >-
#   An indirection inside a branch is resolved as well (twice per level, on the way and at the
#   leaf): !If [C, true, !Ref AWS::NoValue] may be true or absent, !If [C, !Ref Encrypt, false]
#   may be Encrypt's default or false, and a nested Fn::If on the way yields every branch.
test_cfn_indirections_inside_branches if {
	same := {"Flag": {"Fn::If": ["IsProd", {"Ref": "Encrypt"}, {"Ref": "Encrypt"}]}}
	reader.read(_cfn, same, ["Flag"]) == {_known("true")}
	nested := {"NetworkConfig": {"Fn::If": ["A", {"Fn::If": ["B", {"Flag": true}, {"Flag": false}]}, {"Flag": true}]}}
	reader.read(_cfn, nested, ["NetworkConfig", "Flag"]) == {_known(true), _known(false)}
	novalue := {"Flag": {"Fn::If": ["IsProd", true, {"Ref": "AWS::NoValue"}]}}
	reader.read(_cfn, novalue, ["Flag"]) == {_known(true), _absent}
	ref := {"Flag": {"Fn::If": ["IsProd", {"Ref": "Encrypt"}, false]}}
	reader.read(_cfn, ref, ["Flag"]) == {_known("true"), _known(false)}
}
