package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var (
	ruleTable = detectors.Rule{ID: "credentials/password-table", Name: "Password table", Short: "Table of user names with passwords",
		Full: "A table lists accounts with clear-text passwords.", Help: "Remove the file and reset the passwords.",
		HelpMarkdown: "**Remove** the file and reset the passwords.", Severity: 9.1, Level: detectors.LevelError, Tags: []string{"credentials"}}
	ruleID = detectors.Rule{ID: "national-id/no-fodselsnummer", Name: "Norwegian fødselsnummer", Short: "Norwegian national ID number",
		Full: "Checksum-valid fødselsnummer.", Help: "Move the data to an approved system.", Severity: 7.5, Level: detectors.LevelWarning}
	ruleKey = detectors.Rule{ID: "secret/private-key", Name: "Private key", Short: "Private key",
		Full: "A private key.", Help: "Rotate the key.", Severity: 9.5, Level: detectors.LevelError, PerSecret: true}
)

// sampleReport covers every shape the writers handle: SMB and Drive
// locations, archive members, odd file names, test data, exposure levels,
// notifications of each outcome.
func sampleReport() *scanner.Report {
	start := time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)
	return &scanner.Report{
		Targets: []string{"smb://fs01/skole"},
		Rules:   []detectors.Rule{ruleTable, ruleID, ruleKey},
		Results: []scanner.Result{
			{Rule: ruleTable, Source: "smb", Location: scanner.Location{Path: "smb/fs01/skole/IKT/Elever 2018.xlsx", Display: `\\fs01\skole\IKT\Elever 2018.xlsx`},
				Section: "sheet Elever", Line: 3, Count: 35000, Samples: []string{"ola.n*** / ********"}, Details: []string{"columns 'brukernavn' + 'passord'"},
				Confidence: detectors.ConfidenceHigh, Fingerprint: "0123456789abcdef0123456789abcdef:1",
				Exposure: connectors.Exposure{Audience: connectors.AudiencePublic, Owner: `BUILTIN\Administrators`, Readers: []string{"Everyone"}}},
			{Rule: ruleID, Source: "smb", Location: scanner.Location{Path: "smb/fs01/skole/backup #1.zip", Members: []string{"dir/fnr?.csv"}, Display: `\\fs01\skole\backup #1.zip!/dir/fnr?.csv`},
				Line: 2, Count: 4, TestCount: 4, Samples: []string{"014190*****"}, Confidence: detectors.ConfidenceHigh,
				Fingerprint: "11111111111111111111111111111111:1", Exposure: connectors.Exposure{Audience: connectors.AudienceRestricted, Readers: []string{`SKOLE\rektor`}}},
			{Rule: ruleKey, Source: "gdrive", Location: scanner.Location{Path: "gdrive/1AbC/id_rsa: backup", Display: "My Drive/Drift/id_rsa: backup", Link: "https://drive.google.com/file/d/1AbC/view"},
				Line: 1, Count: 1, Samples: []string{"-----BEGIN RSA PRIVATE KEY----- (1,679 bytes)"}, Confidence: detectors.ConfidenceHigh,
				Fingerprint: "22222222222222222222222222222222:1", Exposure: connectors.Exposure{Audience: connectors.AudienceOrganization, Readers: []string{"domain:example.no"}}},
		},
		Notifications: []scanner.Notification{
			{Location: scanner.Location{Path: "smb/fs01/skole/Ledelse", Display: `\\fs01\skole\Ledelse`}, Outcome: scanner.Failed, Reason: "access denied", Dir: true},
			{Location: scanner.Location{Path: "smb/fs01/skole/bomb.zip", Display: `\\fs01\skole\bomb.zip`}, Outcome: scanner.Partial, Reason: "limit reached: compression ratio 1000 over 200"},
			{Location: scanner.Location{Path: "smb/fs01/skole/new\nline.txt", Display: "\\\\fs01\\skole\\new\nline.txt"}, Outcome: scanner.Skipped, Reason: "larger than --max-file-size"},
		},
		Stats: scanner.Stats{Files: 10, Scanned: 7, Skipped: 1, Partial: 1, Failed: 0, FailedDirs: 1, Bytes: 123456,
			SkipReasons: map[string]int64{"larger than --max-file-size": 1}, Started: start, Duration: 41 * time.Second},
	}
}

func TestSARIFGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := SARIF(&buf, sampleReport(), Meta{ToolVersion: "1.0.0"}); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "sample.sarif")
	if *update {
		os.WriteFile(golden, buf.Bytes(), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("SARIF differs from %s (run go test ./report -update after checking the change)\n%s", golden, buf.String())
	}
	out, err := exec.Command("python3", filepath.Join("..", "testdata", "sarif", "validate-sarif"), "--strict", golden).CombinedOutput()
	if err != nil {
		t.Fatalf("validate-sarif: %v\n%s", err, out)
	}
}

