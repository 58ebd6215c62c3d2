package credentials

import (
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// TestSQLCreateAcrossBlocks cuts a mysqldump between blocks at every line
// of its CREATE TABLE: the INSERT without a column list must still map
// its values to the password column.
func TestSQLCreateAcrossBlocks(t *testing.T) {
	dump := "-- MySQL dump\nCREATE TABLE `users` (\n  `id` int NOT NULL,\n  `username` varchar(64),\n" +
		"  `password` varchar(64),\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n" +
		"INSERT INTO `users` VALUES (1,'ola','Sommer18!'),(2,'kari','Vinter19#');\n"
	lines := strings.SplitAfter(dump, "\n")
	for cut := 1; cut < 8; cut++ {
		s := New().NewSession(detectors.Section{File: "dump.sql"})
		secrets := map[string]bool{}
		emit := func(f detectors.Finding) {
			if f.Rule == RulePasswordTable {
				secrets[f.Secret] = true
			}
		}
		s.Scan([]byte(strings.Join(lines[:cut], "")), 1, emit)
		s.Scan([]byte(strings.Join(lines[cut:], "")), cut+1, emit)
		s.Finish(emit)
		if len(secrets) != 2 || !secrets["ola\x00Sommer18!"] || !secrets["kari\x00Vinter19#"] {
			t.Errorf("cut after line %d: %d credentials, want ola and kari", cut, len(secrets))
		}
	}
}
