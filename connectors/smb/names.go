package smb

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/go-ldap/ldap/v3"
	"github.com/go-ldap/ldap/v3/gssapi"
)

// DirectoryOptions configure the resolution of the SIDs in ACLs to
// DOMAIN\name, and of groups to their member counts, through LDAP on a
// domain controller, with the SMB credentials.
type DirectoryOptions struct {
	// URL of the domain controller's LDAP: "ldaps://dc1.skole.example"
	// (TLS, port 636 by default) or "ldap://…" (no TLS: only for DCs that
	// do not require signing). "auto" looks up _ldap._tcp.<realm> in DNS,
	// else uses the SMB host; "" (the default) resolves nothing.
	URL string
	// CAFile holds PEM certificates to trust for ldaps (besides the
	// system's).
	CAFile string
	// MaxMembers caps the transitive member count of one group
	// (default 100000): beyond it the count says "more than".
	MaxMembers int
}

// principal is a resolved SID.
type principal struct {
	name    string // DOMAIN\sAMAccountName
	person  bool
	group   bool
	members int // transitive user count, -1 when unknown
	capped  bool
}

// directory resolves SIDs through one LDAP connection, caching every
// answer for the connector's life (one scan).
type directory struct {
	c  *Connector
	mu sync.Mutex // serialises use of conn and the cache
	// cache of resolved SIDs; a missing SID maps to nil.
	cache   map[string]*principal
	conn    *ldap.Conn
	base    string // defaultNamingContext
	netbios string
	err     error // the connection failed: no more attempts
	redials int   // connections that broke
}

func newDirectory(c *Connector) *directory {
	return &directory{c: c, cache: map[string]*principal{}}
}

// dirError says why names could not be resolved (no secret inside).
type dirError struct{ msg string }

func (e *dirError) Error() string { return e.msg }

// connect dials, binds and reads the naming contexts, once.
func (d *directory) connect(ctx context.Context) error {
	if d.conn != nil || d.err != nil {
		return d.err
	}
	err := d.dial(ctx)
	if err != nil && ctx.Err() == nil {
		// A refusal or an unreachable DC is the same for every file;
		// one file's deadline is not.
		d.err = err
	}
	return err
}

// drop forgets a connection that broke, so that a later file dials again;
// after maxRedials breaks names stay unresolved for the rest of the scan.
func (d *directory) drop(why error) error {
	if d.conn != nil {
		d.conn.Close()
		d.conn = nil
	}
	d.redials++
	if d.redials > maxRedials {
		d.err = &dirError{"lost the LDAP connection too often"}
		return d.err
	}
	return why
}

// maxRedials is how often a broken LDAP connection is dialled again.
const maxRedials = 3

