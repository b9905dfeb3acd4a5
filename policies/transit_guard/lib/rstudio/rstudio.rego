# METADATA
# title: RStudio on SageMaker, in every input format
# description: >-
#   RStudio's versions and URLs, read from domains (CreateDomain, UpdateDomain, DescribeDomain;
#   AWS::SageMaker::Domain; aws_sagemaker_domain; ACK Domain), user profiles and apps, through
#   lib/reader over API paths. The RStudioServerPro image is the domain's
#   DomainSettings.RStudioServerProDomainSettings.DefaultResourceSpec and an RStudioServerPro
#   app's ResourceSpec; the RSession image is the default user settings', a user profile's
#   RSessionAppSettings.DefaultResourceSpec and an RSessionGateway app's ResourceSpec. Versions
#   are parsed without semver (not available in WebAssembly): image names
#   rstudio-workbench-YYYY.MM[-sagemaker-x.y] and version strings YYYY.MM.P-BBB.proN or
#   YYYY.MM.P+BBB.proN (https://docs.aws.amazon.com/sagemaker/latest/dg/rstudio-version.html).
package transit_guard.lib.rstudio

import data.transit_guard.lib.document
import data.transit_guard.lib.jobs
import data.transit_guard.lib.plan
import data.transit_guard.lib.reader
import data.transit_guard.lib.template
import data.transit_guard.lib.tfconfig

# METADATA
# description: The first RStudio version that encrypts RStudioServerPro-RSession traffic.
baseline := "2022.02.2-485.pro2"

# Versions as one number, so that they compare without semver: YYYYMMPPBBBBNN (patch < 100,
# build < 10000, pro < 100, as the regular expressions ensure). The baseline is 2022.02.2-485.pro2.
_full_number(year, month, patch, build, pro) := sum([
	year * 10000000000,
	month * 100000000,
	patch * 1000000,
	build * 100,
	pro,
])

# METADATA
# description: >-
#   The RStudio version an image ARN or version string names: {"text", "full": true, "number"}
#   for a full version string, {"text", "full": false, "month": YYYYMM} when only YYYY.MM is
#   visible; undefined when the value names no version.
version(value) := _full(match) if {
	is_string(value)
	some match in regex.find_all_string_submatch_n(
		`([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})[-+]([0-9]{1,4})\.pro([0-9]{1,2})`,
		lower(value), 1,
	)
} else := _month(match) if {
	is_string(value)
	some match in regex.find_all_string_submatch_n(`rstudio-workbench-([0-9]{1,4})\.([0-9]{1,2})`, lower(value), 1)
}

_full(match) := {"text": match[0], "full": true, "number": _full_number(
	to_number(match[1]), to_number(match[2]), to_number(match[3]),
	to_number(match[4]), to_number(match[5]),
)}

_month(match) := {
	"text": concat(".", [match[1], match[2]]),
	"full": false,
	"month": (to_number(match[1]) * 100) + to_number(match[2]),
}

# METADATA
# description: >-
#   Where a version stands against the baseline: "before", "after", or "at" (2022.02 with the
#   patch unknown: it may be either).
side(v) := "before" if {
	v.full
	v.number < _full_number(2022, 2, 2, 485, 2)
} else := "after" if {
	v.full
} else := "before" if {
	v.month < 202202
} else := "at" if {
	v.month == 202202
} else := "after"

# What each app type runs: RStudioServerPro is the server, RSessionGateway runs RSessions.
_role("RStudioServerPro") := "server"

_role("RSessionGateway") := "session"

# METADATA
# description: The label of a role in messages.
labels := {"server": "RStudioServerPro", "session": "RSession"}

_server_settings("domain") := ["DomainSettings", "RStudioServerProDomainSettings"]

_server_settings("domain_update") := ["DomainSettingsForUpdate", "RStudioServerProDomainSettingsForUpdate"]

_session_spec("user_profile") := ["UserSettings", "RSessionAppSettings", "DefaultResourceSpec"]

_session_spec(kind) := ["DefaultUserSettings", "RSessionAppSettings", "DefaultResourceSpec"] if {
	kind in {"domain", "domain_update"}
}

