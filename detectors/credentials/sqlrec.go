package credentials

import (
	"strconv"
	"strings"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/detectors/structured"
)

// SQL dumps hold account tables as INSERT statements (mysqldump writes
// "INSERT INTO `users` VALUES (1,'ola','Sommer18!'),(2,...);" without a
// column list, so the columns come from the CREATE TABLE above it) and as
// pg_dump COPY blocks (tab-separated rows up to "\."). Each row with a
// clear-text password column is one credential, as in a CSV export.
// Hashed password columns (bcrypt, crypt, {SSHA}, bare hex digests) are
// what a database should hold and are not counted.

const (
	sqlModeNone    = 0
	sqlModeCreate  = 1
	sqlModeValues  = 2
	sqlModeCopy    = 3
	sqlModeSkipIns = 4 // an INSERT without a password column: skip to ';'
)

// sqlRecords follows the SQL statements of a section: the shared layer
// (detectors/structured) reads them; this maps their columns to password
// and user columns.
type sqlRecords struct {
	schema structured.Schema
	tup    structured.Tuples
	mode   int
	copyFs []string

	userCol, pwCol int
	detail         detectors.Safe
}

// sqlLine handles a line of an SQL dump; it returns true when the line
// belonged to an SQL statement (no other rule should read it).
func (s *session) sqlLine(line []byte, n int, emit func(detectors.Finding)) bool {
	q := &s.sql
	switch q.mode {
	case sqlModeCreate:
		if !q.schema.Continue(line) {
			q.mode = sqlModeNone
		}
		return true
	case sqlModeValues, sqlModeSkipIns:
		q.values(s, line, n, emit)
		return true
	case sqlModeCopy:
		if structured.CopyEnd(line) {
			q.mode = sqlModeNone
			return true
		}
		q.copyFs = structured.CopyFields(line, q.copyFs)
		q.row(s, q.copyFs, n, emit)
		return true
	}
	kind, at := structured.Statement(line)
	switch kind {
	case structured.Insert:
		st := q.schema.ParseInsert(line, at, len(line))
		if st.Values < 0 {
			return false
		}
		q.mode = sqlModeValues
		if !q.columns(st.Cols) {
			q.mode = sqlModeSkipIns
		}
		q.tup.Reset()
		q.values(s, line[st.Values:], n, emit)
		return true
	case structured.Create:
		if q.schema.Create(line[at:]) {
			q.mode = sqlModeCreate
		}
		return true
	case structured.Copy:
		st := q.schema.ParseCopy(line, at)
		if !st.Stdin {
			return false
		}
		q.mode = sqlModeCopy
		if !q.columns(st.Cols) {
			q.pwCol = -1
		}
		return true
	}
	return false
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
	var row func([]string, int)
	if q.mode == sqlModeValues {
		row = func(fields []string, line int) { q.row(s, fields, line, emit) }
	}
	if q.tup.Feed(b, n, row) {
		q.mode = sqlModeNone
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
