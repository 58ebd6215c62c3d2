package structured

import (
	"reflect"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		line   string
		sep    byte
		quoted bool
		want   []string
	}{
		{"a;b;c", ';', true, []string{"a", "b", "c"}},
		{`"a;b";c`, ';', true, []string{`"a;b"`, "c"}},
		{`"a;b";c`, ';', false, []string{`"a`, `b"`, "c"}},
		{"a\t\tb", '\t', false, []string{"a", "", "b"}},
		{"x", ',', true, []string{"x"}},
		{"a|b|", '|', true, []string{"a", "b", ""}},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range Split([]byte(tt.line), tt.sep, tt.quoted, nil) {
			got = append(got, string(c))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q, %q, %v) = %q, want %q", tt.line, tt.sep, tt.quoted, got, tt.want)
		}
		if n := CountSeps([]byte(tt.line), tt.sep, tt.quoted); n != len(tt.want)-1 {
			t.Errorf("CountSeps(%q) = %d, want %d", tt.line, n, len(tt.want)-1)
		}
		for i, w := range tt.want {
			c, ok := CellAt([]byte(tt.line), 0, len(tt.line), tt.sep, tt.quoted, i)
			if !ok || string(c) != w {
				t.Errorf("CellAt(%q, %d) = %q, %v, want %q", tt.line, i, c, ok, w)
			}
		}
		if _, ok := CellAt([]byte(tt.line), 0, len(tt.line), tt.sep, tt.quoted, len(tt.want)); ok {
			t.Errorf("CellAt(%q, %d) found a cell past the end", tt.line, len(tt.want))
		}
	}
}