# Key spellings that the formats' own conventions do not derive from the API's: Terraform writes
# sagemaker_image_arn (not sage_maker_...), ACK writes ARN, URL and ID in capitals.
_keys(ctx, keys) := [_spell(ctx.format, key) | some key in keys]

_spell(format, key) := spelled if {
	spelled := _spelled(format, key)
} else := key

_spelled("tf", "SageMakerImageArn") := "SagemakerImageArn"

_spelled("tf", "SageMakerImageVersionArn") := "SagemakerImageVersionArn"

_spelled("ack", "SageMakerImageArn") := "SageMakerImageARN"

_spelled("ack", "SageMakerImageVersionArn") := "SageMakerImageVersionARN"

_spelled("ack", "RStudioConnectUrl") := "RStudioConnectURL"

_spelled("ack", "RStudioPackageManagerUrl") := "RStudioPackageManagerURL"

# The RStudio resources of the document: {"kind", "resource", "input_kind", "ctx", "body", "prefix", "domain"}.
_resources contains item if {
	document.kind == "sagemaker_api"
	kind := _api_kinds[document.operation]
	item := {
		"kind": kind,
		"resource": input[_api_names[document.operation]],
		"input_kind": "sagemaker_api",
		"ctx": reader.context("api", {}),
		"body": input,
		"prefix": [],
		"domain": "",
		"app_type": object.get(input, "AppType", ""),
	}
}

_resources contains item if {
	document.kind == "cloudformation"
	some id, resource in template.resources
	kind := _cfn_kinds[resource.Type]
	properties := object.get(resource, "Properties", {})
	item := {
		"kind": kind,
		"resource": id,
		"input_kind": "cloudformation",
		"ctx": reader.context("cfn", {"template": input}),
		"body": properties,
		"prefix": ["Properties"],
		"domain": _cfn_domain(kind, id, properties),
		"app_type": object.get(properties, "AppType", ""),
	}
}

_resources contains item if {
	document.kind == "terraform_plan"
	some change in plan.changes
	kind := _tf_kinds[change.type]
	after := change.change.after
	item := {
		"kind": kind,
		"resource": change.address,
		"input_kind": "terraform_plan",
		"ctx": reader.context("tf", {"unknowns": object.get(change.change, "after_unknown", {})}),
		"body": after,
		"prefix": [],
		"domain": _tf_domain(kind, change),
		"app_type": object.get(after, "app_type", ""),
	}
}

_resources contains item if {
	document.kind == "ack"
	kind := _ack_kinds[input.kind]
	spec := object.get(input, "spec", {})
	resource := concat("/", [input.kind, object.get(input, ["metadata", "name"], "(unnamed)")])
	item := {
		"kind": kind,
		"resource": resource,
		"input_kind": "ack",
		"ctx": reader.context("ack", {}),
		"body": spec,
		"prefix": ["spec"],
		"domain": _ack_domain(kind, resource, spec),
		"app_type": object.get(spec, "appType", ""),
	}
}

_api_kinds := {
	"CreateDomain": "domain",
	"DescribeDomain": "domain",
	"UpdateDomain": "domain_update",
	"CreateUserProfile": "user_profile",
	"UpdateUserProfile": "user_profile",
	"DescribeUserProfile": "user_profile",
	"CreateApp": "app",
	"DescribeApp": "app",
}

_api_names := {
	"CreateDomain": "DomainName",
	"DescribeDomain": "DomainName",
	"UpdateDomain": "DomainId",
	"CreateUserProfile": "UserProfileName",
	"UpdateUserProfile": "UserProfileName",
	"DescribeUserProfile": "UserProfileName",
	"CreateApp": "AppName",
	"DescribeApp": "AppName",
}

_cfn_kinds := {
	"AWS::SageMaker::Domain": "domain",
	"AWS::SageMaker::UserProfile": "user_profile",
	"AWS::SageMaker::App": "app",
}

# METADATA
# description: The Terraform resource types RStudio is read from.
tf_types := object.keys(_tf_kinds)

