package smb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/smb/adtest"
)

// adShare starts a DC (Kerberos only unless ntlm) with a share "skole"
// holding a few files, and returns the DC and the folder.
func adShare(t *testing.T, ntlm bool) (*adtest.DC, string) {
	t.Helper()
	dc := adtest.Start(t, adtest.Options{NTLM: ntlm, Global: adGlobal()})
	dir := dc.ShareDir("skole")
	mkfile(t, filepath.Join(dir, "elever.csv"), "navn;passord\nola;Hemmelig123\n", 0o644)
	mkfile(t, filepath.Join(dir, "lærere", "plan.txt"), "plan\n", 0o644)
	mkfile(t, filepath.Join(dir, "lærere", "dypt", "notat.txt"), "notat\n", 0o644)
	dc.AddShare("skole", dir)
	return dc, dir
}

// adConnect opens a Connector on dc's share as user with o (Kerberos
// config filled in).
func adConnect(t testing.TB, dc *adtest.DC, user, share string, o Options) (*Connector, error) {
	t.Helper()
	tg, err := ParseURL(dc.URL(user, share))
	if err != nil {
		t.Fatal(err)
	}
	if o.Kerberos.Config == "" {
		o.Kerberos.Config = dc.KRB5Conf
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := New(ctx, tg, o)
	if err == nil {
		t.Cleanup(func() { _ = c.Close() })
	}
	return c, err
}

func itemPaths(items []connectors.Item) []string {
	var out []string
	for _, it := range items {
		s := it.Path
		if it.Err != nil {
			s += " ERR " + it.Err.Error()
		}
		if it.Skip != "" {
			s += " SKIP " + it.Skip
		}
		out = append(out, s)
	}
	return out
}

// TestKerberosLogon: against a DC that refuses NTLM, a password, a keytab
// and a ticket cache all log on with Kerberos and walk the same tree; NTLM
// is refused, and Kerberos failures say what went wrong without the
// password.
func TestKerberosLogon(t *testing.T) {
	dc, _ := adShare(t, false)
	tmp := t.TempDir()
	keytab := filepath.Join(tmp, "ola.keytab")
	dc.Keytab("ola", keytab)
	ccache := filepath.Join(tmp, "ccache")
	dc.Kinit("ola", adtest.UserPassword, ccache)
	badKDC := filepath.Join(tmp, "bad-krb5.conf")
	if err := os.WriteFile(badKDC, []byte(fmt.Sprintf("[libdefaults]\n default_realm = %s\n[realms]\n %s = {\n  kdc = 127.0.0.1:%s\n }\n", adtest.Realm, adtest.Realm, closedPort(t))), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"smb/" + dc.IP + "/skole/elever.csv",
		"smb/" + dc.IP + "/skole/lærere/dypt/notat.txt",
		"smb/" + dc.IP + "/skole/lærere/plan.txt",
	}
	const wrong = "Feil-Passord.987"
	tests := []struct {
		name    string
		user    string
		o       Options
		wantErr string // "" = logs on and walks want
	}{
		{name: "password", user: "ola", o: Options{Auth: AuthKerberos, Password: adtest.UserPassword}},
		{name: "auto with realm", user: "ola", o: Options{Password: adtest.UserPassword, Kerberos: KerberosOptions{Realm: adtest.Realm}}},
		{name: "keytab", user: "ola", o: Options{Auth: AuthKerberos, Kerberos: KerberosOptions{Keytab: keytab}}},
		{name: "auto keytab", user: "ola", o: Options{Kerberos: KerberosOptions{Keytab: keytab}}},
		{name: "ticket cache", user: "ola", o: Options{Auth: AuthKerberos, Kerberos: KerberosOptions{CCache: "FILE:" + ccache}}},
		{name: "ticket cache of another user", user: "kari", o: Options{Auth: AuthKerberos, Kerberos: KerberosOptions{CCache: ccache}}, wantErr: "the ticket cache is for ola, not kari"},
		{name: "ntlm refused", user: "ola", o: Options{Auth: AuthNTLM, Password: adtest.UserPassword}, wantErr: "logon failure"},
		{name: "wrong password", user: "ola", o: Options{Auth: AuthKerberos, Password: wrong}, wantErr: "wrong password or key for ola@SKOLE.TEST"},
		{name: "unknown user", user: "nobody", o: Options{Auth: AuthKerberos, Password: wrong}, wantErr: "unknown user nobody@SKOLE.TEST"},
		{name: "unknown spn", user: "ola", o: Options{Auth: AuthKerberos, Password: adtest.UserPassword, Kerberos: KerberosOptions{SPN: "cifs/nosuch.skole.test"}}, wantErr: "the domain knows no service cifs/nosuch.skole.test"},
		{name: "no kdc", user: "ola", o: Options{Auth: AuthKerberos, Password: wrong, Kerberos: KerberosOptions{Config: badKDC}}, wantErr: "cannot reach a KDC for realm SKOLE.TEST"},
		{name: "no credentials", user: "ola", o: Options{Auth: AuthKerberos}, wantErr: "Kerberos needs a password"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := adConnect(t, dc, tc.user, "skole", tc.o)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("New: got %v, want %q", err, tc.wantErr)
				}
				if !errors.Is(err, connectors.ErrFatal) {
					t.Errorf("not fatal: %v", err)
				}
				if strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), adtest.UserPassword) {
					t.Errorf("error holds the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v\n%s", err, dc.Log())
			}
			if !c.kerberos {
				t.Fatal("not a Kerberos logon")
			}
			got := itemPaths(walkAll(t, c))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("walk:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			data, err := readAll(t, c, c.item("skole", "elever.csv"))
			if err != nil || !strings.Contains(string(data), "ola;") {
				t.Errorf("read: %q, %v", data, err)
			}
		})
	}
}

