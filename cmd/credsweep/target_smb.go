package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/credsweep/credsweep/connectors/smb"
	"github.com/credsweep/credsweep/scanner"
	"github.com/spf13/pflag"
)

// smbFlags are the SMB options. There is deliberately no password flag:
// argv is visible to every user of the machine.
type smbFlags struct {
	passwordFile       string
	encrypt            bool
	requireSigning     bool
	includeAdminShares bool
	sessions           int
	timeout            time.Duration

	auth           string
	krb5Conf       string
	krb5Keytab     string
	krb5Realm      string
	krb5SPN        string
	krb5WeakCrypto bool

	ldap           string
	ldapCA         string
	ldapMaxMembers int
}

func (f *smbFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.passwordFile, "smb-password-file", "", "read the SMB password from `FILE` (else CREDSWEEP_SMB_PASSWORD; CREDSWEEP_SMB_NTHASH for an NT hash)")
	fl.BoolVar(&f.encrypt, "smb-encrypt", false, "refuse SMB shares that are not encrypted (SMB 3)")
	fl.BoolVar(&f.requireSigning, "smb-require-signing", false, "refuse SMB servers that do not sign")
	fl.BoolVar(&f.includeAdminShares, "include-admin-shares", false, "also scan administrative shares (C$, ADMIN$, …) when no share is given")
	fl.IntVar(&f.sessions, "smb-sessions", 4, "SMB sessions (connections) per host")
	fl.DurationVar(&f.timeout, "smb-timeout", 30*time.Second, "deadline of every SMB call; a stalled server fails within it")
	fl.StringVar(&f.auth, "smb-auth", "auto", "SMB logon: `ntlm`, kerberos or auto (Kerberos when a keytab, a ticket cache or a realm is given)")
	fl.StringVar(&f.krb5Conf, "krb5-conf", "", "Kerberos configuration `FILE` (else KRB5_CONFIG, else /etc/krb5.conf)")
	fl.StringVar(&f.krb5Keytab, "krb5-keytab", "", "log on to SMB with the Kerberos keys in keytab `FILE` instead of a password")
	fl.StringVar(&f.krb5Realm, "krb5-realm", "", "Kerberos `REALM` of the SMB user (else the URL's DNS domain, else default_realm)")
	fl.StringVar(&f.krb5SPN, "krb5-spn", "", "service principal of the SMB server (default cifs/HOST from the URL)")
	fl.BoolVar(&f.krb5WeakCrypto, "krb5-allow-weak-crypto", false, "also allow RC4 and DES Kerberos encryption (only AES by default)")
	fl.StringVar(&f.ldap, "smb-ldap", "", "resolve the owners and readers of flagged files to DOMAIN\\name and group member counts through the domain controller's LDAP at `URL` (ldaps://dc1.example.no, or auto), with the SMB credentials")
	fl.StringVar(&f.ldapCA, "smb-ldap-ca", "", "also trust the CA certificates in PEM `FILE` for --smb-ldap ldaps://")
	fl.IntVar(&f.ldapMaxMembers, "smb-ldap-max-members", 100000, "stop counting a group's transitive members past `N` (\"more than N members\")")
}

// kerberosOptions fills the Kerberos settings from the flags and the
// environment (KRB5_CONFIG, KRB5CCNAME; with --smb-auth kerberos also
// kinit's default cache /tmp/krb5cc_UID when it exists: a stale cache
// left on the machine must not turn "auto" into Kerberos).
func (f *smbFlags) kerberosOptions(auth smb.Auth) smb.KerberosOptions {
	k := smb.KerberosOptions{
		Config: f.krb5Conf, Keytab: f.krb5Keytab, Realm: f.krb5Realm, SPN: f.krb5SPN,
		AllowWeakCrypto: f.krb5WeakCrypto,
	}
	if k.Config == "" {
		k.Config = os.Getenv("KRB5_CONFIG")
	}
	if cc := os.Getenv("KRB5CCNAME"); cc != "" {
		k.CCache = cc
	} else if p := fmt.Sprintf("/tmp/krb5cc_%d", os.Getuid()); auth == smb.AuthKerberos && fileExists(p) {
		k.CCache = p
	}
	return k
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func openSMB(ctx context.Context, raw string, f *smbFlags) (scanner.Target, error) {
	t, err := smb.ParseURL(raw)
	if err != nil {
		return scanner.Target{}, err
	}
	auth, err := smb.ParseAuth(f.auth)
	if err != nil {
		return scanner.Target{}, fmt.Errorf("--smb-auth: %w", err)
	}
	opt := smb.Options{
		RequireSigning: f.requireSigning, Encrypt: f.encrypt, IncludeAdminShares: f.includeAdminShares,
		Sessions: f.sessions, CallTimeout: f.timeout,
		Auth: auth, Kerberos: f.kerberosOptions(auth),
		Directory: smb.DirectoryOptions{URL: f.ldap, CAFile: f.ldapCA, MaxMembers: f.ldapMaxMembers},
	}
	if !t.Guest {
		opt.Password, opt.NTHash, err = smbSecret(f.passwordFile)
		// Kerberos with a keytab or a ticket cache needs no password.
		if err != nil && !(errors.Is(err, errNoSMBPassword) && auth != smb.AuthNTLM && (opt.Kerberos.Keytab != "" || opt.Kerberos.CCache != "")) {
			return scanner.Target{}, err
		}
	}
	c, err := smb.New(ctx, t, opt)
	if err != nil {
		return scanner.Target{}, err
	}
	return scanner.Target{Name: t.String(), Source: "smb", Connector: c,
		Identity: smbIdentity(t, true), Namespace: smbIdentity(t, false)}, nil
}

// smbIdentity is an SMB target's canonical identity, without the user:
// smb://host[:port]/share[/path] (host and share lower-case, as SMB
// compares them), or with share false smb://host[:port], the namespace of
// the connector's item IDs ("share/path").
func smbIdentity(t smb.Target, share bool) string {
	id := "smb://" + strings.ToLower(t.Host)
	if t.Port != 0 && t.Port != smb.DefaultPort {
		id += ":" + strconv.Itoa(t.Port)
	}
	if share && t.Share != "" {
		id += "/" + strings.ToLower(t.Share)
		if t.Path != "" {
			id += "/" + t.Path
		}
	}
	return id
}

// smbSecret reads the password or NT hash from a file or the environment.
func smbSecret(file string) (string, []byte, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", nil, fmt.Errorf("--smb-password-file: %w", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil, nil
	}
	if p := os.Getenv("CREDSWEEP_SMB_PASSWORD"); p != "" {
		return p, nil, nil
	}
	if h := strings.TrimSpace(os.Getenv("CREDSWEEP_SMB_NTHASH")); h != "" {
		// Accept "LM:NT" as secretsdump prints it.
		if i := strings.LastIndexByte(h, ':'); i >= 0 {
			h = h[i+1:]
		}
		b, err := hex.DecodeString(h)
		if err != nil || len(b) != 16 {
			return "", nil, errors.New("CREDSWEEP_SMB_NTHASH must be 32 hex digits (the NT hash)")
		}
		return "", b, nil
	}
	return "", nil, errNoSMBPassword
}

var errNoSMBPassword = errors.New("no SMB password: set CREDSWEEP_SMB_PASSWORD, CREDSWEEP_SMB_NTHASH or --smb-password-file, or log on with Kerberos (--krb5-keytab, or kinit), or use smb://guest@host/share")