func (d *directory) dial(ctx context.Context) error {
	c := d.c
	o := c.opts.Directory
	raw := o.URL
	if strings.EqualFold(raw, "auto") {
		raw = d.discover(ctx)
	}
	u, err := parseLDAPURL(raw)
	if err != nil {
		return &dirError{err.Error()}
	}
	host := u.Hostname()
	if u.Port() == "" {
		port := "389"
		if u.Scheme == "ldaps" {
			port = "636"
		}
		u.Host = net.JoinHostPort(host, port)
	}
	tc := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return &dirError{fmt.Sprintf("cannot read the LDAP CA file: %v", rootCause(err))}
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return &dirError{"no certificate in the LDAP CA file " + o.CAFile}
		}
		tc.RootCAs = pool
	}
	where := u.Scheme + "://" + u.Host
	dialer := &net.Dialer{Timeout: c.opts.DialTimeout}
	type res struct {
		conn *ldap.Conn
		err  error
	}
	ch := make(chan res, 1)
	go func() {
		conn, err := ldap.DialURL(u.String(), ldap.DialWithDialer(dialer), ldap.DialWithTLSConfig(tc))
		ch <- res{conn, err}
	}()
	var conn *ldap.Conn
	select {
	case r := <-ch:
		if r.err != nil {
			return &dirError{fmt.Sprintf("cannot connect to %s: %v", where, rootCause(r.err))}
		}
		conn = r.conn
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.conn != nil {
				r.conn.Close()
			}
		}()
		return ctx.Err()
	}
	conn.SetTimeout(c.opts.CallTimeout)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := d.bind(ctx, conn, host); err != nil {
		conn.Close()
		return &dirError{fmt.Sprintf("LDAP bind at %s failed: %v", where, err)}
	}
	rootDSE, err := conn.Search(ldap.NewSearchRequest("", ldap.ScopeBaseObject, ldap.NeverDerefAliases, 1, 0, false,
		"(objectClass=*)", []string{"defaultNamingContext", "configurationNamingContext"}, nil))
	if err != nil || len(rootDSE.Entries) != 1 {
		conn.Close()
		return &dirError{fmt.Sprintf("cannot read the root DSE at %s: %v", where, err)}
	}
	d.base = rootDSE.Entries[0].GetAttributeValue("defaultNamingContext")
	cfg := rootDSE.Entries[0].GetAttributeValue("configurationNamingContext")
	d.netbios = c.target.Domain
	if cfg != "" && d.base != "" {
		r, err := conn.Search(ldap.NewSearchRequest("CN=Partitions,"+cfg, ldap.ScopeSingleLevel, ldap.NeverDerefAliases, 1, 0, false,
			"(&(objectClass=crossRef)(nCName="+ldap.EscapeFilter(d.base)+"))", []string{"nETBIOSName"}, nil))
		if err == nil && len(r.Entries) == 1 {
			if n := r.Entries[0].GetAttributeValue("nETBIOSName"); n != "" {
				d.netbios = n
			}
		}
	}
	d.netbios = strings.ToUpper(d.netbios)
	d.conn = conn
	return nil
}

// parseLDAPURL accepts ldaps://HOST[:PORT] and ldap://HOST[:PORT].
func parseLDAPURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "ldap" && u.Scheme != "ldaps") || u.Hostname() == "" || u.User != nil || (u.Path != "" && u.Path != "/") {
		// The URL is not repeated: it may hold a user name.
		return nil, errors.New("bad LDAP URL: want ldaps://HOST[:PORT], ldap://HOST[:PORT] or auto")
	}
	return u, nil
}

// discover finds a domain controller: the _ldap._tcp SRV record of the
// realm (or the URL's DNS domain), else the SMB server itself.
func (d *directory) discover(ctx context.Context) string {
	c := d.c
	realm := c.opts.Kerberos.Realm
	if realm == "" && strings.Contains(c.target.Domain, ".") {
		realm = c.target.Domain
	}
	if realm == "" {
		c.krbMu.Lock()
		if c.krbLg != nil {
			realm = c.krbLg.realm
		}
		c.krbMu.Unlock()
	}
	if realm != "" {
		lctx, cancel := context.WithTimeout(ctx, c.opts.DialTimeout)
		defer cancel()
		if _, srvs, err := net.DefaultResolver.LookupSRV(lctx, "ldap", "tcp", strings.ToLower(realm)); err == nil && len(srvs) > 0 {
			return "ldaps://" + strings.TrimSuffix(srvs[0].Target, ".")
		}
	}
	return "ldaps://" + net.JoinHostPort(c.target.Host, "636")
}

