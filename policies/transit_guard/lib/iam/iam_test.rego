# METADATA
# title: lib/iam tests
# description: IAM policy documents, wildcards, and the one list of actions that carry the key.
package transit_guard.lib.iam_test

import data.transit_guard.lib.iam

# METADATA
# description: The action list is data.json's (11 actions), the one transit-guard guardrail prints.
test_guarded_actions if {
	count(iam.guarded_actions) == 11
	"sagemaker:UpdateMonitoringSchedule" in iam.guarded_actions
	iam.key == "sagemaker:InterContainerTrafficEncryption"
}

# METADATA
# description: Wildcards match across ":" "/" and "."; other regular expression characters are literal.
test_matches if {
	iam.matches("arn:aws:s3:::my.bucket*", "arn:aws:s3:::my.bucket/a/b.csv")
	iam.matches("sagemaker:create?rainingjob", "sagemaker:createtrainingjob")
	not iam.matches("arn:aws:s3:::my.bucket", "arn:aws:s3:::myxbucket")
	iam.matches("a+(b)[c]{d}^$|\\", "a+(b)[c]{d}^$|\\")
}

# METADATA
# description: Condition values of every type read as lower-case text.
test_conditions if {
	statement := {"Condition": {
		"Bool": {"aws:SecureTransport": false},
		"NumericLessThan": {"S3:TLSVersion": [1.3, "1.2"]},
		"StringEquals": {"aws:SecureTransport": {"odd": true}},
	}}
	iam.conditions(statement, "aws:SecureTransport") == {["bool", "false"], ["stringequals", "?"]}
	iam.conditions(statement, "s3:TlsVersion") == {["numericlessthan", "1.3"], ["numericlessthan", "1.2"]}
	iam.condition_keys(statement) == {"aws:securetransport", "s3:tlsversion"}
}

# METADATA
# description: Statement names and paths for a single statement object.
test_statement_names if {
	named := {"resource": "P", "path": "policy", "document": {"Statement": {"Sid": "Only", "Effect": "Deny"}}}
	iam.statement_name(named, 0) == "Only"
	iam.statement_path(named, 0) == "policy.Statement"
	unnamed := {"resource": "P", "path": "policy", "document": {"Statement": {"Effect": "Deny"}}}
	iam.statement_name(unnamed, 0) == "Statement"
	not iam.document_of("not json")
}