// TestKerberosMatchesNTLM: with NTLM enabled, an NTLM scan and a Kerberos
// scan of a domain share see the same items and the same exposures.
func TestKerberosMatchesNTLM(t *testing.T) {
	dc, _ := adShare(t, true)
	scan := func(o Options) string {
		c, err := adConnect(t, dc, "ola", "skole", o)
		if err != nil {
			t.Fatalf("New(%s): %v", o.Auth, err)
		}
		var b strings.Builder
		for _, it := range walkAll(t, c) {
			ex, err := c.Exposure(context.Background(), it)
			fmt.Fprintf(&b, "%s %s %v %v\n", it.Path, ex.Audience, ex.Readers, err)
		}
		return b.String()
	}
	ntlm := scan(Options{Auth: AuthNTLM, Password: adtest.UserPassword})
	krb := scan(Options{Auth: AuthKerberos, Password: adtest.UserPassword})
	if ntlm != krb || strings.Count(ntlm, "\n") != 3 {
		t.Errorf("NTLM scan:\n%s\nKerberos scan:\n%s", ntlm, krb)
	}
}

// TestKrbMessage: gokrb5's error texts map to plain messages.
func TestKrbMessage(t *testing.T) {
	tests := []struct{ err, want string }{
		{"[Root cause: KDC_Error] KDC_Error: AS Exchange Error: kerberos error response from KDC: KRB Error: (37) KRB_AP_ERR_SKEW Clock skew too great", "clock skew"},
		{"KRB Error: (6) KDC_ERR_C_PRINCIPAL_UNKNOWN Client not found in Kerberos database", "unknown user ola@R"},
		{"KRB Error: (24) KDC_ERR_PREAUTH_FAILED Pre-authentication information was invalid", "wrong password or key for ola@R"},
		{"KRB Error: (7) KDC_ERR_S_PRINCIPAL_UNKNOWN Server not found in Kerberos database", "knows no service cifs/h"},
		{"KRB Error: (18) KDC_ERR_CLIENT_REVOKED Clients credentials have been revoked", "disabled or locked out"},
		{"KRB Error: (23) KDC_ERR_KEY_EXPIRED Password has expired", "has expired"},
		{"KRB Error: (14) KDC_ERR_ETYPE_NOSUPP KDC has no support for encryption type", "only AES"},
		{"[Root cause: Networking_Error] Networking_Error: AS Exchange Error: failed sending AS_REQ to KDC: failed to communicate with KDC. Attempts made with TCP (dial tcp 127.0.0.1:1: connect: connection refused) and then UDP", "cannot reach a KDC for realm R"},
	}
	for _, tc := range tests {
		if got := krbMessage(errors.New(tc.err), "ola@R", "cifs/h"); !strings.Contains(got, tc.want) {
			t.Errorf("krbMessage(%q) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// adGlobal: extra [global] lines for debugging, from ADTEST_GLOBAL
// ("log level = 3;other = x").
func adGlobal() []string {
	if s := os.Getenv("ADTEST_GLOBAL"); s != "" {
		return strings.Split(s, ";")
	}
	return nil
}

// TestKerberosDFS: on a domain controller that refuses NTLM, a DFS link in
// a namespace share is followed to the share it points to, with Kerberos.
func TestKerberosDFS(t *testing.T) {
	dc, _ := adShare(t, false)
	root := dc.ShareDir("felles")
	mkfile(t, filepath.Join(root, "les-meg.txt"), "hei\n", 0o644)
	if err := os.Symlink(`msdfs:`+dc.IP+`\skole`, filepath.Join(root, "skole")); err != nil {
		t.Fatal(err)
	}
	dc.AddShare("felles", root, "msdfs root = yes")
	c, err := adConnect(t, dc, "ola", "felles", Options{Auth: AuthKerberos, Password: adtest.UserPassword})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(itemPaths(walkAll(t, c)), "\n")
	host := strings.ToLower(dc.IP)
	for _, p := range []string{"felles/les-meg.txt", "skole/elever.csv", "skole/lærere/plan.txt", "skole/lærere/dypt/notat.txt"} {
		if !strings.Contains(got+"\n", "smb/"+host+"/"+p+"\n") {
			t.Errorf("%s not walked:\n%s", p, got)
		}
	}
}
