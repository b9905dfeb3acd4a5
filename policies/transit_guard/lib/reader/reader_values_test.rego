package transit_guard.lib.reader_test

import data.transit_guard.lib.reader

# What the outcomes of a reading mean: flag_state, contribution, elements, unknown_list, and
# the snake_case spelling of API names.

_runtime := {"state": "runtime"}

# flag_state

# METADATA
# description: The flag is "true" only when every possible value is true (booleans or the strings "true"/"True").
test_flag_state_true if {
	reader.flag_state({_known(true)}) == "true"
	reader.flag_state({_known("true")}) == "true"
	reader.flag_state({_known("TRUE")}) == "true"
	reader.flag_state({_known(true), _known("true")}) == "true"
}

# METADATA
# description: False (boolean or string) is "false", and wins over a true branch.
test_flag_state_false if {
	reader.flag_state({_known(false)}) == "false"
	reader.flag_state({_known("false")}) == "false"
	reader.flag_state({_known("False")}) == "false"
	reader.flag_state({_known(true), _known(false)}) == "false"
}

# METADATA
# description: Absent, unknown and runtime outcomes are what they are; no outcome at all is absent.
test_flag_state_other_states if {
	reader.flag_state({_absent}) == "absent"
	reader.flag_state({_unknown}) == "unknown"
	reader.flag_state({_runtime}) == "runtime"
	reader.flag_state({_unresolvable}) == "unresolvable"
	reader.flag_state(set()) == "absent"
}

# METADATA
# description: A value that is not a boolean (a number, another string, an object) is unresolvable.
test_flag_state_not_a_boolean if {
	reader.flag_state({_known(1)}) == "unresolvable"
	reader.flag_state({_known("yes")}) == "unresolvable"
	reader.flag_state({_known({"Ref": "X"})}) == "unresolvable"
	reader.flag_state({_known(null)}) == "unresolvable"
}

# METADATA
# description: A true branch does not hide another branch's state.
test_flag_state_true_and_another_state if {
	reader.flag_state({_known(true), _known(false)}) == "false"
	reader.flag_state({_known(true), _absent}) == "absent"
	reader.flag_state({_known(true), _unknown}) == "unknown"
	reader.flag_state({_known(true), _runtime}) == "runtime"
	reader.flag_state({_known(true), _known("maybe")}) == "unresolvable"
}

# METADATA
# description: >-
#   Of several non-true outcomes the first of false, absent, unknown, runtime, unresolvable is
#   reported ("the worst"), without a conflict, e.g. for CloudFormation
#   NetworkConfig: !If [C, {EnableInterContainerTrafficEncryption: false}, !Ref AWS::NoValue].
test_flag_state_precedence if {
	reader.flag_state({_known(false), _absent}) == "false"
	reader.flag_state({_known(false), _absent, _unknown, _runtime, _unresolvable}) == "false"
	reader.flag_state({_absent, _unknown, _unresolvable}) == "absent"
	reader.flag_state({_unknown, _runtime}) == "unknown"
	reader.flag_state({_runtime, _known("maybe")}) == "runtime"
}

# contribution

# METADATA
# description: A number (or a string of digits, as CloudFormation passes Number parameters) contributes itself.
test_contribution_known_numbers if {
	reader.contribution({_known(2)}) == [2]
	reader.contribution({_known(0)}) == [0]
	reader.contribution({_known("3")}) == [3]
}

# METADATA
# description: Of several possible values the largest contributes; an absent branch contributes nothing.
test_contribution_largest_possible if {
	reader.contribution({_known(1), _known(4)}) == [4]
	reader.contribution({_known(2), _absent}) == [2]
	reader.contribution({_known("5"), _known(3)}) == [5]
}

# METADATA
# description: An absent count (or no outcome at all) contributes nothing.
test_contribution_absent if {
	reader.contribution({_absent}) == []
	reader.contribution(set()) == []
}

# METADATA
# description: Anything that is not a count makes the contribution unknown.
test_contribution_unknown if {
	reader.contribution({_unknown}) == ["unknown"]
	reader.contribution({_runtime}) == ["unknown"]
	reader.contribution({_unresolvable}) == ["unknown"]
	reader.contribution({_known("two")}) == ["unknown"]
	reader.contribution({_known("1.5")}) == ["unknown"]
	reader.contribution({_known(true)}) == ["unknown"]
	reader.contribution({_known(2), _unknown}) == ["unknown"]
}

# elements

# METADATA
# description: The elements of a known list, of every branch; nothing for an absent, unknown or non-list value.
test_elements if {
	reader.elements(_api, {"L": [1, 2]}, ["L"]) == [1, 2]
	reader.elements(_api, {"L": []}, ["L"]) == []
	reader.elements(_api, {}, ["L"]) == []
	reader.elements(_api, {"L": {"a": 1}}, ["L"]) == []
	reader.elements(_tf({"l": true}), {}, ["L"]) == []
	reader.elements(_cfn, {"L": {"Fn::If": ["C", {"M": [1]}, {"M": [2, 3]}]}}, ["L", "M"]) == [1, 2, 3]
}

# unknown_list

# METADATA
# description: A list is unknown when it is unknown until apply, supplied at run time, or unresolvable.
test_unknown_list if {
	reader.unknown_list(_tf({"l": true}), {}, ["L"])
	reader.unknown_list(reader.context("sfn", {}), {"L.$": "$.groups"}, ["L"])
	reader.unknown_list(_cfn, {"L": {"Fn::GetAtt": ["R", "L"]}}, ["L"])
	reader.unknown_list(_cfn, {"L": {"Ref": "NoDefault"}}, ["L"])
}

# METADATA
# description: A known or absent list is not unknown.
test_not_unknown_list if {
	not reader.unknown_list(_api, {"L": [1]}, ["L"])
	not reader.unknown_list(_api, {}, ["L"])
	not reader.unknown_list(_tf({}), {"l": []}, ["L"])
}

# snake_case

# METADATA
# description: API names in Terraform's snake_case, digits kept with their word.
test_snake_case if {
	reader.snake_case("EnableInterContainerTrafficEncryption") == "enable_inter_container_traffic_encryption"
	reader.snake_case("ResourceConfig") == "resource_config"
	reader.snake_case("PipelineDefinitionS3Location") == "pipeline_definition_s3_location"
	reader.snake_case("HyperParameterTuningResourceConfig") == "hyper_parameter_tuning_resource_config"
	reader.snake_case("Name") == "name"
	reader.snake_case("already_snake") == "already_snake"
}

# METADATA
# description: The keys converted once per evaluation are converted as any other key is.
test_snake_case_table_is_the_conversion if {
	count(reader._snake_cased) > 30
	every key, converted in reader._snake_cased {
		converted == reader._to_snake_case(key)
		reader.snake_case(key) == converted
	}
}
