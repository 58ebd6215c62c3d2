package structured

import "bytes"

// SQL dumps name their columns in the INSERT statement, in CREATE TABLE
// (mysqldump's extended INSERTs have no column list) or in COPY ... FROM
// stdin (pg_dump). This file reads those statements and maps a value's
// position in a VALUES tuple to its column.

// Limits of the SQL layer.
const (
	// MaxTables bounds the CREATE TABLE column lists kept per section.
	MaxTables = 256
	// MaxCreate bounds the bytes of one CREATE TABLE statement; a longer
	// one keeps the columns defined before the limit.
	MaxCreate = 64 << 10
	// MaxField bounds the bytes kept of one VALUES field.
	MaxField = 512
)

// Kind is the kind of SQL statement that starts a line.
type Kind uint8

// Statement kinds.
const (
	None   Kind = iota
	Insert      // INSERT INTO, INSERT IGNORE INTO, REPLACE INTO
	Create      // CREATE TABLE
	Copy        // COPY (pg_dump)
)

// lower folds ASCII letters.
func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

// HasPrefixFold reports whether b starts with p (lower-case ASCII),
// ignoring ASCII case.
func HasPrefixFold(b []byte, p string) bool {
	if len(b) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lower(b[i]) != p[i] {
			return false
		}
	}
	return true
}

// IndexFold returns the first index of p (lower-case ASCII) in b,
// ignoring ASCII case, or -1.
func IndexFold(b []byte, p string) int {
	if len(p) == 0 {
		return 0
	}
	c0, c1 := p[0], p[0]
	if c0 >= 'a' && c0 <= 'z' {
		c1 = c0 - 32
	}
	for i := 0; i+len(p) <= len(b); i++ {
		if (b[i] == c0 || b[i] == c1) && HasPrefixFold(b[i:], p) {
			return i
		}
	}
	return -1
}

// Statement reports the SQL statement that starts line (after spaces and
// tabs) and the offset just after its keywords ("INSERT INTO ", "CREATE
// TABLE ", "COPY "). Prose costs a look at one byte.
func Statement(line []byte) (Kind, int) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if len(line)-i < 5 {
		return None, 0
	}
	t := line[i:]
	switch lower(t[0]) {
	case 'i':
		switch {
		case HasPrefixFold(t, "insert into "):
			return Insert, i + len("insert into ")
		case HasPrefixFold(t, "insert ignore into "):
			return Insert, i + len("insert ignore into ")
		}
	case 'r':
		if HasPrefixFold(t, "replace into ") {
			return Insert, i + len("replace into ")
		}
	case 'c':
		switch {
		case HasPrefixFold(t, "create table "):
			return Create, i + len("create table ")
		case HasPrefixFold(t, "copy "):
			return Copy, i + len("copy ")
		}
	}
	return None, 0
}

// SkipSpace skips spaces, tabs and newlines from b[i].
func SkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

func asciiAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// Name reads an identifier at b[i:], possibly quoted (`x`, "x", [x]) and
// schema-qualified (db.users), and returns its last part in lower case and
// the offset after it. The name is "" when there is none.
func Name(b []byte, i int) (string, int) {
	var last []byte
	for {
		i = SkipSpace(b, i)
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
			for i < len(b) && (asciiAlnum(b[i]) || b[i] == '_' || b[i] == '$' || b[i] >= 0x80) {
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

// tableName reads a table name after CREATE TABLE, INSERT INTO or COPY:
// "IF NOT EXISTS" and ONLY (pg_dump) are skipped.
func tableName(b []byte, i int) (string, int) {
	i = SkipSpace(b, i)
	if HasPrefixFold(b[i:], "if not exists ") {
		i += len("if not exists ")
	} else if HasPrefixFold(b[i:], "only ") {
		i += len("only ")
	}
	return Name(b, i)
}

// keyword reports a table-constraint keyword that starts a CREATE TABLE
// item which defines no column.
func keyword(name string) bool {
	switch name {
	case "primary", "key", "unique", "constraint", "index", "foreign", "check", "fulltext", "spatial", "exclude":
		return true
	}
	return false
}

// Defs reads a parenthesised list at b[i] == '(' — "(a, b char(11) DEFAULT
// 'x,y', PRIMARY KEY (a))" or an INSERT's "(a, b)" — and returns the name
// that starts each top-level item, constraints left out. It reads at most
// limit bytes; complete is false when the list does not close within them
// (the names seen so far are returned).
func Defs(b []byte, i, limit int) (cols []string, end int, complete bool) {
	if i >= len(b) || b[i] != '(' {
		return nil, i, false
	}
	stop := min(len(b), i+limit)
	depth, start, inQ := 0, i+1, byte(0)
	for k := i; k < stop; k++ {
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
				if name, _ := Name(b[:k], start); name != "" && !keyword(name) {
					cols = append(cols, name)
				}
				start = k + 1
			}
			if depth == 0 {
				return cols, k + 1, true
			}
		}
	}
	return cols, stop, false
}

// Schema remembers the column lists of a section's CREATE TABLE
// statements for the INSERTs that follow without a column list. A
// statement may run over many lines and over block boundaries: Create
// starts one, Continue feeds it the following lines until it closes.
type Schema struct {
	tables map[string][]string

	pending bool
	buf     []byte // the statement from its table name on
	depth   int
	opened  bool
	inQ     byte
}

// Columns returns the columns of a table, nil when unknown.
func (s *Schema) Columns(table string) []string { return s.tables[table] }

// Pending reports whether a CREATE TABLE is open: the next lines belong
// to it and must go to Continue.
func (s *Schema) Pending() bool { return s.pending }

// Create starts a CREATE TABLE statement; rest is the line after
// "CREATE TABLE ". It reports whether the statement is still open.
func (s *Schema) Create(rest []byte) bool {
	s.pending, s.buf, s.depth, s.opened, s.inQ = true, s.buf[:0], 0, false, 0
	s.feed(rest)
	return s.pending
}

// Continue feeds the next line of an open CREATE TABLE statement. It
// reports whether the statement is still open.
func (s *Schema) Continue(line []byte) bool {
	if !s.pending {
		return false
	}
	s.feed([]byte{'\n'})
	s.feed(line)
	return s.pending
}

func (s *Schema) feed(p []byte) {
	room := MaxCreate - len(s.buf)
	cut := len(p) > room
	if cut {
		p = p[:room]
	}
	from := len(s.buf)
	s.buf = append(s.buf, p...)
	for k := from; k < len(s.buf); k++ {
		c := s.buf[k]
		if s.inQ != 0 {
			if c == s.inQ {
				s.inQ = 0
			}
			continue
		}
		switch c {
		case '\'':
			if s.opened {
				s.inQ = c
			}
		case '(':
			s.depth++
			s.opened = true
		case ')':
			s.depth--
			if s.opened && s.depth <= 0 {
				s.finish()
				return
			}
		case ';':
			if s.depth <= 0 {
				s.finish()
				return
			}
		}
	}
	if cut {
		s.finish()
	}
}

// finish records the statement's columns.
func (s *Schema) finish() {
	s.pending = false
	name, i := tableName(s.buf, 0)
	i = SkipSpace(s.buf, i)
	cols, _, _ := Defs(s.buf, i, MaxCreate)
	if name == "" || len(cols) == 0 {
		return
	}
	if s.tables == nil {
		s.tables = map[string][]string{}
	}
	if _, ok := s.tables[name]; ok || len(s.tables) < MaxTables {
		s.tables[name] = cols
	}
}

// InsertStmt is an INSERT (or REPLACE) statement's head.
type InsertStmt struct {
	Table string
	// Cols is the statement's own column list, or the table's CREATE
	// TABLE columns, or nil.
	Cols []string
	// Listed is true when the statement names its columns.
	Listed bool
	// End is the end of the line on which the head (table name, column
	// list and the spaces after them) ends.
	End int
	// Values is the offset just after the VALUES keyword when it is on
	// that line, else -1.
	Values int
}

// ParseInsert reads an INSERT statement whose table name starts at b[i]
// (the offset Statement gave). A column list may run over lines, up to
// maxList bytes.
func (s *Schema) ParseInsert(b []byte, i, maxList int) InsertStmt {
	st := InsertStmt{Values: -1}
	st.Table, i = tableName(b, i)
	i = SkipSpace(b, i)
	if i < len(b) && b[i] == '(' {
		st.Cols, i, _ = Defs(b, i, maxList)
		st.Listed = true
	} else {
		st.Cols = s.Columns(st.Table)
	}
	st.End = len(b)
	if k := bytes.IndexByte(b[i:], '\n'); k >= 0 {
		st.End = i + k
	}
	if v := IndexFold(b[i:st.End], "values"); v >= 0 {
		st.Values = i + v + len("values")
	}
	return st
}

// CopyStmt is the head of pg_dump's "COPY t (a, b) FROM stdin;".
type CopyStmt struct {
	Table  string
	Cols   []string
	Listed bool
	// Stdin is true when rows follow on the next lines ("FROM stdin").
	Stdin bool
}

// ParseCopy reads a COPY statement's line whose table name starts at
// line[i] (the offset Statement gave).
func (s *Schema) ParseCopy(line []byte, i int) CopyStmt {
	var st CopyStmt
	st.Table, i = tableName(line, i)
	i = SkipSpace(line, i)
	if i < len(line) && line[i] == '(' {
		st.Cols, i, _ = Defs(line, i, len(line))
		st.Listed = true
	} else {
		st.Cols = s.Columns(st.Table)
	}
	st.Stdin = IndexFold(line[i:], "from stdin") >= 0
	return st
}

// CopyEnd reports the line "\." that ends a COPY block.
func CopyEnd(line []byte) bool {
	return len(line) == 2 && line[0] == '\\' && line[1] == '.' ||
		len(line) == 3 && line[0] == '\\' && line[1] == '.' && line[2] == '\r'
}

// Tuples lexes the VALUES of an INSERT statement, "(1,'ola','x\'y'),
// (2,...)", across lines and blocks, into the fields of each tuple: quotes
// and escapes removed, NULL as "".
type Tuples struct {
	depth  int
	quote  bool
	field  []byte
	fields []string
	line   int
}

// Reset starts a new statement.
func (t *Tuples) Reset() {
	t.depth, t.quote, t.fields, t.field = 0, false, t.fields[:0], t.field[:0]
}

// Feed lexes b, a piece of a statement on line n, and calls row (when not
// nil) with each complete tuple's fields and the line the tuple started
// on. It reports true at the statement's closing ';'. The fields are only
// valid during the call.
func (t *Tuples) Feed(b []byte, n int, row func(fields []string, line int)) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if t.quote {
			switch {
			case c == '\\' && i+1 < len(b):
				i++
				t.add(b[i])
			case c == '\'' && i+1 < len(b) && b[i+1] == '\'':
				i++
				t.add('\'')
			case c == '\'':
				t.quote = false
			default:
				t.add(c)
			}
			continue
		}
		switch c {
		case '\'':
			t.quote = true
		case '(':
			t.depth++
			if t.depth == 1 {
				t.fields, t.field, t.line = t.fields[:0], t.field[:0], n
			}
		case ',', ')':
			if t.depth == 1 {
				v := string(bytes.TrimSpace(t.field))
				if len(v) == 4 && HasPrefixFold([]byte(v), "null") {
					v = ""
				}
				t.fields = append(t.fields, v)
				t.field = t.field[:0]
				if c == ')' {
					t.depth = 0
					if row != nil {
						row(t.fields, t.line)
					}
				}
			} else if c == ')' && t.depth > 1 {
				t.depth--
			}
		case ';':
			if t.depth == 0 {
				return true
			}
		default:
			if t.depth >= 1 {
				t.add(c)
			}
		}
	}
	if t.quote {
		t.add('\n')
	}
	return false
}

