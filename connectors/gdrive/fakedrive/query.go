package fakedrive

import (
	"errors"
	"strings"
)

// clause is one term of a files.list query; a query is clauses joined by
// "and". Only the terms a scanner needs are understood: anything else is an
// invalidQuery error, so a connector sending an unsupported query fails loudly.
type clause struct {
	field string // trashed, parents, mimeType, owners
	op    string // =, !=, in
	value string
}

var errQuery = errors.New("invalid query")

// parseQuery parses q: `trashed = false`, `'id' in parents`,
// `mimeType = 'x'`, `mimeType != 'x'`, `'me' in owners`, joined by "and".
func parseQuery(q string) ([]clause, error) {
	toks, err := tokenize(q)
	if err != nil {
		return nil, err
	}
	var out []clause
	for i := 0; i < len(toks); {
		if len(out) > 0 {
			if !strings.EqualFold(toks[i], "and") {
				return nil, errQuery
			}
			i++
		}
		if i+3 > len(toks) {
			return nil, errQuery
		}
		a, op, b := toks[i], toks[i+1], toks[i+2]
		i += 3
		switch {
		case a == "trashed" && op == "=" && (b == "true" || b == "false"):
			out = append(out, clause{"trashed", "=", b})
		case a == "mimeType" && (op == "=" || op == "!=") && quoted(b):
			out = append(out, clause{"mimeType", op, unquote(b)})
		case quoted(a) && op == "in" && (b == "parents" || b == "owners"):
			out = append(out, clause{b, "in", unquote(a)})
		default:
			return nil, errQuery
		}
	}
	return out, nil
}

func quoted(s string) bool { return len(s) >= 2 && s[0] == '\'' }

func unquote(s string) string {
	s = s[1 : len(s)-1]
	return strings.ReplaceAll(strings.ReplaceAll(s, `\'`, `'`), `\\`, `\`)
}

// tokenize splits q into words, operators and quoted strings (quotes kept).
func tokenize(q string) ([]string, error) {
	var toks []string
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '\'':
			j := i + 1
			for ; j < len(q) && q[j] != '\''; j++ {
				if q[j] == '\\' {
					j++
				}
			}
			if j >= len(q) {
				return nil, errQuery
			}
			toks = append(toks, q[i:j+1])
			i = j + 1
		case c == '=':
			toks = append(toks, "=")
			i++
		case c == '!':
			if i+1 >= len(q) || q[i+1] != '=' {
				return nil, errQuery
			}
			toks = append(toks, "!=")
			i += 2
		default:
			j := i
			for j < len(q) && q[j] != ' ' && q[j] != '=' && q[j] != '!' && q[j] != '\'' && q[j] != '\t' && q[j] != '\n' {
				j++
			}
			toks = append(toks, q[i:j])
			i = j
		}
	}
	return toks, nil
}

// match says whether f satisfies every clause; me is the caller's email.
func match(cs []clause, f *File, me string) bool {
	for _, c := range cs {
		switch c.field {
		case "trashed":
			if f.Trashed != (c.value == "true") {
				return false
			}
		case "mimeType":
			if (f.MIMEType == c.value) != (c.op == "=") {
				return false
			}
		case "parents":
			found := false
			for _, p := range f.Parents {
				found = found || p == c.value
			}
			if !found {
				return false
			}
		case "owners":
			v := c.value
			if v == "me" {
				v = me
			}
			if f.Owner != v {
				return false
			}
		}
	}
	return true
}
