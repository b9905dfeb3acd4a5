# METADATA
# title: FIPS endpoints for SageMaker
# description: >-
#   Which AWS provider configurations of a Terraform plan the SageMaker resources use, and whether
#   each sends SageMaker API calls to a FIPS endpoint (use_fips_endpoint, or endpoints.sagemaker
#   naming a FIPS host, in a region that has one); and which VPC interface endpoints reach the
#   SageMaker API or runtime through a non-FIPS service where a FIPS one exists
#   (https://aws.amazon.com/compliance/fips/). Settings outside the document (the
#   AWS_USE_FIPS_ENDPOINT environment variable, a use_fips_endpoint line in an AWS config
#   profile) cannot be seen in any input.
package transit_guard.lib.fips

import data.transit_guard.lib.cfntext
import data.transit_guard.lib.document
import data.transit_guard.lib.plan
import data.transit_guard.lib.template
import data.transit_guard.lib.tfconfig

# METADATA
# description: Regions with a SageMaker FIPS API endpoint (api-fips.sagemaker.<region>.amazonaws.com).
api_regions := {
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"ca-central-1", "ca-west-1", "us-gov-east-1", "us-gov-west-1",
}

# METADATA
# description: >-
#   Regions with a SageMaker FIPS runtime endpoint (runtime-fips.sagemaker.<region>.amazonaws.com);
#   the GovCloud runtime endpoints are FIPS endpoints already.
runtime_regions := {"us-east-1", "us-east-2", "us-west-1", "us-west-2"}

_service_regions := {"api": api_regions, "runtime": runtime_regions}

# METADATA
# description: The Terraform resource types read here besides the SageMaker ones.
tf_types := {"aws_vpc_endpoint"}

# The SageMaker resources of the plan by provider configuration key. A slice of a large plan
# (main/slices.rego) holds the configuration blocks of its own changes only: it has the whole
# plan's from its context.
_users := data.transit_guard_part.context.fips.users if {
	is_object(data.transit_guard_part.context.fips.users)
} else := plan_users

# METADATA
# scope: document
# description: >-
#   The SageMaker resources of the document by provider configuration key: every aws_sagemaker_*
#   block of the configuration (even of a type no rule reads), and every SageMaker change whose
#   block does not name its provider configuration (a plan without configuration), which uses
#   its provider's default configuration.
plan_users[key] contains address if {
	some item in tfconfig.configured
	item.block.mode == "managed"
	startswith(item.block.type, plan.sagemaker_prefix)
	key := item.block.provider_config_key
	address := tfconfig.address(item)
}

plan_users[key] contains change.address if {
	some change in plan.changes
	startswith(change.type, plan.sagemaker_prefix)
	not _configured_provider(change)
	key := tfconfig.provider_key(change)
}

_configured_provider(change) if tfconfig.block(change).provider_config_key

# METADATA
# description: >-
#   The AWS provider configurations the SageMaker resources of a plan use that do not send
#   SageMaker calls to a FIPS endpoint: {"key", "resource", "users", "path", "text"}.
providers_without_fips contains item if {
	document.kind == "terraform_plan"
	some key, users in _users
	problem := _problem(key)
	item := {
		"key": key,
		"resource": _provider_address(key),
		"users": sort(users),
		"path": problem.path,
		"text": problem.text,
	}
}

# provider.aws, provider.aws.west, module.x.provider.aws
_provider_address(key) := concat(".", [parts[0], "provider", parts[1]]) if {
	parts := split(key, ":")
	count(parts) == 2
} else := concat(".", ["provider", key])

_invisible := concat("", [
	"; an AWS_USE_FIPS_ENDPOINT environment variable or a use_fips_endpoint setting of an AWS config ",
	"profile cannot be seen in a plan, so set it in the provider block",
])

_problem(key) := {"path": "use_fips_endpoint", "text": concat("", [
	"the plan has no configuration for provider ", key, ", so use_fips_endpoint is not set", _invisible,
])} if {
	not tfconfig.provider_configs[key]
} else := problem if {
	settings := _settings(tfconfig.provider_configs[key])
	problem := _settings_problem(settings)
}

