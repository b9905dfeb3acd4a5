package transit_guard.lib.template_test

import data.transit_guard.lib.template

test_template_resources_only_of_templates if {
	resources := {"B": {"Type": "AWS::S3::Bucket"}}
	template.resources == resources with input as {"Resources": resources}
	template.resources == {} with input as {"format_version": "1.2", "resource_changes": []}
}
