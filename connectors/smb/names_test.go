package smb

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/smb/adtest"
)

// readRights is FILE_GENERIC_READ|FILE_EXECUTE, what Windows calls "Read &
// execute".
const readRights = "0x1200a9"

// setNTACL sets the NT ACL of a file in a share with samba-tool (through
// smbd's VFS, as an administrator would), not with our code.
func setNTACL(t testing.TB, dc *adtest.DC, share, path, sddl string) {
	t.Helper()
	out, err := exec.Command("samba-tool", "ntacl", "set", sddl, path, "--use-s3fs", "--service="+share, "-s", dc.Conf).CombinedOutput()
	if err != nil {
		t.Fatalf("samba-tool ntacl set: %v\n%s", err, out)
	}
}

// namesDC starts a DC (NTLM allowed, so that both binds can be tried;
// extra [global] lines in global) with a share "skole": elever.txt
// readable by SKOLE\Alle-elever, SKOLE\Laerere and the user kari; kari.txt
// owned by kari and readable by her and by Laerere.
func namesDC(t *testing.T, global ...string) *adtest.DC {
	t.Helper()
	dc := adtest.Start(t, adtest.Options{NTLM: true, Global: append(global, adGlobal()...)})
	dir := dc.ShareDir("skole")
	mkfile(t, filepath.Join(dir, "elever.txt"), "x\n", 0o644)
	mkfile(t, filepath.Join(dir, "kari.txt"), "x\n", 0o644)
	dc.AddShare("skole", dir)
	alle, laerere, kari := dc.SID("Alle-elever"), dc.SID("Laerere"), dc.SID("kari")
	setNTACL(t, dc, "skole", filepath.Join(dir, "elever.txt"),
		"O:BAG:DUD:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;"+readRights+";;;"+alle+")(A;;"+readRights+";;;"+laerere+")(A;;"+readRights+";;;"+kari+")")
	setNTACL(t, dc, "skole", filepath.Join(dir, "kari.txt"),
		"O:"+kari+"G:DUD:P(A;;FA;;;"+kari+")(A;;"+readRights+";;;"+laerere+")")
	return dc
}

func exposure(t *testing.T, c *Connector, rel string) connectors.Exposure {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ex, err := c.Exposure(ctx, c.item("skole", rel))
	if err != nil {
		t.Fatalf("Exposure(%s): %v", rel, err)
	}
	return ex
}

// The readers of elever.txt; the counts are the fixture's definition
// (Alle-elever: 35 through Elever-8A and Elever-8B; Laerere: 2).
var wantReaders = []string{
	`NT AUTHORITY\SYSTEM`, `BUILTIN\Administrators`,
	adtest.Domain + `\Alle-elever (35 members)`, adtest.Domain + `\Laerere (2 members)`,
	`user:` + adtest.Domain + `\kari`,
}

// assertNamed checks the exposures of both files with names resolved.
func assertNamed(t *testing.T, c *Connector) {
	t.Helper()
	ex := exposure(t, c, "elever.txt")
	if !slices.Equal(ex.Readers, wantReaders) {
		t.Errorf("readers:\n got %q\nwant %q", ex.Readers, wantReaders)
	}
	if ex.Owner != `BUILTIN\Administrators` || ex.Audience != connectors.AudienceRestricted {
		t.Errorf("owner %q audience %q", ex.Owner, ex.Audience)
	}
	// Groups named, the person only counted.
	wantDetail := "only named users and groups can read: " + strings.Join(wantReaders[:4], ", ") + ", 1 user"
	if ex.Detail != wantDetail {
		t.Errorf("detail:\n got %q\nwant %q", ex.Detail, wantDetail)
	}
	ex = exposure(t, c, "kari.txt")
	if ex.Owner != `user:`+adtest.Domain+`\kari` || strings.Contains(ex.Detail, "kari") {
		t.Errorf("a person as owner: %+v", ex)
	}
}

// assertRaw checks that elever.txt's readers stay raw SIDs and that the
// Detail says why, with want in it.
func assertRaw(t *testing.T, dc *adtest.DC, c *Connector, want string) {
	t.Helper()
	for range 2 { // the failure is remembered, and said each time
		ex := exposure(t, c, "elever.txt")
		if !slices.Contains(ex.Readers, dc.SID("Alle-elever")) || !slices.Contains(ex.Readers, dc.SID("kari")) {
			t.Errorf("readers without LDAP: %q", ex.Readers)
		}
		if !strings.Contains(ex.Detail, "(names not resolved: ") || !strings.Contains(ex.Detail, want) || strings.Contains(ex.Detail, adtest.UserPassword) {
			t.Errorf("detail without LDAP: %q, want %q in it", ex.Detail, want)
		}
	}
}