func (t *Tuples) add(c byte) {
	if len(t.field) < MaxField {
		t.field = append(t.field, c)
	}
}

// FieldCursor follows the field of successive offsets inside "(v1, v2,
// ...)" tuples along one line, without copying values: it is how a
// detector that looks at a value where it finds it learns its column.
type FieldCursor struct {
	pos      int
	depth    int
	field    int
	inQ      bool
	unsynced bool // a cut line continues: wait for "),(" to know the field
}

// NewFieldCursor starts at offset pos: after VALUES or at the start of a
// continuation line; synced is false when the line is the continuation of
// a line cut mid-value (quotes cannot be trusted until the next "),(").
func NewFieldCursor(pos int, synced bool) FieldCursor {
	return FieldCursor{pos: pos, unsynced: !synced}
}

// Advance moves the cursor to offset to.
func (c *FieldCursor) Advance(b []byte, to int) {
	for k := c.pos; k < to; k++ {
		x := b[k]
		if c.unsynced {
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

// Known reports whether the cursor knows which field it is in.
func (c *FieldCursor) Known() bool { return !c.unsynced && c.depth == 1 }

// Field is the 0-based field of the tuple at the cursor.
func (c *FieldCursor) Field() int { return c.field }

// CopyFields splits a COPY data row at tabs; \N (NULL) becomes "". It
// reuses dst.
func CopyFields(line []byte, dst []string) []string {
	dst = dst[:0]
	line = bytes.TrimRight(line, "\r")
	for {
		i := bytes.IndexByte(line, '\t')
		cell := line
		if i >= 0 {
			cell = line[:i]
		}
		if len(cell) == 2 && cell[0] == '\\' && cell[1] == 'N' {
			dst = append(dst, "")
		} else {
			dst = append(dst, string(cell))
		}
		if i < 0 {
			return dst
		}
		line = line[i+1:]
	}
}
