# METADATA
# title: lib/wildcard tests
# description: >-
#   IAM wildcards as IAM matches them (* any run of characters, ? exactly one), checked against
#   the regular expression they stand for; test/differential.test.ts compares the engines on
#   random patterns too.
package transit_guard.lib.wildcard_test

import data.transit_guard.lib.wildcard

_matching := [
	["abc", "abc"],
	["a*", "abc"],
	["*", ""],
	["*", "x"],
	["?", "x"],
	["?", "é"],
	["é*", "éa"],
	["a*c", "ac"],
	["a*c", "abc"],
	["a*b*c", "abc"],
	["a*b*c", "aXbYc"],
	["a**c", "ac"],
	["*a*", "bab"],
	["a?c*d", "abcxd"],
	["a?c*d", "abcd"],
	["*?*", "z"],
	["*ab*ab*", "abab"],
	["*aa*aa", "aaaa"],
	["x*?y?*z", "xAyBz"],
	["s3:get*object*", "s3:getobject"],
	["arn:aws:s3:::b/*", "arn:aws:s3:::b/*"],
	["arn:aws:s3:::b*", "arn:aws:s3:::b/*"],
	["a.c", "a.c"],
	["[a]", "[a]"],
	["a\\*", "a\\xyz"],
]

_not_matching := [
	["abc", "abd"],
	["?", ""],
	["??", "x"],
	["a*c", "abd"],
	["a*b*c", "acb"],
	["*a*", "bbb"],
	["a?c*d", "acd"],
	["*?*", ""],
	["s3:Get*Object*", "s3:getobject"],
	["a*a", "a"],
	["*ab*ab*", "aba"],
	["*aa*aa", "aaa"],
	["x*?y?*z", "xyBz"],
	["a.c", "abc"],
	["[a]", "a"],
]

test_matching if {
	every pair in _matching {
		wildcard.match(pair[0], pair[1])
	}
}

test_not_matching if {
	every pair in _not_matching {
		not wildcard.match(pair[0], pair[1])
	}
}

# One evaluation with more distinct patterns than the WASM regex cache holds (100).
test_many_distinct_patterns if {
	matched := {i |
		some i in numbers.range(0, 299)
		prefix := concat("", ["arn:aws:s3:::data/prefix", format_int(i, 10)])
		wildcard.match(concat("", [prefix, "*"]), concat("", [prefix, "/key"]))
	}
	count(matched) == 300
}
