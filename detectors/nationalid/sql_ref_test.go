package nationalid

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// sqlLinesRef is sqlLines line by line, every line read by sqlStep, as it
// was before the shared filter: the reference the skipping walk must equal.
func (s *session) sqlLinesRef(b []byte) {
	for ls := 0; ls < len(b); {
		ls = s.sqlStep(b, ls)
	}
}

func sameSQL(t *testing.T, blocks [][]byte) {
	t.Helper()
	d := New().(*detector)
	fast := d.NewSession(detectors.Section{File: "dump.sql"}).(*session)
	ref := d.NewSession(detectors.Section{File: "dump.sql"}).(*session)
	for _, b := range blocks {
		fast.events, ref.events = fast.events[:0], ref.events[:0]
		fast.sqlLines(b)
		ref.sqlLinesRef(b)
		got := fmt.Sprintf("%+v %v %v", fast.events, fast.sqlLabels, fast.schema.Pending())
		want := fmt.Sprintf("%+v %v %v", ref.events, ref.sqlLabels, ref.schema.Pending())
		if got != want {
			t.Fatalf("sqlLines(%q):\nfast %s\nref  %s", b, got, want)
		}
	}
}

var sqlWords = []string{"INSERT INTO ", "insert into ", "INSERT IGNORE INTO ", "REPLACE INTO ", "CREATE TABLE ", "create table ",
	"COPY ", "copy ", "elever", "`elever` ", "(fnr, navn) ", "VALUES ", "(", ")", ",", ";", "'01019012345'", " ", " ", "\t", "\n", "\n",
	"fnr varchar(11)", "personnummer", " FROM stdin;", "\\.", "ins", "cop", "cre", "rep", "x", "-- comment"}

func TestSQLLinesVsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	for it := 0; it < 5000; it++ {
		var blocks [][]byte
		for k := 1 + r.IntN(3); k > 0; k-- {
			var b []byte
			for w := r.IntN(80); w > 0; w-- {
				b = append(b, sqlWords[r.IntN(len(sqlWords))]...)
			}
			blocks = append(blocks, b)
		}
		sameSQL(t, blocks)
	}
}

func FuzzSQLLines(f *testing.F) {
	f.Add([]byte("CREATE TABLE elever (\n  fnr varchar(11),\n  navn text\n);\nINSERT INTO elever VALUES ('01019012345','Ola');\n"))
	f.Fuzz(func(t *testing.T, b []byte) { sameSQL(t, [][]byte{b}) })
}
