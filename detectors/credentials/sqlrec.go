package credentials

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// SQL dumps hold account tables as INSERT statements (mysqldump writes
// "INSERT INTO `users` VALUES (1,'ola','Sommer18!'),(2,...);" without a
// column list, so the columns come from the CREATE TABLE above it) and as
// pg_dump COPY blocks (tab-separated rows up to "\."). Each row with a
// clear-text password column is one credential, as in a CSV export.
// Hashed password columns (bcrypt, crypt, {SSHA}, bare hex digests) are
// what a database should hold and are not counted.

const (
	maxSQLTables   = 64   // CREATE TABLE column lists kept per section
	maxSQLCreate   = 8192 // bytes of one CREATE TABLE statement
	maxSQLField    = 512  // bytes kept of one value
	sqlModeNone    = 0
	sqlModeCreate  = 1
	sqlModeValues  = 2
	sqlModeCopy    = 3
	sqlModeSkipIns = 4 // an INSERT without a password column: skip to ';'
)

type sqlRecords struct {
	tables map[string][]string
	mode   int
	create []byte // CREATE TABLE text being collected
	cname  string

	userCol, pwCol int
	detail         detectors.Safe

	// tuple lexer state, across lines
	depth   int
	quote   bool
	field   []byte
	fields  []string
	tupLine int
}

// sqlLine handles a line of an SQL dump; it returns true when the line
// belonged to an SQL statement (no other rule should read it).
func (s *session) sqlLine(line []byte, n int, emit func(detectors.Finding)) bool {
	q := &s.sql
	switch q.mode {
	case sqlModeCreate:
		q.addCreate(line)
		return true
	case sqlModeValues, sqlModeSkipIns:
		q.values(s, line, n, emit)
		return true
	case sqlModeCopy:
		if t := bytes.TrimRight(line, "\r"); len(t) == 2 && t[0] == '\\' && t[1] == '.' {
			q.mode = sqlModeNone
			return true
		}
		cells := strings.Split(string(bytes.TrimRight(line, "\r")), "\t")
		for i, c := range cells {
			if c == `\N` {
				cells[i] = ""
			}
		}
		q.row(s, cells, n, emit)
		return true
	}
	// Fast path for prose: statements start a line with a letter of
	// INSERT, REPLACE, CREATE or COPY, perhaps after indentation.
	i := 0
	for i < len(line) && i < 16 && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if len(line)-i < 8 {
		return false
	}
	switch line[i] | 0x20 {
	case 'i', 'r', 'c':
	default:
		return false
	}
	t := line[i:]
	switch t[0] | 0x20 {
	case 'i', 'r':
		if hasFold(t, "insert into ") || hasFold(t, "insert ignore into ") || hasFold(t, "replace into ") {
			return q.insert(s, t, n, emit)
		}
	case 'c':
		if hasFold(t, "create table ") {
			q.mode, q.create = sqlModeCreate, append(q.create[:0], t[len("create table "):]...)
			q.cname = sqlName(q.create)
			q.addCreate(nil)
			return true
		}
		if hasFold(t, "copy ") && bytes.Contains(bytes.ToLower(t), []byte(" from stdin")) {
			name := sqlName(t[5:])
			cols := q.tables[name]
			if i := bytes.IndexByte(t, '('); i >= 0 {
				if j := bytes.IndexByte(t[i:], ')'); j > 0 {
					cols = splitCols(string(t[i+1 : i+j]))
				}
			}
			q.mode = sqlModeCopy
			if !q.columns(cols) {
				q.pwCol = -1
			}
			return true
		}
	}
	return false
}