// bind logs on to LDAP with the SMB credentials: Kerberos (GSSAPI) when
// the SMB logon uses it, else a simple bind with the password (over TLS),
// else NTLM with the NT hash.
func (d *directory) bind(ctx context.Context, conn *ldap.Conn, host string) error {
	c := d.c
	switch {
	case c.kerberos:
		lg, err := c.krb(ctx)
		if err != nil {
			return errors.New("no Kerberos ticket")
		}
		raw := conn.GSSAPIBind(&gssapi.Client{Client: lg.cl}, "ldap/"+host, "")
		err = bindErr(raw)
		if raw == nil || !ldap.IsErrorWithCode(raw, ldap.LDAPResultStrongAuthRequired) {
			return err
		}
		// The DC wants a SASL signing or sealing layer even over TLS
		// (Samba's default "ldap server require strong auth = yes");
		// go-ldap's GSSAPI offers none. With a password, a simple bind
		// over TLS still works.
		if c.opts.Password == "" || !tlsConn(conn) {
			return fmt.Errorf("%w; this DC wants SASL signing, which credsweep's GSSAPI bind does not do: log on with a password (simple bind over ldaps), or let the DC accept GSSAPI over TLS (Samba: ldap server require strong auth = allow_sasl_over_tls)", err)
		}
		return d.simpleBind(conn)
	case c.opts.Password != "":
		if !tlsConn(conn) {
			return errors.New("a password is not sent unencrypted: use ldaps://")
		}
		return d.simpleBind(conn)
	case len(c.opts.NTHash) == 16:
		return bindErr(conn.NTLMBindWithHash(c.target.Domain, c.target.User, fmt.Sprintf("%x", c.opts.NTHash)))
	}
	return errors.New("no credentials for LDAP")
}

