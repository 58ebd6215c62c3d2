package smb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	smb2 "github.com/cloudsoda/go-smb2"
	krbclient "github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/credentials"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/keytab"
)

// Auth is how the connector logs on.
type Auth string

// Logon methods.
const (
	// AuthAuto (the default) uses Kerberos when a keytab, a ticket cache
	// or a realm is given (Kerberos.Keytab, Kerberos.CCache,
	// Kerberos.Realm, or a DNS domain "skole.example" in the URL), else
	// NTLM. It never falls back from one to the other after a failure.
	AuthAuto Auth = "auto"
	// AuthNTLM is NTLMv2 with a password or NT hash.
	AuthNTLM Auth = "ntlm"
	// AuthKerberos is Kerberos 5 (SPNEGO): a TGT from the password, a
	// keytab or a ticket cache, and a service ticket for cifs/<host>.
	AuthKerberos Auth = "kerberos"
)

// ParseAuth checks an --smb-auth value.
func ParseAuth(s string) (Auth, error) {
	switch a := Auth(strings.ToLower(s)); a {
	case "", AuthAuto:
		return AuthAuto, nil
	case AuthNTLM, AuthKerberos:
		return a, nil
	}
	return "", fmt.Errorf("unknown SMB authentication %q: want ntlm, kerberos or auto", s)
}

// KerberosOptions configure Kerberos logons. This package reads no
// environment variable: cmd fills CCache from KRB5CCNAME and Config from
// KRB5_CONFIG.
type KerberosOptions struct {
	// Config is the krb5.conf to read ("" = /etc/krb5.conf when it
	// exists, else built-in defaults with DNS lookup of the KDC).
	Config string
	// Keytab holds the user's keys (takes precedence over the password
	// and the ticket cache).
	Keytab string
	// CCache is a ticket cache file (kinit's), used when there is no
	// keytab and no password. A "FILE:" prefix is accepted.
	CCache string
	// Realm of the user; "" = the URL's domain when it is a DNS name
	// (upper-cased), else the config's default_realm.
	Realm string
	// SPN is the service principal of the server; "" = cifs/<host>.
	SPN string
	// AllowWeakCrypto also permits RC4 and DES; by default only the AES
	// encryption types are offered and accepted.
	AllowWeakCrypto bool
}

// aesEnctypes are the only encryption types used by default.
var aesEnctypes = []string{
	"aes256-cts-hmac-sha1-96", "aes128-cts-hmac-sha1-96",
	"aes256-cts-hmac-sha384-192", "aes128-cts-hmac-sha256-128",
}

// useKerberos decides the logon method for AuthAuto.
func (c *Connector) useKerberos() bool {
	switch c.opts.Auth {
	case AuthKerberos:
		return true
	case AuthNTLM:
		return false
	}
	k := c.opts.Kerberos
	return k.Keytab != "" || k.CCache != "" || k.Realm != "" || strings.Contains(c.target.Domain, ".")
}

// krbLogon is the Kerberos state shared by the sessions of a connector:
// one client (its TGT and service tickets are cached and reused).
type krbLogon struct {
	cl    *krbclient.Client
	spn   string
	realm string
	user  string
}

// krbError is a Kerberos failure said plainly; it never holds a password.
func (c *Connector) krbError(k *krbLogon, err error) error {
	who := c.target.User
	if k != nil && k.realm != "" {
		who += "@" + k.realm
	}
	spn := ""
	if k != nil {
		spn = k.spn
	}
	return fatal(c.target.server()+": Kerberos: "+krbMessage(err, who, spn), err)
}

