# METADATA
# title: lib/cfntext tests
# description: CloudFormation strings rendered with placeholders for what is known only at deploy time.
package transit_guard.lib.cfntext_test

import data.transit_guard.lib.cfntext

_template := {"Parameters": {
	"Team": {"Type": "String", "Default": "cardiology"},
	"Count": {"Type": "Number", "Default": 2},
	"Secret": {"Type": "String"},
}}

# METADATA
# description: Literals, Refs (parameter defaults or placeholders) and Fn::GetAtt in both forms.
test_simple_values if {
	cfntext.render(_template, "s3://bucket") == "s3://bucket"
	cfntext.render(_template, {"Ref": "Team"}) == "cardiology"
	cfntext.render(_template, {"Ref": "Secret"}) == "${Secret}"
	cfntext.render(_template, {"Ref": "Count"}) == "${Count}"
	cfntext.render(_template, {"Ref": "Bucket"}) == "${Bucket}"
	cfntext.render(_template, {"Fn::GetAtt": ["Bucket", "Arn"]}) == "${Bucket.Arn}"
	cfntext.render(_template, {"Fn::GetAtt": "Bucket.Arn"}) == "${Bucket.Arn}"
	cfntext.render(_template, {"Fn::GetAtt": ["Bucket", {"Ref": "Attribute"}]}) == "${?}"
	cfntext.render(_template, {"Fn::ImportValue": "shared-bucket"}) == "${?}"
}

# METADATA
# description: Fn::Sub with and without a variable map; parameters with defaults are substituted.
test_sub if {
	cfntext.render(
		_template,
		{"Fn::Sub": "s3://${Team}-${AWS::AccountId}/data"},
	) == "s3://cardiology-${AWS::AccountId}/data"
	cfntext.render(
		_template,
		{"Fn::Sub": ["s3://${B}/${Key.Attr}", {"B": {"Ref": "Bucket"}}]},
	) == "s3://${Bucket}/${Key.Attr}"
	cfntext.render(_template, {"Fn::Sub": "broken ${unterminated"}) == "broken ${unterminated"
}

# METADATA
# description: Fn::Join of any of the above.
test_join if {
	cfntext.render(
		_template,
		{"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "Bucket"}, "/*"]]},
	) == "arn:aws:s3:::${Bucket}/*"
	cfntext.render(
		_template,
		{"Fn::Join": ["-", [{"Fn::Sub": "${Team}"}, {"Fn::Select": [0, ["a"]]}]]},
	) == "cardiology-${?}"
}
