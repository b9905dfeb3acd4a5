# METADATA
# title: CloudFormation strings, rendered as far as the template shows them
# description: >-
#   Names, ARNs and URIs in templates are built with Ref, Fn::GetAtt, Fn::Sub and Fn::Join. render
#   turns such a value into one string: a literal stays itself, a Ref to a parameter with a
#   string Default becomes the default, and whatever is known only at deploy time becomes a
#   placeholder, ${Name} for a Ref (a resource's name or a pseudo parameter), ${Name.Attribute}
#   for Fn::GetAtt and ${?} for any other function, so that a rule can still tell which resource
#   a string names (arn:aws:s3:::${DataBucket}/* names the objects of the bucket DataBucket).
package transit_guard.lib.cfntext

# METADATA
# description: The value as one string, with placeholders for what is known only at deploy time.
render(template, value) := concat(value["Fn::Join"][0], [_leaf(template, part) |
	some part in value["Fn::Join"][1]
]) if {
	is_string(value["Fn::Join"][0])
	is_array(value["Fn::Join"][1])
} else := _leaf(template, value)

_leaf(template, value) := _sub(template, value["Fn::Sub"], {}) if {
	is_string(value["Fn::Sub"])
} else := _sub(template, value["Fn::Sub"][0], value["Fn::Sub"][1]) if {
	is_string(value["Fn::Sub"][0])
	is_object(value["Fn::Sub"][1])
} else := _simple(template, value)

_simple(template, value) := value if {
	is_string(value)
} else := template.Parameters[value.Ref].Default if {
	is_string(value.Ref)
	is_string(template.Parameters[value.Ref].Default)
} else := concat("", ["${", value.Ref, "}"]) if {
	is_string(value.Ref)
} else := concat("", ["${", concat(".", value["Fn::GetAtt"]), "}"]) if {
	is_array(value["Fn::GetAtt"])
	every part in value["Fn::GetAtt"] {
		is_string(part)
	}
} else := concat("", ["${", value["Fn::GetAtt"], "}"]) if {
	is_string(value["Fn::GetAtt"])
} else := "${?}"

# Fn::Sub: ${Name} is a variable of the map, a parameter with a default, or stays a placeholder.
_sub(template, text, variables) := concat("", array.concat([pieces[0]], [_piece(template, piece, variables) |
	some piece in array.slice(pieces, 1, count(pieces))
])) if {
	pieces := split(text, "${")
}

_piece(template, piece, variables) := concat("", [
	_variable(template, substring(piece, 0, end), variables),
	substring(piece, end + 1, -1),
]) if {
	end := indexof(piece, "}")
	end >= 0
} else := concat("", ["${", piece])

_variable(template, name, variables) := _simple(template, variables[name]) if {
	variables[name] != null
} else := _simple(template, {"Ref": name}) if {
	not contains(name, ".")
} else := concat("", ["${", name, "}"])