_tf_kinds := {
	"aws_sagemaker_domain": "domain",
	"aws_sagemaker_user_profile": "user_profile",
	"aws_sagemaker_app": "app",
}

_ack_kinds := {"Domain": "domain", "UserProfile": "user_profile", "App": "app"}

# Which domain a resource belongs to, so that TG203 compares versions within one domain: a
# domain is its own; a user profile or app names its domain (Ref or GetAtt in CloudFormation, a
# reference in Terraform, a literal ID); "" when that cannot be told (it is then compared with
# every domain of the document).
_cfn_domain(kind, id, properties) := id if {
	kind == "domain"
} else := domain if {
	domain := _cfn_target(properties.DomainId)
} else := properties.DomainId if {
	is_string(properties.DomainId)
} else := ""

_cfn_target(value) := value.Ref if is_string(value.Ref)

_cfn_target(value) := value["Fn::GetAtt"][0] if is_array(value["Fn::GetAtt"])

_cfn_target(value) := split(value["Fn::GetAtt"], ".")[0] if is_string(value["Fn::GetAtt"])

_tf_domain(kind, change) := change.address if {
	kind == "domain"
} else := domain if {
	some reference in tfconfig.references(change, "domain_id")
	some other in tfconfig.referenced(change, reference)
	other.type == "aws_sagemaker_domain"
	domain := other.address
} else := change.change.after.domain_id if {
	is_string(change.change.after.domain_id)
} else := ""

_ack_domain(kind, resource, spec) := resource if {
	kind == "domain"
} else := spec.domainID if {
	is_string(spec.domainID)
} else := ""

# METADATA
# description: >-
#   Every RStudio image setting of the document, one per possible value: {"resource",
#   "input_kind", "role" (server or session), "kind" (domain, user_profile, app), "domain",
#   "path", "state" (known, absent, unknown, runtime, unresolvable), "value"}. Absent settings
#   are included only where RStudio is enabled and the setting decides the version (a domain's
#   server image, an RStudio app's image); a user profile without an image follows its domain.
images contains image if {
	some item in _resources
	some role, spec in _specs(item)
	some outcome in _image_outcomes(item, spec)
	image := {
		"resource": item.resource,
		"input_kind": item.input_kind,
		"role": role,
		"kind": item.kind,
		"domain": item.domain,
		"path": jobs.path(item.ctx, item.prefix, _keys(item.ctx, outcome.at)),
		"state": outcome.state,
		"value": object.get(outcome, "value", null),
	}
	_listed(item, role, image)
}

# The DefaultResourceSpec (or ResourceSpec) of each role a resource sets.
_specs(item) := {
	"server": array.concat(_server_settings(item.kind), ["DefaultResourceSpec"]),
	"session": _session_spec(item.kind),
} if {
	item.kind in {"domain", "domain_update"}
	_enabled(item)
} else := {"session": _session_spec("user_profile")} if {
	item.kind == "user_profile"
} else := {_role(item.app_type): ["ResourceSpec"]} if {
	item.kind == "app"
} else := {}

# An absent image is listed only where it decides the version: a domain's (or update's) server
# image and an RStudio app's image. An absent session default follows the server's version.
_listed(_, _, image) if image.state != "absent"

_listed(item, role, image) if {
	image.state == "absent"
	role == "server"
	item.kind in {"domain", "domain_update", "app"}
}

_listed(item, role, image) if {
	image.state == "absent"
	role == "session"
	item.kind == "app"
}

# A domain with RStudioServerProDomainSettings, a domain update that changes RStudio settings, a
# user profile with RStudio settings, an RStudio app.
_enabled(item) if {
	item.kind in {"domain", "domain_update"}
	_has(item, _server_settings(item.kind))
}

_enabled(item) if {
	item.kind == "domain_update"

	# Settings of a domain update that show it has RStudio, besides the server settings.
	some at in [["DefaultUserSettings", "RSessionAppSettings"], ["DefaultUserSettings", "RStudioServerProAppSettings"]]
	_has(item, at)
}

_enabled(item) if {
	item.kind == "user_profile"
	some key in ["RSessionAppSettings", "RStudioServerProAppSettings"]
	_has(item, ["UserSettings", key])
}

