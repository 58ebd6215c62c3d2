package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// operateShare has three files with findings and one that cannot be
// examined (an encrypted zip).
func operateShare(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"IKT/elever.csv":                "Brukernavn;Passord\n" + plantedUsers[0] + ";" + plantedPass[0] + "\n" + plantedUsers[1] + ";" + plantedPass[1] + "\n",
		"Testdata/register.csv":         "Navn;Fødselsnummer\nTest;" + plantedIDs[0] + "\n",
		"web/node_modules/x/config.env": "DB_PASSWORD=" + plantedPass[2] + "\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "Arkiv.zip"), encryptedZip(t), 0o644)
	return dir
}

// encryptedZip is a zip whose only member has the "encrypted" flag set
// (APPNOTE 4.4.4, bit 0), as ZipCrypto archives have.
func encryptedZip(t *testing.T) []byte {
	b := zipOf(t, map[string]string{"hemmelig.txt": "x\n"})
	// Set bit 0 of the general purpose flags in the local and the central header.
	for _, sig := range []string{"PK\x03\x04", "PK\x01\x02"} {
		i := strings.Index(string(b), sig)
		off := 6
		if sig == "PK\x01\x02" {
			off = 8
		}
		b[i+off] |= 1
	}
	return b
}

func TestConfigExcludesAndSuppressions(t *testing.T) {
	share := operateShare(t)
	conf := filepath.Join(t.TempDir(), "credsweep.yaml")
	today := time.Now().Format(time.DateOnly)
	yesterday := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	os.WriteFile(conf, []byte(fmt.Sprintf(`targets:
  - name: share
    url: %s
    category: credsweep/test-share
exclude:
  paths: ["**/node_modules/**"]
fail-on: warning
suppressions:
  - rule: national-id/no-fodselsnummer
    path: "Testdata/**"
    reason: Tenor test register
    owner: dpo@skole.example
    created: %s
  - rule: secret/github-token
    reason: matches nothing
    owner: it@skole.example
    created: %s
accept-not-examined:
  - path: "Arkiv.zip"
    reason: encrypted archive kept by law
    owner: it@skole.example
`, share, today, today)), 0o644)
	sarif := filepath.Join(t.TempDir(), "r.sarif")
	res := runCLI(t, nil, "scan", "--config", conf, "--progress", "never", "--sarif", sarif)
	// The password table is a finding; the suppressed register and the
	// accepted archive are not a reason for exit 1 or 3.
	if res.code != exitFindings {
		t.Fatalf("exit %d, want 1\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	validateSARIFAllowing(t, sarif, "gh-suppressions")
	raw := string(mustRead(t, sarif))
	doc := readSARIF(t, sarif)
	got := map[string]bool{}
	for _, r := range doc.Runs[0].Results {
		got[r.RuleID+" "+r.uri()] = true
	}
	if got["secret/config-secret web/node_modules/x/config.env"] {
		t.Error("an excluded file was scanned")
	}
	if !got["credentials/password-table IKT/elever.csv"] || !got["national-id/no-fodselsnummer Testdata/register.csv"] {
		t.Errorf("results %v", got)
	}
	if !strings.Contains(raw, `"justification": "Tenor test register"`) || !strings.Contains(raw, `"status": "accepted"`) {
		t.Error("the suppressed result has no SARIF suppression")
	}
	if !strings.Contains(raw, "credsweep/test-share/") {
		t.Error("the target's category is not used")
	}
	if !strings.Contains(res.stdout, "stale, matched nothing: rule secret/github-token") || !strings.Contains(res.stdout, "1 results suppressed, 2 not-examined items accepted") {
		t.Errorf("summary:\n%s", res.stdout)
	}

	// Suppress the password table too, with an expiry of yesterday: it
	// stops applying and is reported as expired.
	os.WriteFile(filepath.Join(t.TempDir(), "x"), nil, 0o644)
	ignore := filepath.Join(t.TempDir(), "ignore.yaml")
	os.WriteFile(ignore, []byte(fmt.Sprintf(`suppressions:
  - rule: credentials/password-table
    reason: temporary
    owner: it@skole.example
    created: 2026-01-01
    expires: %s
`, yesterday)), 0o644)
	res = runCLI(t, nil, "scan", "--config", conf, "--suppressions", ignore, "--progress", "never")
	if res.code != exitFindings || !strings.Contains(res.stdout, "expired, no longer applied") {
		t.Fatalf("expired suppression: exit %d\n%s", res.code, res.stdout)
	}
}

func TestBaselineThenOnlyNew(t *testing.T) {
	share := operateShare(t)
	os.Remove(filepath.Join(share, "Arkiv.zip"))
	sarif := filepath.Join(t.TempDir(), "r.sarif")
	if res := runCLI(t, nil, "scan", "--progress", "never", "--sarif", sarif, share); res.code != exitFindings {
		t.Fatalf("exit %d", res.code)
	}
	ignore := filepath.Join(t.TempDir(), "credsweep-ignore.yaml")
	res := runCLI(t, nil, "baseline", "--sarif", sarif, "--owner", "it@skole.example", "-o", ignore)
	if res.code != 0 || !strings.Contains(res.stdout, "suppressions written") {
		t.Fatalf("baseline: exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	if res := runCLI(t, nil, "scan", "--progress", "never", "--suppressions", ignore, share); res.code != 0 {
		t.Fatalf("everything is baselined: exit %d, want 0\n%s", res.code, res.stdout)
	}
	os.WriteFile(filepath.Join(share, "ny.csv"), []byte("Brukernavn;Passord\n"+plantedUsers[3]+";"+plantedPass[3]+"\n"+plantedUsers[4]+";"+plantedPass[4]+"\n"), 0o644)
	if res := runCLI(t, nil, "scan", "--progress", "never", "--suppressions", ignore, share); res.code != exitFindings {
		t.Fatalf("a new finding: exit %d, want 1\n%s", res.code, res.stdout)
	}
}

func TestScopeFlags(t *testing.T) {
	share := operateShare(t)
	os.Remove(filepath.Join(share, "Arkiv.zip"))
	sarif := filepath.Join(t.TempDir(), "r.sarif")
	res := runCLI(t, nil, "scan", "--progress", "never", "--sarif", sarif, "--exclude", "Testdata/**",
		"--rules-disable", "secret/config-secret", "--no-exposure-raise", share)
	if res.code != exitFindings {
		t.Fatalf("exit %d\n%s", res.code, res.stderr)
	}
	for _, r := range readSARIF(t, sarif).Runs[0].Results {
		if r.RuleID == "secret/config-secret" || strings.HasPrefix(r.uri(), "Testdata/") {
			t.Errorf("excluded or disabled: %s %s", r.RuleID, r.uri())
		}
		if r.RuleID == "credentials/password-table" && r.Level != "error" {
			t.Errorf("level %s", r.Level)
		}
	}
	if res := runCLI(t, nil, "scan", "--rules-disable", "no/such-rule", share); res.code != exitFatal {
		t.Errorf("unknown rule: exit %d", res.code)
	}
}
