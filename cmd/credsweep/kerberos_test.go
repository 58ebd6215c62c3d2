package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors/smb/adtest"
)

// TestKerberosScanEqualsNTLM serves the demo share from a Samba AD domain
// controller. An NTLM scan (NTLM enabled), then, with NTLM disabled on the
// server, Kerberos scans with a password, a keytab and kinit's ticket
// cache must all find the same; NTLM must then be refused.
func TestKerberosScanEqualsNTLM(t *testing.T) {
	dc := adtest.Start(t, adtest.Options{NTLM: true})
	dir := dc.ShareDir("skole")
	copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo-share"), dir)
	dc.AddShare("skole", dir)
	tmp := t.TempDir()
	url := dc.URL("ola", "skole")
	prefix := "smb/" + dc.IP + "/skole/"
	krb := "--krb5-conf=" + dc.KRB5Conf
	pw := "CREDSWEEP_SMB_PASSWORD=" + adtest.UserPassword

	scan := func(name string, wantCode int, env []string, args ...string) (map[string]int, runResult) {
		t.Helper()
		out := filepath.Join(tmp, name+".sarif")
		args = append([]string{"scan", "--sarif", out, "--progress", "never"}, append(args, url)...)
		// The scans must not find a ticket cache of the machine's.
		env = append([]string{"KRB5CCNAME=FILE:" + filepath.Join(tmp, "none")}, env...)
		res := runCLI(t, env, args...)
		if res.code != wantCode {
			t.Fatalf("%s: exit %d, want %d\n%s\n%s", name, res.code, wantCode, res.stdout, res.stderr)
		}
		if wantCode != exitFindings {
			return nil, res
		}
		validateSARIF(t, out)
		return findingSet(t, out, prefix), res
	}
	ntlm, _ := scan("ntlm", exitFindings, []string{pw}, "--smb-auth=ntlm")
	if len(ntlm) == 0 {
		t.Fatal("the NTLM scan found nothing")
	}

	dc.SetNTLM(false)
	keytab := filepath.Join(tmp, "ola.keytab")
	dc.Keytab("ola", keytab)
	ccache := filepath.Join(tmp, "ccache")
	dc.Kinit("ola", adtest.UserPassword, ccache)
	tests := []struct {
		name string
		env  []string
		args []string
	}{
		{"kerberos password", []string{pw}, []string{"--smb-auth=kerberos", krb, "--krb5-realm=" + adtest.Realm}},
		{"auto with realm", []string{pw}, []string{krb, "--krb5-realm=" + adtest.Realm}},
		{"keytab", nil, []string{krb, "--krb5-keytab=" + keytab}},
		{"ticket cache", []string{"KRB5CCNAME=FILE:" + ccache, "KRB5_CONFIG=" + dc.KRB5Conf}, []string{"--smb-auth=kerberos"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, res := scan(strings.ReplaceAll(tc.name, " ", "-"), exitFindings, tc.env, tc.args...)
			if fmt.Sprint(got) != fmt.Sprint(ntlm) {
				t.Errorf("findings differ from the NTLM scan:\n%v\n%v", got, ntlm)
			}
			assertNoLeak(t, []string{adtest.UserPassword}, map[string]string{"stdout": res.stdout, "stderr": res.stderr})
		})
	}
	_, res := scan("ntlm-refused", exitFatal, []string{pw}, "--smb-auth=ntlm")
	if !strings.Contains(res.stderr, "refuses NTLM") {
		t.Errorf("NTLM against a Kerberos-only server: %s", res.stderr)
	}
	_, res = scan("wrong-password", exitFatal, []string{"CREDSWEEP_SMB_PASSWORD=Feil-Passord.42"}, "--smb-auth=kerberos", krb, "--krb5-realm="+adtest.Realm)
	if !strings.Contains(res.stderr, "wrong password") || strings.Contains(res.stderr, "Feil-Passord.42") {
		t.Errorf("wrong password: %s", res.stderr)
	}
}