_enabled(item) if {
	item.kind == "app"
	_role(item.app_type)
}

_has(item, at) if {
	some outcome in reader.read(item.ctx, item.body, _keys(item.ctx, at))
	outcome.state != "absent"
}

# The image outcomes of a resource spec: SageMakerImageArn, or SageMakerImageVersionArn when
# only that is set; each with the API path it was read at.
_image_outcomes(item, spec) := {object.union(outcome, {"at": at}) |
	at := array.concat(spec, ["SageMakerImageArn"])
	some outcome in reader.read(item.ctx, item.body, _keys(item.ctx, at))
} if {
	not _version_arn_only(item, spec)
} else := {object.union(outcome, {"at": at}) |
	at := array.concat(spec, ["SageMakerImageVersionArn"])
	some outcome in reader.read(item.ctx, item.body, _keys(item.ctx, at))
}

_version_arn_only(item, spec) if {
	every outcome in reader.read(item.ctx, item.body, _keys(item.ctx, array.concat(spec, ["SageMakerImageArn"]))) {
		outcome.state == "absent"
	}
	_has(item, array.concat(spec, ["SageMakerImageVersionArn"]))
}

# METADATA
# description: >-
#   The RStudio Connect and Package Manager URLs of domains: {"resource", "input_kind", "path",
#   "value"} for every URL with a known value.
urls contains url if {
	some item in _resources
	item.kind in {"domain", "domain_update"}
	some key in ["RStudioConnectUrl", "RStudioPackageManagerUrl"]
	at := array.concat(_server_settings(item.kind), [key])
	some outcome in reader.read(item.ctx, item.body, _keys(item.ctx, at))
	outcome.state == "known"
	is_string(outcome.value)
	url := {
		"resource": item.resource,
		"input_kind": item.input_kind,
		"path": jobs.path(item.ctx, item.prefix, _keys(item.ctx, at)),
		"value": outcome.value,
	}
}

# METADATA
# description: The RStudio resources of the document, by resource name (for the resource count).
resources contains item.resource if {
	some item in _resources
	_enabled(item)
}

# METADATA
# description: Two images belong to the same domain (or the domain of either cannot be told).
# scope: document
same_domain(a, b) if a.domain == b.domain

same_domain(a, _) if a.domain == ""

same_domain(_, b) if b.domain == ""

# METADATA
# description: >-
#   The first words of a remediation that sets the value at item.path (an image or a URL of
#   item.resource) to what, as the input changes it: on the resource (Terraform, CloudFormation),
#   in the manifest (ACK), in the request body, or for a Describe* output in the update request
#   (domain, user profile) or by creating the app again.
setting(item, what) := concat("", ["Set ", item.path, " on ", item.resource, " to ", what]) if {
	item.input_kind in {"terraform_plan", "cloudformation"}
} else := concat("", ["Set ", item.path, " in ", item.resource, " to ", what]) if {
	item.input_kind == "ack"
} else := concat("", ["In the ", document.operation, " request body, set ", item.path, " to ", what]) if {
	not startswith(document.operation, "Describe")
} else := concat("", [
	"In an UpdateDomain request for ", item.resource, ", set ", replace(
		item.path, "DomainSettings.RStudioServerProDomainSettings.",
		"DomainSettingsForUpdate.RStudioServerProDomainSettingsForUpdate.",
	),
	" to ", what,
]) if {
	document.operation == "DescribeDomain"
} else := concat("", ["In an UpdateUserProfile request for ", item.resource, ", set ", item.path, " to ", what]) if {
	document.operation == "DescribeUserProfile"
} else := concat("", [
	"Delete app ", item.resource, " and create it again with ", item.path, " set to ", what,
	" in the CreateApp request body (an app's image cannot be changed)",
])

# METADATA
# description: >-
#   [address, key] pairs for a plan evaluated in slices (main/slices.rego): the RStudio rules
#   compare the domains, user profiles and apps of a plan with each other, so they are all
#   evaluated together.
links contains [change.address, "rstudio"] if {
	some change in plan.changes
	_tf_kinds[change.type]
}