func TestSARIFContent(t *testing.T) {
	var buf bytes.Buffer
	SARIF(&buf, sampleReport(), Meta{ToolVersion: "1.0.0"})
	s := buf.String()
	for _, want := range []string{
		`"uri": "smb/fs01/skole/IKT/Elever%202018.xlsx"`,
		`"uri": "smb/fs01/skole/backup%20%231.zip!/dir/fnr%3F.csv"`,
		`"uri": "gdrive/1AbC/id_rsa%3A%20backup"`,
		`"executionSuccessful": false`,
		`"exposure": "public"`,
		`sheet Elever, row 3`,
		`synthetic test data only`,
		`"security-severity": "9.1"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	// Level: public raises a warning rule to error; test data is a note.
	if l := Level(sampleReport().Results[1]); l != "note" {
		t.Errorf("test data level %s", l)
	}
	r := sampleReport().Results[1]
	r.TestCount = 0
	r.Exposure.Audience = connectors.AudienceOrganization
	if l := Level(r); l != "error" {
		t.Errorf("organization-wide warning level %s, want error", l)
	}
}

func TestURI(t *testing.T) {
	tests := []struct {
		loc  scanner.Location
		want string
	}{
		{scanner.Location{Path: "a/b c.txt"}, "a/b%20c.txt"},
		{scanner.Location{Path: "C:/x"}, "C%3A/x"},
		{scanner.Location{Path: "/abs/æøå.csv"}, "abs/%C3%A6%C3%B8%C3%A5.csv"},
		{scanner.Location{Path: "a.zip", Members: []string{"in/b.tar", "c!.csv"}}, "a.zip!/in/b.tar!/c%21.csv"},
		{scanner.Location{Path: "bad-\xff.txt"}, "bad-%FF.txt"},
	}
	for _, tt := range tests {
		if got := URI(tt.loc); got != tt.want {
			t.Errorf("URI(%+v) = %q, want %q", tt.loc, got, tt.want)
		}
	}
}

func TestTextAndJSONSummaries(t *testing.T) {
	rep := sampleReport()
	var text, js bytes.Buffer
	if err := Text(&text, rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"credentials/password-table", "35000", `\\fs01\skole\Ledelse: access denied`, `new\nline.txt`, "Incomplete"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text summary lacks %q:\n%s", want, text.String())
		}
	}
	if err := JSON(&js, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"complete": false`) || !strings.Contains(js.String(), `"exposure": "public"`) {
		t.Errorf("JSON summary:\n%s", js.String())
	}
	rep.Fatal = errors.New("token revoked")
	text.Reset()
	Text(&text, rep)
	if !strings.Contains(text.String(), "stopped early: token revoked") {
		t.Error("fatal error not in the summary")
	}
}

func TestSARIFKeepsGitHubLimit(t *testing.T) {
	rep := sampleReport()
	base := rep.Results[1] // a note (test data)
	rep.Results = nil
	for i := range MaxResults + 10 {
		r := base
		r.Fingerprint = fmt.Sprintf("%032x:1", i)
		rep.Results = append(rep.Results, r)
	}
	serious := sampleReport().Results[0]
	rep.Results = append(rep.Results, serious)
	var buf bytes.Buffer
	if err := SARIF(&buf, rep, Meta{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Results     []struct{ RuleID string } `json:"results"`
			Invocations []struct {
				ExecutionSuccessful bool `json:"executionSuccessful"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	got := doc.Runs[0].Results
	if len(got) != MaxResults || got[len(got)-1].RuleID != serious.Rule.ID {
		t.Errorf("%d results, last %s: want %d with the most severe kept", len(got), got[len(got)-1].RuleID, MaxResults)
	}
	if doc.Runs[0].Invocations[0].ExecutionSuccessful || !strings.Contains(buf.String(), "results-truncated") {
		t.Error("truncation not reported")
	}
}

func TestSARIFCapsNotificationsPerReason(t *testing.T) {
	rep := &scanner.Report{Targets: []string{"file:///srv/share"}, Stats: scanner.Stats{Started: time.Unix(0, 0)}}
	const scanned, denied = 250, 3
	for i := range scanned {
		rep.Notifications = append(rep.Notifications, scanner.Notification{Outcome: scanner.Skipped,
			Reason: "no text layer (scanned image; no OCR)", Location: scanner.Location{Path: fmt.Sprintf("skann/%d.pdf", i)}})
	}
	for i := range denied {
		rep.Notifications = append(rep.Notifications, scanner.Notification{Outcome: scanner.Failed,
			Reason: "access denied", Location: scanner.Location{Path: fmt.Sprintf("hr/%d.xlsx", i)}})
	}
	var b bytes.Buffer
	if err := SARIF(&b, rep, Meta{ToolVersion: "1.0.0"}); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Invocations []struct {
				Notes []struct {
					Message    struct{ Text string }
					Locations  []any
					Properties map[string]any
				} `json:"toolExecutionNotifications"`
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	notes := log.Runs[0].Invocations[0].Notes
	listed, summary := 0, 0
	for _, n := range notes {
		switch {
		case len(n.Locations) == 1:
			listed++
		case strings.Contains(n.Message.Text, "150 more files"):
			summary++
		}
	}
	if listed != MaxNotificationsPerReason+denied || summary != 1 || len(notes) != listed+1 {
		t.Fatalf("%d listed, %d summaries, %d notifications", listed, summary, len(notes))
	}
	var j bytes.Buffer
	if err := JSON(&j, rep); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(j.String(), "no text layer"); got != scanned {
		t.Fatalf("JSON lists %d scanned PDFs, want %d", got, scanned)
	}
}

func TestSummarySaysWhereTruncatedResultsAre(t *testing.T) {
	rep := sampleReport()
	base := rep.Results[1]
	rep.Results = nil
	for i := range MaxResults + 7 {
		r := base
		r.Fingerprint = fmt.Sprintf("%032x:1", i)
		rep.Results = append(rep.Results, r)
	}
	tests := []struct {
		full []string
		want string
	}{
		{nil, "7 more are not in it: they are in no output of this run"},
		{[]string{"HTML", "JSON Lines"}, "7 more are not in it: they are in the HTML and JSON Lines output"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := TextWith(&b, rep, TextOptions{FullOutputs: tt.full}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tt.want) {
			t.Errorf("full outputs %v: summary lacks %q:\n%s", tt.full, tt.want, tail(b.String(), 600))
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
