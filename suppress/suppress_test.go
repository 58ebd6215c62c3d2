package suppress

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner"
)

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"no selector", "suppressions:\n  - reason: r\n    owner: o\n    created: 2026-01-01\n", "line 2: needs a fingerprint, or a rule and/or a path"},
		{"no reason", "suppressions:\n  - rule: x\n    owner: o\n    created: 2026-01-01\n", "line 2: needs a reason"},
		{"no owner", "suppressions:\n  - rule: x\n    reason: r\n    created: 2026-01-01\n", "needs an owner"},
		{"no date", "suppressions:\n  - rule: x\n    reason: r\n    owner: o\n", "needs a created date"},
		{"bad glob", "suppressions:\n  - path: 'a/[b'\n    reason: r\n    owner: o\n    created: 2026-01-01\n", "bad path glob"},
		{"bad dismissal", "suppressions:\n  - rule: x\n    reason: r\n    owner: o\n    created: 2026-01-01\n    dismissed-reason: meh\n", "dismissed-reason must be"},
		{"unknown key", "suppressions:\n  - rule: x\n    reason: r\n    owner: o\n    created: 2026-01-01\n    colour: red\n", "colour"},
		{"bad date", "suppressions:\n  - rule: x\n    reason: r\n    owner: o\n    created: 1st of May\n", "line 5: \"1st of May\" is not a date"},
		{"accept without owner", "accept-not-examined:\n  - path: 'x/**'\n    reason: r\n", "line 2: needs a reason and an owner"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func result(rule, path, fp string, members ...string) scanner.Result {
	return scanner.Result{Rule: detectors.Rule{ID: rule}, Location: scanner.Location{Path: path, Members: members}, Fingerprint: fp}
}

func TestApply(t *testing.T) {
	f, err := Parse([]byte(`suppressions:
  - fingerprint: "aaaa:1"
    reason: known test register
    owner: dpo@skole.example
    created: 2026-11-01
  - rule: secret/config-secret
    path: "dev/**"
    reason: development keys
    owner: it@skole.example
    created: 2026-11-01
    expires: 2026-12-06
  - rule: national-id/no-fodselsnummer
    path: "arkiv/**"
    reason: archive under review
    owner: dpo@skole.example
    created: 2026-11-01
    expires: 2026-12-07
  - path: "nowhere/**"
    reason: gone
    owner: it@skole.example
    created: 2026-10-01
accept-not-examined:
  - path: "backup/lovpålagt.zip"
    reason: encrypted archive kept by law
    owner: arkiv@skole.example
`))
	if err != nil {
		t.Fatal(err)
	}
	rep := &scanner.Report{
		Results: []scanner.Result{
			result("credentials/password-table", "IKT/elever.csv", "aaaa:1"),
			result("secret/config-secret", "dev/app/.env", "bbbb:1"),
			result("national-id/no-fodselsnummer", "arkiv/2019/register.csv", "cccc:1"),
			result("national-id/no-fodselsnummer", "Adm/register.csv", "dddd:1"),
		},
		Notifications: []scanner.Notification{
			{Outcome: scanner.Partial, Reason: "encrypted", Location: scanner.Location{Path: "backup/lovpålagt.zip", Members: []string{"inner/x.zip"}}},
			{Outcome: scanner.Failed, Reason: "access denied", Location: scanner.Location{Path: "hr/lønn.xlsx"}},
		},
	}
	// 7 December: the entry that expires on the 6th no longer applies;
	// the one that expires on the 7th still does, for the whole day.
	now := time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC)
	d := f.Apply(rep, now)
	wantSuppressed := []bool{true, false, true, false}
	for i, r := range rep.Results {
		if got := r.Suppression != nil; got != wantSuppressed[i] {
			t.Errorf("%s: suppressed %v, want %v", r.Location.Path, got, wantSuppressed[i])
		}
	}
	if j := rep.Results[0].Suppression; j == nil || j.Justification != "known test register" || j.Owner != "dpo@skole.example" {
		t.Errorf("suppression of the first result: %+v", j)
	}
	if d.Suppressed != 2 || d.Accepted != 1 {
		t.Errorf("decisions %+v: want 2 suppressed, 1 accepted", d)
	}
	if len(d.Expired) != 1 || !strings.Contains(d.Expired[0], "expired 2026-12-06") {
		t.Errorf("expired %q", d.Expired)
	}
	if len(d.Stale) != 1 || !strings.Contains(d.Stale[0], "path nowhere/**") {
		t.Errorf("stale %q", d.Stale)
	}
	if rep.Notifications[0].Accepted == nil || rep.Notifications[1].Accepted != nil {
		t.Error("accepting an archive must accept its members, and nothing else")
	}
	if rep.Incomplete() != true {
		t.Error("the access-denied file still makes the run incomplete")
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	results := []scanner.Result{
		result("credentials/password-table", "IKT/elever.csv", "aaaa:1"),
		result("credentials/password-table", "IKT/elever.csv", "aaaa:1"),
		result("secret/private-key", "Drift/id_rsa", "bbbb:1"),
	}
	f := Baseline(results, "it@skole.example", time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	path := filepath.Join(t.TempDir(), "credsweep-ignore.yaml")
	if err := f.Write(path); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Suppressions) != 2 {
		t.Fatalf("%d entries, want 2 (one per fingerprint)", len(back.Suppressions))
	}
	rep := &scanner.Report{Results: results}
	if d := back.Apply(rep, time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)); d.Suppressed != 3 || len(d.Stale) != 0 {
		t.Errorf("the baseline applied to its own results: %+v", d)
	}
}