// TestDirectoryNames: with LDAP on the DC, the readers of a file are named
// DOMAIN\name, groups with their transitive member counts, people as
// "user:DOMAIN\name" and only counted in Detail. On a DC with Samba's
// default "ldap server require strong auth = yes" (SASL signing even over
// TLS, which go-ldap's GSSAPI does not do): a password binds simply, with
// NTLM or Kerberos on SMB; a keytab cannot bind and the SIDs stay raw, as
// they do when the DC's certificate is not trusted.
func TestDirectoryNames(t *testing.T) {
	dc := namesDC(t)
	keytab := filepath.Join(t.TempDir(), "ola.keytab")
	dc.Keytab("ola", keytab)
	dirOpts := DirectoryOptions{URL: dc.LDAPURL(), CAFile: dc.CAFile}
	connectOK := func(t *testing.T, o Options) *Connector {
		t.Helper()
		c, err := adConnect(t, dc, "ola", "skole", o)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Run("ntlm password, simple bind", func(t *testing.T) {
		assertNamed(t, connectOK(t, Options{Auth: AuthNTLM, Password: adtest.UserPassword, Directory: dirOpts}))
	})
	t.Run("kerberos password, simple bind after GSSAPI is refused", func(t *testing.T) {
		assertNamed(t, connectOK(t, Options{Auth: AuthKerberos, Password: adtest.UserPassword, Directory: dirOpts}))
	})
	t.Run("keytab, GSSAPI refused", func(t *testing.T) {
		assertRaw(t, dc, connectOK(t, Options{Auth: AuthKerberos, Kerberos: KerberosOptions{Keytab: keytab}, Directory: dirOpts}),
			"Strong Auth Required (SASL:[GSSAPI]: Sign or Seal are required.); this DC wants SASL signing")
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		assertRaw(t, dc, connectOK(t, Options{Auth: AuthNTLM, Password: adtest.UserPassword, Directory: DirectoryOptions{URL: dc.LDAPURL()}}),
			"cannot connect to "+dc.LDAPURL())
	})
	t.Run("password not sent in clear", func(t *testing.T) {
		assertRaw(t, dc, connectOK(t, Options{Auth: AuthNTLM, Password: adtest.UserPassword, Directory: DirectoryOptions{URL: "ldap://" + dc.IP}}),
			"a password is not sent unencrypted")
	})
	t.Run("bad URL", func(t *testing.T) {
		_, err := adConnect(t, dc, "ola", "skole", Options{Auth: AuthNTLM, Password: adtest.UserPassword,
			Directory: DirectoryOptions{URL: "http://" + dc.IP}})
		if err == nil || !strings.Contains(err.Error(), "bad LDAP URL") {
			t.Errorf("bad URL: %v", err)
		}
	})
}

// TestDirectoryGSSAPI: on a DC that accepts GSSAPI over TLS without a SASL
// layer (as Windows DCs do by default), a keytab alone resolves names; the
// member count is capped, and cached for the connector's life (one scan).
func TestDirectoryGSSAPI(t *testing.T) {
	dc := namesDC(t, "ldap server require strong auth = allow_sasl_over_tls")
	keytab := filepath.Join(t.TempDir(), "ola.keytab")
	dc.Keytab("ola", keytab)
	o := Options{Auth: AuthKerberos, Kerberos: KerberosOptions{Keytab: keytab}, Directory: DirectoryOptions{URL: dc.LDAPURL(), CAFile: dc.CAFile}}
	c, err := adConnect(t, dc, "ola", "skole", o)
	if err != nil {
		t.Fatal(err)
	}
	assertNamed(t, c)

	o.Directory.MaxMembers = 30
	c, err = adConnect(t, dc, "ola", "skole", o)
	if err != nil {
		t.Fatal(err)
	}
	ex := exposure(t, c, "elever.txt")
	if want := adtest.Domain + `\Alle-elever (more than 30 members)`; !slices.Contains(ex.Readers, want) {
		t.Errorf("capped count: got %q, want %q among them", ex.Readers, want)
	}
	// A new teacher: this connector (one scan) keeps its answer, a new
	// one counts 3.
	for _, args := range [][]string{
		{"user", "add", "ny-laerer", "--random-password"},
		{"group", "addmembers", "Laerere", "ny-laerer"},
	} {
		if out, err := exec.Command("samba-tool", append(args, "-s", dc.Conf)...).CombinedOutput(); err != nil {
			t.Fatalf("samba-tool %s: %v\n%s", args[0], err, out)
		}
	}
	if ex := exposure(t, c, "kari.txt"); !slices.Contains(ex.Readers, adtest.Domain+`\Laerere (2 members)`) {
		t.Errorf("cached count: %q", ex.Readers)
	}
	c2, err := adConnect(t, dc, "ola", "skole", o)
	if err != nil {
		t.Fatal(err)
	}
	if ex := exposure(t, c2, "kari.txt"); !slices.Contains(ex.Readers, adtest.Domain+`\Laerere (3 members)`) {
		t.Errorf("new count: %q", ex.Readers)
	}
}
