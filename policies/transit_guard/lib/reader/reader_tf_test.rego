package transit_guard.lib.reader_test

import data.transit_guard.lib.reader

# read() in the Terraform format: snake_case names, single nested blocks as one-element lists
# (aws) or objects (awscc), and change.after_unknown.

# METADATA
# description: A Terraform reading context with the given after_unknown.
_tf(unknowns) := reader.context("tf", {"unknowns": unknowns})

# METADATA
# description: API names are read in snake_case, and a block list stands for its first element.
test_tf_blocks_as_lists if {
	after := {
		"enable_inter_container_traffic_encryption": true,
		"resource_config": [{"instance_count": 2, "instance_groups": [{"instance_count": 3}, {"instance_count": 4}]}],
	}
	reader.read(_tf({}), after, ["EnableInterContainerTrafficEncryption"]) == {_known(true)}
	reader.read(_tf({}), after, ["ResourceConfig", "InstanceCount"]) == {_known(2)}
	reader.read(_tf({}), after, ["ResourceConfig", "InstanceGroups", 1, "InstanceCount"]) == {_known(4)}
	groups := [{"instance_count": 3}, {"instance_count": 4}]
	reader.read(_tf({}), after, ["ResourceConfig", "InstanceGroups"]) == {_known(groups)}
}

# METADATA
# description: awscc nests attributes as objects, read the same way.
test_tf_awscc_objects if {
	after := {"network_config": {"enable_inter_container_traffic_encryption": false}}
	reader.read(_tf({}), after, ["NetworkConfig", "EnableInterContainerTrafficEncryption"]) == {_known(false)}
}

# METADATA
# description: An empty block list (an unset block), a list of scalars, or a missing attribute is absent.
test_tf_absent if {
	after := {"resource_config": [], "tags": ["a"], "vpc_config": null}
	reader.read(_tf({}), after, ["ResourceConfig", "InstanceCount"]) == {_absent}
	reader.read(_tf({}), after, ["Tags", "Key"]) == {_absent}
	reader.read(_tf({}), after, ["VpcConfig", "Subnets"]) == {_absent}
	reader.read(_tf({}), after, ["EnableInterContainerTrafficEncryption"]) == {_absent}
}

# METADATA
# description: An attribute missing from after (or null) but true in after_unknown is unknown until apply.
test_tf_unknown_attribute if {
	flag := ["EnableInterContainerTrafficEncryption"]
	reader.read(_tf({"enable_inter_container_traffic_encryption": true}), {}, flag) == {_unknown}
	after := {"enable_inter_container_traffic_encryption": null}
	reader.read(_tf({"enable_inter_container_traffic_encryption": true}), after, flag) == {_unknown}
	reader.read(_tf({"enable_inter_container_traffic_encryption": false}), {}, flag) == {_absent}
}

# METADATA
# description: A whole block unknown (true in after_unknown) makes everything under it unknown.
test_tf_whole_block_unknown if {
	path := ["ResourceConfig", "InstanceGroups", 0, "InstanceCount"]
	reader.read(_tf({"resource_config": true}), {}, path) == {_unknown}
	reader.read(_tf({"resource_config": true}), {"resource_config": []}, path) == {_unknown}
	reader.read(_tf({"resource_config": true}), {"resource_config": null}, ["ResourceConfig"]) == {_unknown}
}

# METADATA
# description: after_unknown mirrors after into lists and blocks, down to the unknown attribute.
test_tf_nested_unknown if {
	after := {"resource_config": [{"instance_groups": [{"instance_count": 1}, {}]}]}
	unknowns := {"resource_config": [{"instance_groups": [{}, {"instance_count": true}]}]}
	reader.read(_tf(unknowns), after, ["ResourceConfig", "InstanceGroups", 0, "InstanceCount"]) == {_known(1)}
	reader.read(_tf(unknowns), after, ["ResourceConfig", "InstanceGroups", 1, "InstanceCount"]) == {_unknown}
	reader.read(_tf(unknowns), after, ["ResourceConfig", "InstanceGroups", 2, "InstanceCount"]) == {_absent}
	reader.read(_tf({"resource_config": [{"instance_groups": true}]}), {"resource_config": [{}]}, [
		"ResourceConfig",
		"InstanceGroups",
	]) == {_unknown}
}

# METADATA
# description: An index past the end of an unknown list is unknown; past the end of a known list, absent.
test_tf_index_past_the_end if {
	path := ["ResourceConfig", "InstanceGroups", 3]
	unknown := _tf({"resource_config": [{"instance_groups": true}]})
	reader.read(unknown, {"resource_config": [{"instance_groups": []}]}, path) == {_unknown}
	reader.read(_tf({}), {"resource_config": [{"instance_groups": []}]}, path) == {_absent}
}

# METADATA
# description: Without after_unknown in the context nothing is unknown.
test_tf_without_unknowns if {
	reader.read(reader.context("tf", {}), {}, ["EnableInterContainerTrafficEncryption"]) == {_absent}
}

# METADATA
# description: >-
#   A key applied to a list is its first element only in Terraform; in the API format a list has
#   no keys.
test_tf_first_element_only_in_terraform if {
	body := {"ResourceConfig": [{"InstanceCount": 2}]}
	reader.read(_api, body, ["ResourceConfig", "InstanceCount"]) == {_absent}
	reader.read(_tf({}), {"resource_config": [{"instance_count": 2}]}, ["ResourceConfig", "InstanceCount"]) == {_known(2)}
}
