package nationalid

import (
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// TestSQLCreateAcrossBlocks cuts a mysqldump between blocks at every line
// of its CREATE TABLE: bare 10-digit values count as CPR numbers only by
// their column, so the mapping must survive the cut.
func TestSQLCreateAcrossBlocks(t *testing.T) {
	dk1 := strings.ReplaceAll(Example("dk", 1), "-", "")
	dk2 := strings.ReplaceAll(Example("dk", 2), "-", "")
	acct := Example("no", 99)
	dump := "CREATE TABLE `pasient` (\n  `id` int NOT NULL,\n  `konto` char(11),\n  `cpr` char(10),\n  PRIMARY KEY (`id`)\n);\n" +
		"INSERT INTO `pasient` VALUES (1,'" + acct + "','" + dk1 + "'),(2,'" + acct + "','" + dk2 + "');\n"
	lines := strings.SplitAfter(dump, "\n")
	for cut := 0; cut < 7; cut++ {
		s := New().NewSession(detectors.Section{File: "dump.sql"})
		var out []detectors.Finding
		emit := func(f detectors.Finding) { out = append(out, f) }
		s.Scan([]byte(strings.Join(lines[:cut], "")), 1, emit)
		s.Scan([]byte(strings.Join(lines[cut:], "")), cut+1, emit)
		s.Finish(emit)
		got := secretsOf(out, RuleDK)
		if len(got) != 2 || len(out) != 2 {
			t.Errorf("cut after line %d: %d findings (%d CPR), want the 2 CPR numbers", cut, len(out), len(got))
		}
	}
}