_settings(provider) := {
	"region": tfconfig.expression_value(object.get(provider, ["expressions", "region"], null), _module(provider)),
	"flag": tfconfig.expression_value(
		object.get(provider, ["expressions", "use_fips_endpoint"], null),
		_module(provider),
	),
	"endpoint": tfconfig.expression_value(_endpoint_expression(provider), _module(provider)),
}

_module(provider) := object.get(provider, "module_address", "")

_endpoint_expression(provider) := expression if {
	some block in provider.expressions.endpoints
	expression := block.sagemaker
} else := null

# The region decides first: with no FIPS endpoint there, no setting helps. A custom SageMaker
# endpoint overrides use_fips_endpoint, so it decides next.
_settings_problem(settings) := {"path": "region", "text": concat("", [
	"region ", settings.region.value, " has no SageMaker FIPS endpoint (FIPS endpoints exist in ",
	concat(", ", sort(api_regions)), ")",
])} if {
	settings.region.state == "known"
	not settings.region.value in api_regions
} else := {"path": "endpoints.sagemaker", "text": concat("", [
	"endpoints.sagemaker is ", _text(settings.endpoint.value),
	", not a FIPS endpoint (api-fips.sagemaker.<region>.amazonaws.com)",
])} if {
	settings.endpoint.state == "known"
	not _fips_host(settings.endpoint.value)
} else := {"path": "endpoints.sagemaker", "text": concat("", [
	"endpoints.sagemaker refers to ", settings.endpoint.reference, ", which cannot be resolved from the plan",
])} if {
	settings.endpoint.state == "unresolvable"
} else := {"path": "use_fips_endpoint", "text": "use_fips_endpoint is false"} if {
	settings.endpoint.state == "absent"
	settings.flag.state == "known"
	not _true(settings.flag.value)
} else := {"path": "use_fips_endpoint", "text": concat("", [
	"use_fips_endpoint refers to ", settings.flag.reference, ", which cannot be resolved from the plan",
])} if {
	settings.endpoint.state == "absent"
	settings.flag.state == "unresolvable"
} else := {"path": "use_fips_endpoint", "text": concat("", ["use_fips_endpoint is not set", _invisible])} if {
	settings.endpoint.state == "absent"
	settings.flag.state == "absent"
}

_true(true)

_true(value) if lower(value) == "true"

_fips_host(value) if {
	is_string(value)
	contains(lower(value), "fips")
}

_text(value) := value if is_string(value)

else := "not a string"

# METADATA
# description: >-
#   The VPC interface endpoints of the document for the SageMaker API or runtime:
#   {"resource", "input_kind", "path", "service", "region" ("" when chosen at deploy time),
#   "kind" (api or runtime), "fips" (the service name is the FIPS one)}.
# scope: document
endpoints contains endpoint if {
	document.kind == "terraform_plan"
	some change in plan.changes
	change.type == "aws_vpc_endpoint"
	endpoint := _endpoint(change.address, "terraform_plan", "service_name", change.change.after.service_name)
}

endpoints contains endpoint if {
	document.kind == "cloudformation"
	some id, resource in template.resources
	resource.Type == "AWS::EC2::VPCEndpoint"
	name := cfntext.render(input, resource.Properties.ServiceName)
	endpoint := _endpoint(id, "cloudformation", "Properties.ServiceName", name)
}

_endpoint(resource, input_kind, path, name) := {
	"resource": resource,
	"input_kind": input_kind,
	"path": path,
	"service": name,
	"region": _region(match[1]),
	"kind": trim_suffix(match[2], "-fips"),
	"fips": endswith(match[2], "-fips"),
} if {
	is_string(name)
	some match in regex.find_all_string_submatch_n(
		`^com\.amazonaws\.(.+)\.sagemaker\.(api|runtime|api-fips|runtime-fips)$`,
		trim_prefix(name, "cn."), 1,
	)
}

_region(text) := "" if contains(text, "${")

else := text

# METADATA
# description: >-
#   A FIPS service exists for the endpoint's kind in its region (or may, when the region is chosen
#   at deploy time).
# scope: document
service_may_exist(endpoint) if endpoint.region == ""

service_may_exist(endpoint) if endpoint.region in _service_regions[endpoint.kind]

# METADATA
# description: The regions with a FIPS service of the endpoint's kind.
service_regions(endpoint) := sort(_service_regions[endpoint.kind])
