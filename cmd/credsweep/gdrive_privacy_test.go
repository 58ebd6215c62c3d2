package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

// A Workspace domain scan writes no person's address and no value held in
// a Drive folder's name: the display form is made of folder names under
// the owner's address, which the item's path (its id) does not hold.
func TestDriveDomainNamesMasked(t *testing.T) {
	fd := fakedrive.New()
	defer fd.Close()
	sa := "scanner@fake-project.iam.gserviceaccount.com"
	fd.Delegate(sa, "https://www.googleapis.com/auth/drive.readonly", fakedrive.ScopeDirectoryUserReadonly)
	fd.AddUser(fakedrive.User{Email: "admin@example.no", Admin: true})
	fd.AddUser(fakedrive.User{Email: "qvzenkrud@example.no"})
	dir1 := fd.Add(fakedrive.File{Name: "passord=" + plantedPass[1], MIMEType: fakedrive.FolderMIME, Owner: "qvzenkrud@example.no"})
	dir2 := fd.Add(fakedrive.File{Name: plantedIDs[0], MIMEType: fakedrive.FolderMIME, Owner: "qvzenkrud@example.no", Parents: []string{dir1}})
	fd.Add(fakedrive.File{Name: "notes.txt", MIMEType: "text/plain", Owner: "qvzenkrud@example.no", Parents: []string{dir2},
		Content:     []byte("Brukernavn;Passord\n" + plantedUsers[2] + ";" + plantedPass[2] + "\n" + plantedUsers[3] + ";" + plantedPass[3] + "\n"),
		Permissions: []fakedrive.Permission{{Type: "user", Role: "reader", Email: "wypolmaxt@example.no"}}})
	creds := filepath.Join(t.TempDir(), "sa.json")
	os.WriteFile(creds, fd.ServiceAccountJSON(sa), 0o600)
	d := t.TempDir()
	res := runCLI(t, []string{"GOOGLE_APPLICATION_CREDENTIALS=" + creds}, "scan", "--log-level", "debug", "--format", "jsonl",
		"--progress", "never", "--sarif", filepath.Join(d, "x.sarif"), "--html", filepath.Join(d, "x.html"), "--csv", filepath.Join(d, "x.csv"),
		"--drive-qps", "200", "--drive-endpoint", fd.URL()+"/", "--admin", "admin@example.no", "gdrive://domain")
	if res.code != exitFindings {
		t.Fatalf("exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	validateSARIF(t, filepath.Join(d, "x.sarif"))
	outputs := map[string]string{"JSONL": res.stdout, "stderr": res.stderr}
	for _, f := range []string{"x.sarif", "x.html", "x.csv"} {
		outputs[f] = string(mustRead(t, filepath.Join(d, f)))
	}
	assertNoLeak(t, append(traces(), "qvzenkrud", "wypolmaxt"), outputs)
}
