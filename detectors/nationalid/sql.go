package nationalid

import (
	"github.com/credsweep/credsweep/detectors/grams"
	"github.com/credsweep/credsweep/detectors/structured"
)

// SQL dumps name their columns in the INSERT statement, in CREATE TABLE
// (mysqldump's extended INSERTs have no column list) or in COPY ... FROM
// stdin (pg_dump). The shared layer (detectors/structured) reads the
// statements; here their column names become labels.

// sqlLines finds SQL statements that start a line: INSERT INTO, CREATE
// TABLE and COPY ... FROM stdin. A CREATE TABLE may run over lines and
// over blocks: its lines go to the schema until it closes.
func (s *session) sqlLines(b []byte) {
	for ls := 0; ls < len(b); {
		if !s.schema.Pending() {
			// Only a line that may start a statement needs a look.
			if ls = nextStatementLine(b, ls); ls >= len(b) {
				return
			}
		}
		ls = s.sqlStep(b, ls)
	}
}

// sqlStep reads the line at ls: the next line of a CREATE TABLE, or a
// statement that starts it. It returns the next line's start.
func (s *session) sqlStep(b []byte, ls int) int {
	le := lineEnd(b, ls)
	line := b[ls:le]
	if s.schema.Pending() {
		if !s.schema.Continue(line) {
			s.sqlLabels = nil // a table's columns may have changed
		}
	} else if kind, at := structured.Statement(line); kind != structured.None {
		switch kind {
		case structured.Insert:
			s.onInsert(b, ls, ls+at)
		case structured.Create:
			if !s.schema.Create(line[at:]) {
				s.sqlLabels = nil
			}
		case structured.Copy:
			s.onCopy(line, ls, at)
		}
	}
	return le + 1
}

// statementStarts finds the first three bytes of the keywords a statement
// starts with (structured.Statement): INSERT, REPLACE, CREATE, COPY.
var statementStarts = grams.New([]grams.Piece{
	{Bytes: [3]byte{'i', 'n', 's'}}, {Bytes: [3]byte{'r', 'e', 'p'}},
	{Bytes: [3]byte{'c', 'r', 'e'}}, {Bytes: [3]byte{'c', 'o', 'p'}},
}, 1)

// nextStatementLine returns the start of the first line at or after from
// (a line start) whose first byte after spaces and tabs starts a statement
// keyword, or len(b).
func nextStatementLine(b []byte, from int) int {
	for p := range statementStarts.All(b, from) {
		ls := p
		for ls > from && (b[ls-1] == ' ' || b[ls-1] == '\t') {
			ls--
		}
		if ls == from || b[ls-1] == '\n' {
			return ls
		}
	}
	return len(b)
}

// labels maps column names to labels.
func labels(names []string) []colLabel {
	if len(names) == 0 {
		return nil
	}
	cols := make([]colLabel, len(names))
	for i, n := range names {
		cols[i] = colLabel{lab: classify([]byte(n))}
	}
	return cols
}

// tableLabels returns the labels of a CREATE TABLE's columns, computed
// once per table.
func (s *session) tableLabels(table string) []colLabel {
	if cols, ok := s.sqlLabels[table]; ok {
		return cols
	}
	cols := labels(s.schema.Columns(table))
	if s.sqlLabels == nil {
		s.sqlLabels = map[string][]colLabel{}
	}
	if len(s.sqlLabels) < structured.MaxTables {
		s.sqlLabels[table] = cols
	}
	return cols
}

// onInsert starts an SQL statement: values after VALUES map to the column
// list, or to the CREATE TABLE columns of the table.
func (s *session) onInsert(b []byte, ls, i int) {
	st := s.schema.ParseInsert(b, i, maxHeaderLine)
	var cols []colLabel
	if st.Listed {
		cols = labels(st.Cols)
	} else {
		cols = s.tableLabels(st.Table)
	}
	at := st.End + 1
	if st.Values >= 0 {
		at = st.Values
	}
	s.events = append(s.events, event{at: at, sql: true, cols: cols, start: ls})
}

// onCopy handles pg_dump's "COPY t (a, b) FROM stdin;": tab-separated rows
// follow.
func (s *session) onCopy(line []byte, ls, i int) {
	st := s.schema.ParseCopy(line, i)
	if len(st.Cols) == 0 || !st.Stdin {
		return
	}
	var cols []colLabel
	if st.Listed {
		cols = labels(st.Cols)
	} else {
		cols = s.tableLabels(st.Table)
	}
	s.events = append(s.events, event{at: ls + len(line) + 1, sep: '\t', nsep: len(cols) - 1, cols: cols, ctry: -1})
}
