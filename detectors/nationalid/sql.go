package nationalid

import "bytes"

// SQL dumps name their columns in the INSERT statement, in CREATE TABLE
// (mysqldump's extended INSERTs have no column list) or in COPY ... FROM
// stdin (pg_dump). These helpers map a value's position to its column.

const maxSQLScan = 64 << 10 // how far a CREATE TABLE is followed

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n') {
		i++
	}
	return i
}

// sqlName reads an identifier, possibly quoted and schema-qualified, and
// returns its last part in lower case.
func sqlName(b []byte, i int) (string, int) {
	var last []byte
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			break
		}
		start := i
		switch b[i] {
		case '`', '"', '[':
			closeQ := b[i]
			if closeQ == '[' {
				closeQ = ']'
			}
			j := bytes.IndexByte(b[i+1:], closeQ)
			if j < 0 || j > 128 {
				return "", i
			}
			last = b[i+1 : i+1+j]
			i += j + 2
		default:
			for i < len(b) && (asciiAlnum(b[i]) || b[i] == '_' || b[i] >= 0x80) {
				i++
			}
			if i == start {
				return string(bytes.ToLower(last)), i
			}
			last = b[start:i]
		}
		if i < len(b) && b[i] == '.' {
			i++
			continue
		}
		break
	}
	return string(bytes.ToLower(last)), i
}

// parseDefs splits "(a, b char(11), PRIMARY KEY (a))" starting at the '('
// into the first identifier of each top-level item.
func parseDefs(b []byte, i int, limit int) ([]colLabel, int) {
	if i >= len(b) || b[i] != '(' {
		return nil, i
	}
	end := min(len(b), i+limit)
	var cols []colLabel
	depth, start, inQ := 0, i+1, byte(0)
	for k := i; k < end; k++ {
		c := b[k]
		if inQ != 0 {
			if c == inQ {
				inQ = 0
			}
			continue
		}
		switch c {
		case '\'':
			inQ = c
		case '(':
			depth++
		case ')', ',':
			if c == ')' {
				depth--
			}
			if (c == ',' && depth == 1) || (c == ')' && depth == 0) {
				if name, _ := sqlName(b[:k], start); name != "" && !sqlKeyword(name) {
					cols = append(cols, colLabel{lab: classify([]byte(name))})
				}
				start = k + 1
			}
			if depth == 0 {
				return cols, k + 1
			}
		}
	}
	return nil, end
}

func sqlKeyword(name string) bool {
	switch name {
	case "primary", "key", "unique", "constraint", "index", "foreign", "check", "fulltext", "spatial":
		return true
	}
	return false
}

// onCreate remembers a CREATE TABLE's columns for later INSERTs.
func (s *session) onCreate(b []byte, i int) {
	i = skipSpace(b, i)
	if hasPrefixFold(b[i:], "if not exists") {
		i += len("if not exists")
	}
	name, i := sqlName(b, i)
	i = skipSpace(b, i)
	cols, _ := parseDefs(b, i, maxSQLScan)
	if name == "" || len(cols) == 0 {
		return
	}
	if s.tables == nil {
		s.tables = map[string][]colLabel{}
	}
	if len(s.tables) < 256 {
		s.tables[name] = cols
	}
}

// onInsert starts an SQL statement: values after VALUES map to the column
// list, or to the CREATE TABLE columns of the table.
func (s *session) onInsert(b []byte, ls, i int) {
	name, i := sqlName(b, i)
	i = skipSpace(b, i)
	var cols []colLabel
	if i < len(b) && b[i] == '(' {
		cols, i = parseDefs(b, i, maxHeaderLine)
	} else {
		cols = s.tables[name]
	}
	le := lineEnd(b, i)
	at := le + 1
	if v := indexFold(b[i:le], "values"); v >= 0 {
		at = i + v + len("values")
	}
	s.events = append(s.events, event{at: at, sql: true, cols: cols, start: ls})
}

// onCopy handles pg_dump's "COPY t (a, b) FROM stdin;": tab-separated rows
// follow.
func (s *session) onCopy(b []byte, i int) {
	_, i = sqlName(b, i)
	i = skipSpace(b, i)
	cols, i := parseDefs(b, i, maxHeaderLine)
	if len(cols) == 0 {
		return
	}
	le := lineEnd(b, i)
	if indexFold(b[i:le], "from stdin") < 0 {
		return
	}
	s.events = append(s.events, event{at: le + 1, sep: '\t', nsep: len(cols) - 1, cols: cols, ctry: -1})
}

func hasPrefixFold(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if fold[b[i]] != p[i] {
			return false
		}
	}
	return true
}

func indexFold(b []byte, p string) int {
	for i := 0; i+len(p) <= len(b); i++ {
		if hasPrefixFold(b[i:], p) {
			return i
		}
	}
	return -1
}

// sqlCursor counts the field of a value inside "(v1, v2, ...)" tuples,
// incrementally along one line.
type sqlCursor struct {
	pos      int
	depth    int
	field    int
	inQ      bool
	unsynced bool // a cut line continues: wait for "),(" to know the field
}

func (c *sqlCursor) advance(b []byte, to int) {
	for k := c.pos; k < to; k++ {
		x := b[k]
		if c.unsynced {
			// Quotes cannot be trusted mid-line: wait for a tuple start.
			if x == '(' && k >= 2 && b[k-1] == ',' && b[k-2] == ')' {
				c.unsynced, c.depth, c.field, c.inQ = false, 1, 0, false
			}
			continue
		}
		if c.inQ {
			switch x {
			case '\\':
				k++
			case '\'':
				c.inQ = false
			}
			continue
		}
		switch x {
		case '\'':
			c.inQ = true
		case '(':
			c.depth++
			if c.depth == 1 {
				c.field = 0
			}
		case ')':
			c.depth--
		case ',':
			if c.depth == 1 {
				c.field++
			}
		}
	}
	if to > c.pos {
		c.pos = to
	}
}

// known reports whether the cursor knows which field it is in.
func (c *sqlCursor) known() bool { return !c.unsynced && c.depth == 1 }