func TestCellText(t *testing.T) {
	for in, want := range map[string]string{
		` "a""b" `: `a"b`, `" x "`: "x", " plain ": "plain", `"`: `"`, `""`: "",
	} {
		if got := CellText([]byte(in)); got != want {
			t.Errorf("CellText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := string(TrimName([]byte(" `Fødselsnummer`\u00a0"))); got != "Fødselsnummer" {
		t.Errorf("TrimName = %q", got)
	}
}

func TestCursor(t *testing.T) {
	line := []byte(`a,"b,c",d`)
	var c Cursor
	c.Reset(0)
	for _, tt := range []struct{ to, cell int }{{0, 0}, {2, 1}, {5, 1}, {8, 2}, {9, 2}} {
		c.Advance(line, tt.to, ',', true)
		if c.Cell() != tt.cell {
			t.Errorf("at %d: cell %d, want %d", tt.to, c.Cell(), tt.cell)
		}
	}
}

func TestDelims(t *testing.T) {
	if d := Delims(detectors.Section{Table: true}); string(d) != "\t" || Quoted(detectors.Section{Table: true}) {
		t.Errorf("table section: delims %q", d)
	}
	if d := Delims(detectors.Section{}); string(d) != ";\t,|" || !Quoted(detectors.Section{}) {
		t.Errorf("text section: delims %q", d)
	}
}

func TestStatement(t *testing.T) {
	tests := []struct {
		line string
		kind Kind
		rest string
	}{
		{"INSERT INTO `t` VALUES (1);", Insert, "`t` VALUES (1);"},
		{"  insert ignore into t values (1);", Insert, "t values (1);"},
		{"REPLACE INTO t VALUES (1);", Insert, "t VALUES (1);"},
		{"CREATE TABLE IF NOT EXISTS t (", Create, "IF NOT EXISTS t ("},
		{"\tCOPY public.t (a) FROM stdin;", Copy, "public.t (a) FROM stdin;"},
		{"Insert the card", None, ""},
		{"copy", None, ""},
		{"", None, ""},
	}
	for _, tt := range tests {
		k, at := Statement([]byte(tt.line))
		if k != tt.kind || k != None && tt.line[at:] != tt.rest {
			t.Errorf("Statement(%q) = %d, %q; want %d, %q", tt.line, k, tt.line[at:], tt.kind, tt.rest)
		}
	}
}

func TestName(t *testing.T) {
	for in, want := range map[string]string{
		"`db`.`Users` (": "users", "public.accounts ": "accounts", `"Elever"`: "elever",
		"[dbo].[Ansatte]": "ansatte", "  brukere(": "brukere", "(": "", "Lösenord,": "lösenord",
	} {
		if got, _ := Name([]byte(in), 0); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDefs(t *testing.T) {
	tests := []struct {
		in       string
		want     []string
		complete bool
	}{
		{"(a, b char(11) DEFAULT 'x,y', PRIMARY KEY (a), KEY k (b))", []string{"a", "b"}, true},
		{"(`id` int NOT NULL,\n `passord` varchar(64))", []string{"id", "passord"}, true},
		{"(id, navn, fnr)", []string{"id", "navn", "fnr"}, true},
		{"(id int, navn text", []string{"id"}, false},
		{"id", nil, false},
	}
	for _, tt := range tests {
		got, _, complete := Defs([]byte(tt.in), 0, len(tt.in))
		if !reflect.DeepEqual(got, tt.want) || complete != tt.complete {
			t.Errorf("Defs(%q) = %q, %v; want %q, %v", tt.in, got, complete, tt.want, tt.complete)
		}
	}
}

// TestSchemaAcrossLines feeds a CREATE TABLE line by line, as a scanner's
// blocks cut it: the mapping must not depend on where the cut falls.
func TestSchemaAcrossLines(t *testing.T) {
	stmt := "CREATE TABLE IF NOT EXISTS `skole`.`elever` (\n  `id` int NOT NULL,\n  `navn` varchar(64) DEFAULT 'a,b)',\n" +
		"  `fnr` char(11),\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;"
	lines := strings.Split(stmt, "\n")
	var s Schema
	kind, at := Statement([]byte(lines[0]))
	if kind != Create {
		t.Fatalf("kind %d", kind)
	}
	open := s.Create([]byte(lines[0][at:]))
	for i, l := range lines[1:] {
		if !open {
			t.Fatalf("closed before line %d", i+2)
		}
		open = s.Continue([]byte(l))
	}
	if open || s.Pending() {
		t.Fatal("still open after the statement")
	}
	if got, want := s.Columns("elever"), []string{"id", "navn", "fnr"}; !reflect.DeepEqual(got, want) {
		t.Errorf("columns %q, want %q", got, want)
	}
	// One line.
	if s.Create([]byte("users (id int, password text);")) {
		t.Error("one-line CREATE left open")
	}
	if got := s.Columns("users"); !reflect.DeepEqual(got, []string{"id", "password"}) {
		t.Errorf("users: %q", got)
	}
}

func TestParseInsert(t *testing.T) {
	var s Schema
	s.Create([]byte("users (id int, username text, password text);"))
	tests := []struct {
		in     string
		table  string
		cols   []string
		listed bool
		values string // text after VALUES, "" for none on the line
	}{
		{"INSERT INTO `users` VALUES (1,'a','b');", "users", []string{"id", "username", "password"}, false, " (1,'a','b');"},
		{"INSERT INTO x (a, `b`) VALUES (1,2);", "x", []string{"a", "b"}, true, " (1,2);"},
		{"INSERT INTO unknown VALUES (1);", "unknown", nil, false, " (1);"},
		{"INSERT INTO users\nVALUES (1);", "users", []string{"id", "username", "password"}, false, " (1);"},
		{"INSERT INTO users (id,\n password) SELECT 1;", "users", []string{"id", "password"}, true, ""},
	}
	for _, tt := range tests {
		b := []byte(tt.in)
		_, at := Statement(b)
		st := s.ParseInsert(b, at, len(b))
		got := ""
		if st.Values >= 0 {
			got = tt.in[st.Values:st.End]
		}
		if st.Table != tt.table || !reflect.DeepEqual(st.Cols, tt.cols) || st.Listed != tt.listed || got != tt.values {
			t.Errorf("ParseInsert(%q) = %+v (values %q)", tt.in, st, got)
		}
	}
}

func TestParseCopy(t *testing.T) {
	var s Schema
	line := []byte("COPY public.borgere (id, navn, kennitala) FROM stdin;")
	_, at := Statement(line)
	st := s.ParseCopy(line, at)
	if st.Table != "borgere" || !reflect.DeepEqual(st.Cols, []string{"id", "navn", "kennitala"}) || !st.Stdin {
		t.Errorf("ParseCopy = %+v", st)
	}
	if got := CopyFields([]byte("1\t\\N\tx"), nil); !reflect.DeepEqual(got, []string{"1", "", "x"}) {
		t.Errorf("CopyFields = %q", got)
	}
	if !CopyEnd([]byte(`\.`)) || CopyEnd([]byte(`\.x`)) {
		t.Error("CopyEnd")
	}
}

func TestTuples(t *testing.T) {
	var tp Tuples
	var rows [][]string
	var at []int
	row := func(f []string, n int) {
		rows = append(rows, append([]string(nil), f...))
		at = append(at, n)
	}
	tp.Reset()
	done := tp.Feed([]byte(" (1,'ola','Som''mer\\'18'),(2, NULL ,'multi"), 1, row)
	if done {
		t.Fatal("done too early")
	}
	done = tp.Feed([]byte("line'),"), 2, row)
	done = done || tp.Feed([]byte("(3,'a;b',f(x,y));"), 3, row)
	if !done {
		t.Fatal("statement end not seen")
	}
	want := [][]string{{"1", "ola", "Som'mer'18"}, {"2", "", "multi\nline"}, {"3", "a;b", "fxy"}} // nested parentheses are not a field's text
	if !reflect.DeepEqual(rows, want) || !reflect.DeepEqual(at, []int{1, 1, 3}) {
		t.Errorf("rows %q at %v, want %q at [1 1 3]", rows, at, want)
	}
}

func TestFieldCursor(t *testing.T) {
	b := []byte("(1,'a,b','c'),(2,'d')")
	c := NewFieldCursor(0, true)
	for _, tt := range []struct{ to, field int }{{1, 0}, {3, 1}, {9, 2}, {16, 0}, {18, 1}} {
		c.Advance(b, tt.to)
		if !c.Known() || c.Field() != tt.field {
			t.Errorf("at %d: field %d known %v, want %d", tt.to, c.Field(), c.Known(), tt.field)
		}
	}
	// A cut line: unknown until the next tuple.
	u := NewFieldCursor(0, false)
	u.Advance(b, 5)
	if u.Known() {
		t.Error("unsynced cursor knows its field")
	}
	u.Advance(b, 16)
	if !u.Known() || u.Field() != 0 {
		t.Errorf("after ),(: field %d known %v", u.Field(), u.Known())
	}
}