// simpleBind binds with DOMAIN\user and the password; the caller made
// sure the connection is TLS.
func (d *directory) simpleBind(conn *ldap.Conn) error {
	c := d.c
	user := c.target.User
	if c.target.Domain != "" {
		user = c.target.Domain + `\` + user
	}
	return bindErr(conn.Bind(user, c.opts.Password))
}

func tlsConn(conn *ldap.Conn) bool {
	_, ok := conn.TLSConnectionState()
	return ok
}

// bindErr keeps the LDAP result code and the server's short text.
func bindErr(err error) error {
	if err == nil {
		return nil
	}
	var le *ldap.Error
	if errors.As(err, &le) {
		if le.Err != nil && le.Err.Error() != "" {
			return fmt.Errorf("%s (%s)", ldap.LDAPResultCodeMap[le.ResultCode], le.Err)
		}
		return fmt.Errorf("%s", ldap.LDAPResultCodeMap[le.ResultCode])
	}
	return rootCause(err)
}

// resolve returns the principals of sids (nil for the unresolved ones),
// and why resolution failed as a whole (then every entry is nil).
func (d *directory) resolve(ctx context.Context, sids []string) (map[string]*principal, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]*principal{}
	if err := d.connect(ctx); err != nil {
		return out, err
	}
	conn := d.conn // the callback must not read d.conn, which changes
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer func() {
		if !stop() && d.conn == conn {
			// The deadline closed the connection after the last
			// lookup: the next file must not use it.
			d.conn = nil
		}
	}()
	for _, sid := range sids {
		if p, ok := d.cache[sid]; ok {
			out[sid] = p
			continue
		}
		if !strings.HasPrefix(sid, "S-1-5-21-") {
			continue // well-known and Unix SIDs keep their fixed names
		}
		p, err := d.lookup(sid)
		if err != nil {
			if ctx.Err() != nil {
				return out, d.drop(ctx.Err())
			}
			if ldap.IsErrorWithCode(err, ldap.ErrorNetwork) {
				return out, d.drop(&dirError{"lost the LDAP connection"})
			}
			// One SID that fails stays raw.
		}
		d.cache[sid] = p
		out[sid] = p
	}
	return out, nil
}

// lookup finds one SID and, for a group, counts its members.
func (d *directory) lookup(sid string) (*principal, error) {
	bin, err := sidBytes(sid)
	if err != nil {
		return nil, nil
	}
	r, err := d.conn.Search(ldap.NewSearchRequest(d.base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 2, 0, false,
		"(objectSid="+escapeBytes(bin)+")", []string{"sAMAccountName", "objectClass", "objectCategory"}, nil))
	if err != nil || len(r.Entries) != 1 {
		return nil, err
	}
	e := r.Entries[0]
	acct := e.GetAttributeValue("sAMAccountName")
	if acct == "" {
		return nil, nil
	}
	p := &principal{name: d.netbios + `\` + acct, members: -1}
	for _, oc := range e.GetAttributeValues("objectClass") {
		switch strings.ToLower(oc) {
		case "group":
			p.group = true
		case "person":
			p.person = true
		case "computer":
			p.person = false
		}
	}
	if slicesContainsFold(e.GetAttributeValues("objectClass"), "computer") {
		p.person = false
	}
	if p.group {
		p.members, p.capped = d.countMembers(e.DN, domainRID(sid))
	}
	return p, nil
}

func slicesContainsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// countMembers counts the user accounts in group dn, through nested
// groups (LDAP_MATCHING_RULE_IN_CHAIN), plus those whose primary group it
// is (Domain Users), up to MaxMembers. -1 when the server cannot say.
func (d *directory) countMembers(dn, rid string) (int, bool) {
	limit := d.c.opts.Directory.MaxMembers
	if limit <= 0 {
		limit = 100000
	}
	person := "(objectCategory=person)(objectClass=user)"
	n, capped, err := d.count("(&"+person+"(memberOf:1.2.840.113556.1.4.1941:="+ldap.EscapeFilter(dn)+"))", limit)
	if err != nil {
		return -1, false
	}
	if rid != "" && !capped {
		m, c2, err := d.count("(&"+person+"(primaryGroupID="+rid+"))", limit-n)
		if err == nil {
			n, capped = n+m, c2
		}
	}
	return n, capped
}

// count pages through filter's matches without attributes, stopping past
// limit.
func (d *directory) count(filter string, limit int) (int, bool, error) {
	paging := ldap.NewControlPaging(1000)
	req := ldap.NewSearchRequest(d.base, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false,
		filter, []string{"1.1"}, []ldap.Control{paging})
	n := 0
	for {
		r, err := d.conn.Search(req)
		if err != nil {
			return n, false, err
		}
		n += len(r.Entries)
		if n > limit {
			return limit, true, nil
		}
		pc, ok := ldap.FindControl(r.Controls, ldap.ControlTypePaging).(*ldap.ControlPaging)
		if !ok || len(pc.Cookie) == 0 {
			return n, false, nil
		}
		paging.SetCookie(pc.Cookie)
	}
}

func (d *directory) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn != nil {
		d.conn.Close()
		d.conn = nil
	}
}

// sidBytes encodes "S-1-5-21-…" in binary form.
func sidBytes(sid string) ([]byte, error) {
	parts := strings.Split(sid, "-")
	if len(parts) < 3 || parts[0] != "S" || parts[1] != "1" || len(parts)-3 > 15 {
		return nil, errBadSD
	}
	auth, err := strconv.ParseUint(parts[2], 10, 48)
	if err != nil {
		return nil, errBadSD
	}
	b := make([]byte, 8, 8+4*(len(parts)-3))
	b[0], b[1] = 1, byte(len(parts)-3)
	for i := 0; i < 6; i++ {
		b[2+i] = byte(auth >> (8 * (5 - i)))
	}
	for _, p := range parts[3:] {
		v, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return nil, errBadSD
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	return b, nil
}

// escapeBytes writes bytes as an LDAP filter value (\xx each).
func escapeBytes(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		fmt.Fprintf(&sb, `\%02x`, c)
	}
	return sb.String()
}

// memberCount is "35 members", "35,012 members", "more than 100,000
// members".
func memberCount(p *principal) string {
	if p.members < 0 {
		return ""
	}
	s := thousands(p.members)
	if p.capped {
		s = "more than " + s
	}
	if p.members == 1 && !p.capped {
		return s + " member"
	}
	return s + " members"
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
