package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

// uploadTree mirrors a local folder into the fake Drive's My Drive and
// returns the file id of each relative path.
func uploadTree(t *testing.T, fd *fakedrive.Server, root string) map[string]string {
	t.Helper()
	ids := map[string]string{}
	folders := map[string]string{".": ""}
	filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		parent := folders[filepath.Dir(rel)]
		if fi.IsDir() {
			folders[rel] = fd.AddFolder(fi.Name(), parent)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		ids[filepath.ToSlash(rel)] = fd.AddBlob(fi.Name(), parent, "application/octet-stream", data)
		return nil
	})
	return ids
}

// byName keys findings by the file's own name and members, which local and
// Drive scans share, with the rule: "a.zip!/b.csv rule".
func byName(t *testing.T, path string, drive bool) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, r := range readSARIF(t, path).Runs[0].Results {
		uri := r.uri()
		top, members, _ := strings.Cut(uri, "!/")
		if drive {
			parts := strings.SplitN(top, "/", 3) // gdrive/<id>/<title>
			top = parts[len(parts)-1]
		} else {
			top = top[strings.LastIndexByte(top, '/')+1:]
		}
		if members != "" {
			top += "!/" + members
		}
		if u, err := url.PathUnescape(top); err == nil {
			top = u
		}
		out[top+" "+r.RuleID] += r.count()
	}
	return out
}

// TestDriveScanEqualsLocal serves the demo share from the fake Drive with
// 10% of requests failing: the findings must equal the local scan's, Google
// Docs and Sheets must be exported and scanned, exposure must follow the
// sharing, and nothing may be lost.
func TestDriveScanEqualsLocal(t *testing.T) {
	fd := fakedrive.New()
	defer fd.Close()
	share := filepath.Join(repoRoot(t), "testdata", "demo-share")
	ids := uploadTree(t, fd, share)
	csvID := ids["Skole/IKT/elevliste_passord_2018.csv"]
	fd.Share(csvID, fakedrive.Permission{Type: "anyone", Role: "reader", AllowFileDiscovery: false})
	letterID := ids["Adm/Brev/vedtak_spesialundervisning.txt"]
	fd.Share(letterID, fakedrive.Permission{Type: "domain", Role: "reader", Domain: "example.no"})
	// Google-native files: a Doc exported as text, a Sheet as xlsx.
	fd.AddNative("Møtereferat", "", fakedrive.DocMIME, map[string][]byte{
		fakedrive.TextMIME: []byte("Referat\nElev med fødselsnummer 01019012057 skal ha tilrettelegging.\n")})
	fd.AddNative("Brukere 2019", "", fakedrive.SheetMIME, map[string][]byte{
		fakedrive.XLSXMIME: fakedrive.XLSX([][]string{{"Brukernavn", "Passord"}, {"ola.nordmann", "Sommer2019!"}, {"kari.nordmann", "Vinter2019#"}})})
	fd.AddNative("Påmelding", "", fakedrive.FormMIME, nil)
	fd.SetMaxPageSize(3)
	fd.FailRandom(0.10, 7, fakedrive.AllTransient...)

	creds := filepath.Join(t.TempDir(), "sa.json")
	os.WriteFile(creds, fd.ServiceAccountJSON("scanner@fake-project.iam.gserviceaccount.com"), 0o600)
	localOut := filepath.Join(t.TempDir(), "local.sarif")
	runCLI(t, nil, "scan", "--sarif", localOut, "--progress", "never", share)
	out := filepath.Join(t.TempDir(), "drive.sarif")
	env := []string{"GOOGLE_APPLICATION_CREDENTIALS=" + creds}
	res := runCLI(t, env, "scan", "--sarif", out, "--progress", "never", "--drive-qps", "200", "--drive-endpoint", fd.URL()+"/", "gdrive://all")
	if res.code != exitFindings {
		t.Fatalf("exit %d, want %d\n%s\n%s", res.code, exitFindings, res.stdout, res.stderr)
	}
	validateSARIF(t, out)
	local, remote := byName(t, localOut, false), byName(t, out, true)
	for k, n := range local {
		if remote[k] != n {
			t.Errorf("%s: Drive count %d, local %d", k, remote[k], n)
		}
	}
	if remote["Møtereferat national-id/no-fodselsnummer"] != 1 {
		t.Errorf("Google Doc export not scanned: %v", remote)
	}
	if remote["Brukere 2019 credentials/password-table"] != 2 {
		t.Errorf("Google Sheet export not scanned: %v", remote)
	}
	for id, n := range map[string]int{csvID: 1, letterID: 1} {
		if got := fd.Downloads(id); got != n {
			t.Errorf("file %s downloaded %d times, want %d", id, got, n)
		}
	}
	doc := readSARIF(t, out)
	exposure := map[string]string{}
	for _, r := range doc.Runs[0].Results {
		e, _ := r.Properties["exposure"].(string)
		exposure[strings.SplitN(r.uri(), "/", 3)[1]] = e
		if !strings.Contains(r.Message.Text, "Link: ") {
			t.Errorf("message lacks the Drive link: %s", r.Message.Text)
		}
	}
	if exposure[csvID] != "public" || exposure[letterID] != "organization" {
		t.Errorf("exposure: csv %q, letter %q", exposure[csvID], exposure[letterID])
	}
	formNoted := false
	for _, n := range doc.Runs[0].Invocations[0].Notifications {
		if strings.Contains(n.Message.Text, "Påmelding") {
			formNoted = true
		}
	}
	if !formNoted {
		t.Error("the Google Form is not noted as not examined")
	}
	assertNoLeak(t, append(demoSecrets(t), "Sommer2019!", "01019012057"), map[string]string{"SARIF": string(mustRead(t, out)), "stdout": res.stdout})
	// The owners are people: their addresses stay out of the SARIF.
	if fd.Me == "" || strings.Contains(string(mustRead(t, out)), fd.Me) {
		t.Errorf("the SARIF names the owner %q", fd.Me)
	}
	if !strings.Contains(string(mustRead(t, out)), "a user at ") {
		t.Error("the SARIF does not say which domain the owner is in")
	}
}

