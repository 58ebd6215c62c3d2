package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors/smb/adtest"
)

// TestSMBReaderNames scans a domain share whose private key is readable by
// SKOLE\Alle-elever (35 members in the fixture's definition, all through
// Elever-8A and Elever-8B), SKOLE\Laerere (2) and the user kari, the ACL
// set with samba-tool. With --smb-ldap the SARIF names the groups with
// their counts and counts kari without naming her; when LDAP cannot be
// used (a keytab on a DC that wants SASL signing) the SIDs stay raw and
// the message says why. No fixture user's name is in any SARIF. A DFS
// link to a server that does not exist is a notification saying so.
func TestSMBReaderNames(t *testing.T) {
	dc := adtest.Start(t, adtest.Options{})
	dir := dc.ShareDir("skole")
	copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo-share", "Drift"), dir)
	// A DFS link to a server that does not exist: listed as failed.
	if err := os.Symlink(`msdfs:fs2.skole.test\felles`, filepath.Join(dir, "Felles")); err != nil {
		t.Fatal(err)
	}
	dc.AddShare("skole", dir, "msdfs root = yes")
	key := filepath.Join(dir, "id_rsa")
	sddl := "O:BAG:DUD:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;0x1200a9;;;" + dc.SID("Alle-elever") + ")(A;;0x1200a9;;;" + dc.SID("Laerere") + ")(A;;0x1200a9;;;" + dc.SID("kari") + ")"
	if out, err := exec.Command("samba-tool", "ntacl", "set", sddl, key, "--use-s3fs", "--service=skole", "-s", dc.Conf).CombinedOutput(); err != nil {
		t.Fatalf("samba-tool ntacl set: %v\n%s", err, out)
	}
	tmp := t.TempDir()
	keytab := filepath.Join(tmp, "ola.keytab")
	dc.Keytab("ola", keytab)
	krb := []string{"--smb-auth=kerberos", "--krb5-conf=" + dc.KRB5Conf, "--krb5-realm=" + adtest.Realm}
	ldap := []string{"--smb-ldap=" + dc.LDAPURL(), "--smb-ldap-ca=" + dc.CAFile}
	// Every fixture user name, as a word.
	users := regexp.MustCompile(`(?i)\b(ola|kari|elev\d{3})\b`)

	var dfsNoted bool
	scan := func(name string, env []string, args ...string) sarifResultDoc {
		t.Helper()
		out := filepath.Join(tmp, name+".sarif")
		args = append([]string{"scan", "--sarif", out, "--progress", "never"}, append(args, dc.URL("ola", "skole"))...)
		env = append([]string{"KRB5CCNAME=FILE:" + filepath.Join(tmp, "none")}, env...)
		res := runCLI(t, env, args...)
		// Exit 3: the DFS link could not be followed.
		if res.code != exitIncomplete {
			t.Fatalf("%s: exit %d\n%s\n%s", name, res.code, res.stdout, res.stderr)
		}
		validateSARIF(t, out)
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		// The SMB URL is smb://SKOLE;ola@…: the scanning account is not a
		// reader, and must not be written either.
		if m := users.FindString(string(b) + res.stdout + res.stderr); m != "" {
			t.Errorf("%s: a user name (%q) in the output", name, m)
		}
		doc := readSARIF(t, out)
		for _, inv := range doc.Runs[0].Invocations {
			for _, n := range inv.Notifications {
				for _, l := range n.Locations {
					if strings.HasSuffix(l.PhysicalLocation.ArtifactLocation.URI, "/skole/Felles") && strings.Contains(n.Message.Text, "DFS link to fs2.skole.test: cannot be followed") {
						dfsNoted = true
					}
				}
			}
		}
		for _, r := range doc.Runs[0].Results {
			if strings.HasSuffix(r.uri(), "/skole/id_rsa") {
				return r
			}
		}
		t.Fatalf("%s: no finding in id_rsa", name)
		return sarifResultDoc{}
	}
	readers := func(r sarifResultDoc) []string {
		var out []string
		l, _ := r.Properties["readers"].([]any)
		for _, x := range l {
			s, _ := x.(string)
			out = append(out, s)
		}
		return out
	}

	r := scan("names", []string{"CREDSWEEP_SMB_PASSWORD=" + adtest.UserPassword}, append(krb, ldap...)...)
	want := []string{`NT AUTHORITY\SYSTEM`, `BUILTIN\Administrators`, adtest.Domain + `\Alle-elever (35 members)`, adtest.Domain + `\Laerere (2 members)`, "a user of " + adtest.Domain}
	if got := readers(r); !slices.Equal(got, want) {
		t.Errorf("readers:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(r.Message.Text, adtest.Domain+`\Alle-elever (35 members), `+adtest.Domain+`\Laerere (2 members), 1 user`) {
		t.Errorf("message: %s", r.Message.Text)
	}

	if !dfsNoted {
		t.Error("the DFS link is not in the notifications")
	}

	r = scan("raw", nil, append([]string{"--krb5-keytab=" + keytab}, append(krb, ldap...)...)...)
	if got := readers(r); !slices.Contains(got, dc.SID("Alle-elever")) || !slices.Contains(got, dc.SID("Laerere")) {
		t.Errorf("readers without LDAP: %q", got)
	}
	if !strings.Contains(r.Message.Text, "names not resolved") || !strings.Contains(r.Message.Text, "SASL signing") {
		t.Errorf("message without LDAP: %s", r.Message.Text)
	}
}
