package credentials

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// run feeds data to a fresh session in blocks of whole lines (chunk lines
// per block, 0 = one block) and returns the findings.
func run(t testing.TB, sec detectors.Section, data []byte, chunk int) []detectors.Finding {
	t.Helper()
	var out []detectors.Finding
	emit := func(f detectors.Finding) { out = append(out, f) }
	s := New().NewSession(sec)
	if chunk <= 0 {
		s.Scan(data, 1, emit)
	} else {
		lines := bytes.SplitAfter(data, []byte("\n"))
		for i := 0; i < len(lines); i += chunk {
			j := min(i+chunk, len(lines))
			block := bytes.Join(lines[i:j], nil)
			// The block is only valid during Scan: scribble over it after.
			s.Scan(block, i+1, emit)
			for k := range block {
				block[k] = 'Z'
			}
		}
	}
	s.Finish(emit)
	return out
}

// counts is what the scanner reports: distinct Secrets per rule.
func counts(fs []detectors.Finding) map[string]int {
	seen := map[string]map[string]bool{}
	for _, f := range fs {
		if seen[f.Rule] == nil {
			seen[f.Rule] = map[string]bool{}
		}
		seen[f.Rule][f.Secret] = true
	}
	out := map[string]int{}
	for r, m := range seen {
		out[r] = len(m)
	}
	return out
}

// checkSafe asserts findings are well formed and never show the password.
func checkSafe(t testing.TB, fs []detectors.Finding) {
	t.Helper()
	for _, f := range fs {
		i := strings.LastIndexByte(f.Secret, 0)
		if i < 0 || f.Secret == "" || f.Line < 1 || f.Confidence == 0 {
			t.Fatalf("malformed finding %+v", f)
		}
		pw := f.Secret[i+1:]
		if pw == "" || strings.Contains(f.Masked, pw) {
			t.Fatalf("password shown: rule %s masked %q detail %q", f.Rule, f.Masked, f.Detail)
		}
		if !strings.HasSuffix(f.Masked, "/ ********") {
			t.Fatalf("unexpected mask %q", f.Masked)
		}
	}
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		file  string
		table bool // fed as an extracted table section
		want  map[string]int
	}{
		// 200 pupils: 11 rows have an empty or "-" password.
		{"elevliste.csv", false, map[string]int{RulePasswordTable: 189}},
		{"elever_sv.tsv", false, map[string]int{RulePasswordTable: 48}},
		{"elever_da.tab", true, map[string]int{RulePasswordTable: 29}},
		{"oppilaat_fi.csv", false, map[string]int{RulePasswordTable: 20}},
		{"nemendur_is.csv", false, map[string]int{RulePasswordTable: 15}},
		{"schueler_de.csv", false, map[string]int{RulePasswordTable: 25}},
		// 43 rows of which 3 "<set at logon>", then a second table of 10.
		{"ad_export_en.csv", false, map[string]int{RulePasswordTable: 50}},
		{"headerless.csv", false, map[string]int{RulePasswordTable: 30}},
		{"combo.txt", false, map[string]int{RuleComboList: 25}},
		{"notes.txt", false, map[string]int{RulePasswordInText: 11}},
		{"users.ldif", false, map[string]int{RuleLDIFPassword: 4}},
		{"htpasswd", false, map[string]int{RuleHtpasswd: 4}},
		{"shadow.bak", false, map[string]int{RuleUnixShadow: 3}},
		{"passwd.old", false, map[string]int{RuleUnixShadow: 1}},
		// Administrator and 5 pupils; not krbtgt, Guest, DefaultAccount,
		// machine accounts or disabled accounts.
		{"secretsdump.txt", false, map[string]int{RuleHashDump: 6}},
		// Decoys.
		{"policy.txt", false, nil},
		{"reset_mail.txt", false, nil},
		{"masked.csv", false, nil},
		{"userlist.csv", false, nil},
		{"pwdlastset.csv", false, nil},
		{"env.example", false, nil},
		{"config.yaml", false, nil},
		{"app.log", false, nil},
		{"products.csv", false, nil},
		{"files.csv", false, nil},
	}
	for _, tc := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		names := []string{tc.file}
		if !tc.table && (strings.HasSuffix(tc.file, ".yaml") || strings.HasSuffix(tc.file, ".log")) {
			names = append(names, tc.file+".txt") // decoys must hold without the extension hint
		}
		for _, name := range names {
			for _, chunk := range []int{0, 1, 3, 17} {
				sec := detectors.Section{File: "share/" + name, Table: tc.table}
				fs := run(t, sec, append([]byte(nil), data...), chunk)
				checkSafe(t, fs)
				got := counts(fs)
				if len(got) != len(tc.want) {
					t.Errorf("%s chunk %d: got %v, want %v", name, chunk, got, tc.want)
					continue
				}
				for r, n := range tc.want {
					if got[r] != n {
						t.Errorf("%s chunk %d: %s = %d, want %d", name, chunk, r, got[r], n)
					}
				}
			}
		}
	}
}

func TestRules(t *testing.T) {
	rs := New().Rules()
	if len(rs) != 8 {
		t.Fatalf("%d rules", len(rs))
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if !strings.HasPrefix(r.ID, "credentials/") || seen[r.ID] || r.Name == "" || r.Short == "" || r.Full == "" ||
			r.Help == "" || r.HelpMarkdown == "" || r.Severity < 8.5 || r.Severity > 9.5 ||
			r.Level != detectors.LevelError || len(r.Tags) < 2 || r.PerSecret {
			t.Errorf("incomplete rule %+v", r)
		}
		seen[r.ID] = true
	}
}