func TestDriveExpiredTokenIsFatal(t *testing.T) {
	fd := fakedrive.New()
	defer fd.Close()
	fd.AddBlob("a.txt", "", "text/plain", []byte("x\n"))
	creds := filepath.Join(t.TempDir(), "sa.json")
	// A user login whose refresh token was revoked: invalid_grant.
	os.WriteFile(creds, fd.AuthorizedUserJSON(), 0o600)
	fd.RevokeTokens()
	res := runCLI(t, []string{"GOOGLE_APPLICATION_CREDENTIALS=" + creds, "CREDSWEEP_DRIVE_ENDPOINT=" + fd.URL() + "/drive/v3/"},
		"scan", "--progress", "never", "gdrive://my")
	if res.code != exitFatal || !strings.Contains(res.stderr, "gdrive") {
		t.Errorf("exit %d, want %d with a clear message: %s", res.code, exitFatal, res.stderr)
	}
}

// TestDriveNightlyWithState scans a Drive twice with --state: the second
// scan lists only changes (a few calls per drive) and downloads nothing,
// and after an edit and a trash it reads the edited file only.
func TestDriveNightlyWithState(t *testing.T) {
	fd := fakedrive.New()
	defer fd.Close()
	ids := uploadTree(t, fd, filepath.Join(repoRoot(t), "testdata", "demo-share"))
	drive := fd.AddDrive("Skole")
	fd.Add(fakedrive.File{Name: "elever.csv", MIMEType: "text/csv", Parents: []string{drive},
		Content: []byte("Brukernavn;Passord\n" + plantedUsers[0] + ";" + plantedPass[0] + "\n" + plantedUsers[1] + ";" + plantedPass[1] + "\n")})
	creds := filepath.Join(t.TempDir(), "sa.json")
	os.WriteFile(creds, fd.ServiceAccountJSON("scanner@fake-project.iam.gserviceaccount.com"), 0o600)
	db := filepath.Join(t.TempDir(), "s.db")
	env := []string{"GOOGLE_APPLICATION_CREDENTIALS=" + creds}
	scan := func() (runResult, map[string]resultDoc) {
		out := filepath.Join(t.TempDir(), "d.sarif")
		res := runCLI(t, env, "scan", "--state", db, "--sarif", out, "--progress", "never", "--drive-qps", "500", "--drive-endpoint", fd.URL()+"/", "gdrive://all")
		if res.code != exitFindings {
			t.Fatalf("exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
		}
		return res, sarifResults(t, out)
	}
	_, first := scan()
	calls, downloads := total(fd.Calls()), fd.TotalDownloads()
	res, second := scan()
	t.Logf("first scan: %d API calls, %d downloads; unchanged rescan: %d calls", calls, downloads, total(fd.Calls())-calls)
	if n := total(fd.Calls()) - calls; n > 3*2 {
		t.Errorf("unchanged rescan made %d API calls for 2 drives, want at most 3 per drive", n)
	}
	if fd.TotalDownloads() != downloads {
		t.Errorf("unchanged rescan downloaded %d files", fd.TotalDownloads()-downloads)
	}
	if len(second) != len(first) || baselines(second)["unchanged"] != len(second) {
		t.Errorf("unchanged rescan: %d results %v, first %d\n%s", len(second), baselines(second), len(first), res.stdout)
	}
	csv := ids["Skole/IKT/elevliste_passord_2018.csv"]
	fd.Trash(csv)
	letter := ids["Adm/Brev/vedtak_spesialundervisning.txt"]
	fd.SetContent(letter, []byte("Elev med fødselsnummer "+plantedIDs[0]+" og "+"01019012057.\n"))
	downloads = fd.TotalDownloads()
	res, third := scan()
	if got := fd.TotalDownloads() - downloads; got != 1 {
		t.Errorf("after one edit, %d downloads, want 1", got)
	}
	for k := range third {
		if strings.Contains(k, csv) {
			t.Errorf("the trashed file is still reported: %s", k)
		}
	}
	if !strings.Contains(res.stdout, "fixed") || baselines(third)["updated"] != 1 {
		t.Errorf("after the edits: %v\n%s", baselines(third), res.stdout)
	}
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