// krbMessage maps gokrb5's errors (text only: it does not wrap them) to
// what the user can act on.
func krbMessage(err error, who, spn string) string {
	s := err.Error()
	has := func(subs ...string) bool {
		for _, x := range subs {
			if strings.Contains(s, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("KRB_AP_ERR_SKEW", "AP_REP time out of range"):
		return "clock skew: this machine's clock and the domain controller's differ by more than 5 minutes (sync with NTP)"
	case has("KDC_ERR_C_PRINCIPAL_UNKNOWN"):
		return "unknown user " + who + " (no such principal in the realm)"
	case has("KDC_ERR_S_PRINCIPAL_UNKNOWN"):
		return "the domain knows no service " + spn + ": write the server's DNS name in the URL as the domain knows it, or set --krb5-spn"
	case has("KDC_ERR_PREAUTH_FAILED", "KRB_AP_ERR_BAD_INTEGRITY"):
		return "wrong password or key for " + who
	case has("KDC_ERR_CLIENT_REVOKED"):
		return "the account " + who + " is disabled or locked out"
	case has("KDC_ERR_KEY_EXPIRED"):
		return "the password of " + who + " has expired"
	case has("KDC_ERR_ETYPE_NOSUPP", "KDC_ERR_ETYPE_NOTSUPP"):
		return "no common encryption type: only AES is offered (the account may have only RC4 keys; --krb5-allow-weak-crypto permits RC4)"
	case has("KDC_ERR_WRONG_REALM"):
		return "wrong realm for " + who
	case has("failed to communicate with KDC", "communication error with KDC", "error getting KDCs", "no KDCs defined", "cannot find KDC", "no KDC"):
		return "cannot reach a KDC for realm " + realmOf(who) + " (set its kdc in krb5.conf [realms], or publish _kerberos._tcp SRV records)"
	case has("cannot login, no user credentials available and no valid existing session", "no valid existing session"):
		return "the ticket cache holds no valid TGT (expired? run kinit again)"
	}
	return rootCause(err).Error()
}

func realmOf(who string) string {
	if i := strings.LastIndexByte(who, '@'); i >= 0 {
		return who[i+1:]
	}
	return "?"
}

// krbConfig loads the krb5.conf and forces AES encryption types.
func krbConfig(k KerberosOptions) (*config.Config, error) {
	path := k.Config
	if path == "" {
		if _, err := os.Stat("/etc/krb5.conf"); err == nil {
			path = "/etc/krb5.conf"
		}
	}
	cfg := config.New()
	if path != "" {
		c, err := config.Load(path)
		var ud config.UnsupportedDirective
		switch {
		case err != nil && !errors.As(err, &ud):
			return nil, fmt.Errorf("cannot read the Kerberos configuration %s: %v", path, err)
		case c != nil:
			cfg = c
		}
	}
	if !k.AllowWeakCrypto {
		ids := make([]int32, 0, len(aesEnctypes))
		for _, e := range aesEnctypes {
			ids = append(ids, etypeID.EtypeSupported(e))
		}
		l := &cfg.LibDefaults
		l.DefaultTktEnctypes, l.DefaultTGSEnctypes, l.PermittedEnctypes = aesEnctypes, aesEnctypes, aesEnctypes
		l.DefaultTktEnctypeIDs, l.DefaultTGSEnctypeIDs, l.PermittedEnctypeIDs = ids, ids, ids
	}
	return cfg, nil
}

// krbLogin builds the Kerberos client and gets a TGT and the service
// ticket within CallTimeout (gokrb5 takes no context: its KDC calls have
// their own 5 s deadlines; we stop waiting when ctx ends).
func (c *Connector) krbLogin(ctx context.Context) (*krbLogon, error) {
	k := c.opts.Kerberos
	cfg, err := krbConfig(k)
	if err != nil {
		return nil, fatal(c.target.server()+": Kerberos: "+err.Error(), nil)
	}
	realm := k.Realm
	if realm == "" && strings.Contains(c.target.Domain, ".") {
		realm = c.target.Domain
	}
	if realm == "" {
		realm = cfg.LibDefaults.DefaultRealm
	}
	realm = strings.ToUpper(realm)
	spn := k.SPN
	if spn == "" {
		spn = "cifs/" + c.target.Host
	}
	lg := &krbLogon{spn: spn, realm: realm, user: c.target.User}
	settings := []func(*krbclient.Settings){krbclient.DisablePAFXFAST(true)}
	switch {
	case k.Keytab != "":
		kt, err := keytab.Load(k.Keytab)
		if err != nil {
			return nil, fatal(fmt.Sprintf("%s: Kerberos: cannot read the keytab %s: %v", c.target.server(), k.Keytab, rootCause(err)), err)
		}
		if realm == "" {
			return nil, fatal(c.target.server()+": Kerberos: no realm (give --krb5-realm, a DNS domain in the URL, or default_realm in krb5.conf)", nil)
		}
		lg.cl = krbclient.NewWithKeytab(c.target.User, realm, kt, cfg, settings...)
	case c.opts.Password != "":
		if realm == "" {
			return nil, fatal(c.target.server()+": Kerberos: no realm (give --krb5-realm, a DNS domain in the URL, or default_realm in krb5.conf)", nil)
		}
		lg.cl = krbclient.NewWithPassword(c.target.User, realm, c.opts.Password, cfg, settings...)
	case k.CCache != "":
		path := strings.TrimPrefix(k.CCache, "FILE:")
		if strings.Contains(path, ":") && !strings.HasPrefix(path, "/") {
			return nil, fatal(c.target.server()+": Kerberos: only FILE: ticket caches are supported (KRB5CCNAME="+strings.SplitN(k.CCache, ":", 2)[0]+":…)", nil)
		}
		cc, err := credentials.LoadCCache(path)
		if err != nil {
			return nil, fatal(fmt.Sprintf("%s: Kerberos: cannot read the ticket cache %s: %v", c.target.server(), path, rootCause(err)), err)
		}
		name := cc.GetClientPrincipalName().PrincipalNameString()
		if !strings.EqualFold(name, c.target.User) {
			return nil, fatal(fmt.Sprintf("%s: Kerberos: the ticket cache is for %s, not %s", c.target.server(), name, c.target.User), nil)
		}
		lg.realm = cc.GetClientRealm()
		lg.cl, err = krbclient.NewFromCCache(cc, cfg, settings...)
		if err != nil {
			return nil, c.krbError(lg, err)
		}
	default:
		return nil, fatal(c.target.server()+": Kerberos needs a password (CREDSWEEP_SMB_PASSWORD or --smb-password-file), a keytab (--krb5-keytab) or a ticket cache (kinit, KRB5CCNAME)", nil)
	}
	if len(c.opts.NTHash) != 0 && c.opts.Password == "" && k.Keytab == "" {
		return nil, fatal(c.target.server()+": Kerberos cannot use an NT hash: use --smb-auth ntlm", nil)
	}
	done := make(chan error, 1)
	go func() {
		if err := lg.cl.AffirmLogin(); err != nil {
			done <- err
			return
		}
		_, _, err := lg.cl.GetServiceTicket(spn)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return nil, c.krbError(lg, err)
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(c.opts.CallTimeout):
		return nil, fatal(fmt.Sprintf("%s: Kerberos: no answer from the KDC within %s", c.target.server(), c.opts.CallTimeout), errCallTimeout)
	}
	return lg, nil
}

// krb returns the connector's Kerberos logon, made on first use.
func (c *Connector) krb(ctx context.Context) (*krbLogon, error) {
	c.krbMu.Lock()
	defer c.krbMu.Unlock()
	if c.krbLg != nil {
		return c.krbLg, nil
	}
	lg, err := c.krbLogin(ctx)
	if err != nil {
		return nil, err
	}
	c.krbLg = lg
	return lg, nil
}

// krbInitiator is a fresh SPNEGO initiator for one session; it fetches the
// service ticket first (cached by the client, renewed when it expires) so
// that a KDC failure is reported as such.
func (c *Connector) krbInitiator(ctx context.Context) (smb2.Initiator, error) {
	lg, err := c.krb(ctx)
	if err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := lg.cl.GetServiceTicket(lg.spn)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return nil, c.krbError(lg, err)
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(c.opts.CallTimeout):
		return nil, fatal(fmt.Sprintf("%s: Kerberos: no answer from the KDC within %s", c.target.server(), c.opts.CallTimeout), errCallTimeout)
	}
	return &smb2.Krb5Initiator{Client: lg.cl, TargetSPN: lg.spn}, nil
}

// isIP reports whether host is an IP literal (an SPN for it is rarely
// registered).
func isIP(host string) bool { return net.ParseIP(host) != nil }
