# METADATA
# title: IAM wildcards, matched without regular expressions
# description: >-
#   IAM policy elements (Action, NotAction, Resource) take patterns where * matches any run of
#   characters (none included, across ":" and "/") and ? exactly one. They are matched here with
#   string builtins only: the WebAssembly that the pinned OPA compiles hangs or corrupts memory
#   once one evaluation has used regex.match (or glob.match, which compiles to a regular
#   expression) with about 100 distinct patterns, a count that one bucket policy reaches
#   (docs/opa-wasm-defects.md). A pattern is split at each *; the first piece must start the
#   value, the last must end it, and the pieces between must occur in order without overlapping.
#   Each piece is placed at the earliest position after the one before (placing a piece earlier
#   never prevents a later one from fitting); that chain is followed with graph.reachable, since
#   Rego has no loop.
package transit_guard.lib.wildcard

# METADATA
# description: The IAM wildcard pattern matches the whole value (case-sensitively).
# scope: document
match(pattern, value) if {
	not _wild(pattern)
	pattern == value
}

match(pattern, value) if {
	not contains(pattern, "?")
	pieces := split(pattern, "*")
	count(pieces) == 2
	startswith(value, pieces[0])
	endswith(value, pieces[1])
	count(value) >= count(pieces[0]) + count(pieces[1])
}

match(pattern, value) if {
	_general(pattern)
	pieces := _pieces(pattern)
	last := count(pieces) - 1
	_fits(pieces, value, last, count(value) - count(pieces[last]))
}

_wild(pattern) if contains(pattern, "*")

_wild(pattern) if contains(pattern, "?")

_general(pattern) if contains(pattern, "?")

_general(pattern) if count(split(pattern, "*")) > 2

# The pieces between the stars; empty ones between two stars (**) change nothing and are dropped.
_pieces(pattern) := array.concat([split(pattern, "*")[0]], [piece |
	some i, piece in split(pattern, "*")
	i > 0
	_kept(piece, i, count(split(pattern, "*")) - 1)
])

_kept(_, i, last) if i == last

_kept(piece, i, last) if {
	i < last
	piece != ""
}

# Without *, one piece is the whole value.
_fits(pieces, value, 0, 0) if _at(pieces[0], value, 0)

# With *, the first piece at the start, the last at the end, and a chain of earliest places for
# the pieces between that ends before the last piece.
_fits(pieces, value, last, end) if {
	last > 0
	end >= count(pieces[0])
	_at(pieces[0], value, 0)
	_at(pieces[last], value, end)
	places := [_positions(pieces, value, i, end) | some i, _ in pieces]
	step := {[i, p]: _next(pieces, places, i, p, last) |
		some i, starts in places
		i < last
		some p in starts
	}
	some [i, p] in graph.reachable(step, {[0, 0]})
	i == last - 1
	p + count(pieces[i]) <= end
}

# Where piece i may start: the first piece at 0, a middle piece after the first piece and early
# enough to end before the last piece's place.
_positions(pieces, value, i, end) := {0} if {
	i == 0
} else := {p |
	i < count(pieces) - 1
	end - count(pieces[i]) >= count(pieces[0])
	some p in numbers.range(count(pieces[0]), end - count(pieces[i]))
	_at(pieces[i], value, p)
}

# The earliest place of the middle piece i + 1 after piece i placed at p (none if it has none).
_next(pieces, places, i, p, last) := {[i + 1, min(later)] |
	i + 1 < last
	later := {q |
		some q in places[i + 1]
		q >= p + count(pieces[i])
	}
	count(later) > 0
}

# The piece occurs at position p of the value (? stands for any one character).
_at(piece, value, p) if {
	not contains(piece, "?")
	substring(value, p, count(piece)) == piece
}

_at(piece, value, p) if {
	contains(piece, "?")
	p + count(piece) <= count(value)
	every k in numbers.range(0, count(piece) - 1) {
		_same(substring(piece, k, 1), substring(value, p + k, 1))
	}
}

_same("?", _)

_same(character, character) if character != "?"