// addCreate collects a CREATE TABLE statement until its ';' (or its
// closing parenthesis at depth zero) and records its column names.
func (q *sqlRecords) addCreate(line []byte) {
	if line != nil && len(q.create) < maxSQLCreate {
		q.create = append(q.create, '\n')
		q.create = append(q.create, line...)
	}
	depth, open := 0, false
	for _, c := range q.create {
		switch c {
		case '(':
			depth++
			open = true
		case ')':
			depth--
		}
	}
	if !(open && depth <= 0) && !bytes.Contains(line, []byte{';'}) && len(q.create) < maxSQLCreate {
		return
	}
	q.mode = sqlModeNone
	i := bytes.IndexByte(q.create, '(')
	if i < 0 || q.cname == "" {
		return
	}
	body, depth := q.create[i+1:], 0
	var cols []string
	start := 0
	for k := 0; k <= len(body); k++ {
		if k < len(body) {
			switch body[k] {
			case '(':
				depth++
				continue
			case ')':
				if depth > 0 {
					depth--
					continue
				}
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		part := strings.TrimSpace(string(body[start:min(k, len(body))]))
		start = k + 1
		f := strings.Fields(part)
		if len(f) > 0 {
			switch strings.ToUpper(f[0]) {
			case "PRIMARY", "KEY", "UNIQUE", "CONSTRAINT", "INDEX", "FOREIGN", "CHECK", "FULLTEXT":
			default:
				cols = append(cols, unquoteName(f[0]))
			}
		}
		if k < len(body) && body[k] == ')' {
			break
		}
	}
	if q.tables == nil {
		q.tables = map[string][]string{}
	}
	if len(q.tables) < maxSQLTables {
		q.tables[q.cname] = cols
	}
}

// insert starts an INSERT statement.
func (q *sqlRecords) insert(s *session, t []byte, n int, emit func(detectors.Finding)) bool {
	rest := t[bytes.IndexByte(t, ' ')+1:]
	k := indexFold(rest, "into ")
	if k < 0 {
		return false
	}
	rest = rest[k+5:]
	name := sqlName(rest)
	cols := q.tables[name]
	v := indexFold(rest, "values")
	if v < 0 {
		return false
	}
	if i := bytes.IndexByte(rest[:v], '('); i >= 0 {
		if j := bytes.LastIndexByte(rest[:v], ')'); j > i {
			cols = splitCols(string(rest[i+1 : j]))
		}
	}
	q.mode = sqlModeValues
	if !q.columns(cols) {
		q.mode = sqlModeSkipIns
	}
	q.depth, q.quote, q.fields, q.field = 0, false, q.fields[:0], q.field[:0]
	q.values(s, rest[v+len("values"):], n, emit)
	return true
}

// columns picks the password and user columns; false when there is no
// password column.
func (q *sqlRecords) columns(cols []string) bool {
	q.pwCol, q.userCol = -1, -1
	best := 0
	var word detectors.Safe
	for i, c := range cols {
		if w, ok := isPassHeader(c); q.pwCol < 0 && ok {
			q.pwCol, word = i, w
			continue
		}
		if r, _ := idRank(c); r > 0 && r <= 2 && (best == 0 || r < best) {
			q.userCol, best = i, r
		}
	}
	if q.pwCol < 0 {
		return false
	}
	q.detail = detectors.Join(detectors.Text("SQL dump with a clear-text "), detectors.Quote(word), detectors.Text(" column"))
	return true
}

// values lexes tuples "(a,'b',NULL),(...)" up to the statement's ';'.
func (q *sqlRecords) values(s *session, b []byte, n int, emit func(detectors.Finding)) {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if q.quote {
			switch {
			case c == '\\' && i+1 < len(b):
				i++
				q.addByte(b[i])
			case c == '\'' && i+1 < len(b) && b[i+1] == '\'':
				i++
				q.addByte('\'')
			case c == '\'':
				q.quote = false
			default:
				q.addByte(c)
			}
			continue
		}
		switch c {
		case '\'':
			q.quote = true
		case '(':
			q.depth++
			if q.depth == 1 {
				q.fields, q.field, q.tupLine = q.fields[:0], q.field[:0], n
			}
		case ',', ')':
			if q.depth == 1 {
				v := strings.TrimSpace(string(q.field))
				if strings.EqualFold(v, "null") {
					v = ""
				}
				q.fields = append(q.fields, v)
				q.field = q.field[:0]
				if c == ')' {
					q.depth = 0
					if q.mode == sqlModeValues {
						q.row(s, q.fields, q.tupLine, emit)
					}
				}
			} else if c == ')' && q.depth > 1 {
				q.depth--
			}
		case ';':
			if q.depth == 0 {
				q.mode = sqlModeNone
				return
			}
		default:
			if q.depth >= 1 {
				q.addByte(c)
			}
		}
	}
	if q.quote {
		q.addByte('\n')
	}
}

func (q *sqlRecords) addByte(c byte) {
	if len(q.field) < maxSQLField {
		q.field = append(q.field, c)
	}
}

// row reports one table row.
func (q *sqlRecords) row(s *session, cells []string, n int, emit func(detectors.Finding)) {
	if q.pwCol < 0 || q.pwCol >= len(cells) {
		return
	}
	pw := cells[q.pwCol]
	if !tableValueOK(pw) || isTemplateValue(pw) || hashedValue(pw) {
		return
	}
	user := ""
	if q.userCol >= 0 && q.userCol < len(cells) {
		user = cells[q.userCol]
	}
	key := user
	if user == "" {
		key = "#row" + strconv.Itoa(n)
	}
	emit(detectors.Finding{
		Rule:       RulePasswordTable,
		Line:       n,
		Secret:     key + "\x00" + pw,
		Masked:     masked(user, pw),
		Detail:     q.detail,
		Confidence: detectors.ConfidenceHigh,
	})
}

// hashedValue reports a stored password hash rather than a password.
func hashedValue(v string) bool {
	if _, ok := cryptHash(v); ok {
		return true
	}
	if _, ok := schemeHash(v); ok {
		return true
	}
	switch len(v) {
	case 32, 40, 64, 128:
		if isHex(v) {
			return true
		}
	}
	lv := strings.ToLower(v)
	return strings.HasPrefix(lv, "pbkdf2") || strings.HasPrefix(lv, "argon2") || strings.HasPrefix(lv, "sha1$") ||
		strings.HasPrefix(lv, "bcrypt$") || strings.HasPrefix(lv, "md5$")
}

// sqlName reads a table name ("`db`.`users`", public.accounts, "Users")
// and returns its last part, lower-cased.
func sqlName(b []byte) string {
	b = bytes.TrimLeft(b, " \t")
	if hasFold(b, "if not exists ") {
		b = bytes.TrimLeft(b[len("if not exists "):], " \t")
	}
	end := bytes.IndexAny(b, " \t(;\r\n")
	if end < 0 {
		end = len(b)
	}
	name := string(b[:end])
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return strings.ToLower(unquoteName(name))
}

func unquoteName(s string) string { return strings.Trim(s, "`\"[]") }

func splitCols(s string) []string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = unquoteName(strings.TrimSpace(p))
	}
	return parts
}
