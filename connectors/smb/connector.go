// Package smb is the credsweep connector for SMB2/3 file shares (Windows
// servers, Samba, NAS boxes), on github.com/cloudsoda/go-smb2.
//
// It walks one share or every disk share of a server, opens files
// read-only with a deadline on every SMB call (a stalled server yields an
// error, never a hang), re-establishes dropped connections, and reads the
// files' ACLs to say who can read them.
//
// Item paths are "smb/<host>/<share>/<path>": host as written in the URL,
// lower-cased, without the port (so a finding keeps its identity when the
// server moves ports, and tests on random ports stay comparable); Display is
// `\\host\share\path`; ID is "<share>/<path>".
//
// This package never reads the environment: cmd fills Options (password
// from CREDSWEEP_SMB_PASSWORD, CREDSWEEP_SMB_NTHASH or --smb-password-file).
package smb

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	smb2 "github.com/cloudsoda/go-smb2"

	"github.com/credsweep/credsweep/connectors"
)

// Options configure a Connector. Zero values take the defaults shown.
type Options struct {
	// Password of Target.User. Never logged or shown.
	Password string
	// NTHash is the 16-byte NT hash to log on with instead of a password
	// (pass-the-hash, for audits with hashes only).
	NTHash []byte
	// RequireSigning refuses servers that do not sign (the client asks for
	// signing and checks every answer).
	RequireSigning bool
	// Encrypt refuses shares the server does not encrypt (SMB 3 encryption
	// is the server's decision; the client can only check it).
	Encrypt bool
	// IncludeAdminShares also scans administrative shares (C$, ADMIN$,
	// any name ending in '$') when scanning a whole server.
	IncludeAdminShares bool
	// Sessions is the number of SMB sessions (TCP connections) kept to the
	// server, shared by the walk and the open files. Default 4.
	Sessions int
	// ReadSize is the size of one SMB READ. Default 1 MiB (the most
	// Windows servers accept).
	ReadSize int
	// CallTimeout bounds every SMB call (a read, a listing batch, an open,
	// the logon). Default 30 s.
	CallTimeout time.Duration
	// DialTimeout bounds a TCP connect. Default 10 s.
	DialTimeout time.Duration
	// Auth is the logon method; "" = AuthAuto.
	Auth Auth
	// Kerberos configures Kerberos logons.
	Kerberos KerberosOptions
	// Directory configures the resolution of SIDs to names and member
	// counts through LDAP (off unless Directory.URL is set).
	Directory DirectoryOptions
	// Retries is how many times a folder listing or share mount is tried
	// again after a dropped connection before it is reported as failed.
	// Default 2; negative means none. (Failed file reads are retried by the
	// scanner: they return connectors.ErrTransient.)
	Retries int
}

func (o *Options) defaults() {
	if o.Sessions <= 0 {
		o.Sessions = 4
	}
	if o.ReadSize <= 0 {
		o.ReadSize = 1 << 20
	}
	o.ReadSize = min(o.ReadSize, 8<<20)
	if o.CallTimeout <= 0 {
		o.CallTimeout = 30 * time.Second
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = 10 * time.Second
	}
	if o.Retries == 0 {
		o.Retries = 2
	} else if o.Retries < 0 {
		o.Retries = 0
	}
}

// Connector walks and reads one SMB target. It implements
// connectors.Connector and connectors.Exposer and is safe for concurrent
// use.
type Connector struct {
	target   Target
	opts     Options
	pool     *pool
	pathHost string // host as it appears in Item.Path

	kerberos bool // log on with Kerberos (decided once, in New)
	krbMu    sync.Mutex
	krbLg    *krbLogon
	dir      *directory // nil: SIDs are not resolved

	// Connectors opened to other servers to follow DFS links (dfs.go):
	// their item IDs start with idPrefix, and they share the directory of
	// the connector that opened them (borrowedDir).
	idPrefix    string
	borrowedDir bool
	startInLink bool // the target's path runs through a DFS link
	childMu     sync.Mutex
	children    []*Connector
}

var (
	_ connectors.Connector = (*Connector)(nil)
	_ connectors.Exposer   = (*Connector)(nil)
)

// New connects to the server and logs on before returning, so that a
// wrong password, an unknown host or share, or a missing path fails at
// once with a clear error wrapping connectors.ErrFatal (it never holds the
// password or hash).
func New(ctx context.Context, t Target, o Options) (*Connector, error) {
	o.defaults()
	if t.Port == 0 {
		t.Port = DefaultPort
	}
	if t.Host == "" || t.User == "" {
		return nil, fatal("smb: target needs a host and a user", nil)
	}
	c := &Connector{target: t, opts: o, pathHost: strings.ToLower(t.Host)}
	if _, err := ParseAuth(string(o.Auth)); err != nil {
		return nil, fatal("smb: "+err.Error(), nil)
	}
	c.kerberos = !t.Guest && c.useKerberos()
	switch {
	case t.Guest:
		c.opts.Password, c.opts.NTHash = "", nil
	case c.kerberos:
		// krbLogin checks the credentials.
	case len(o.NTHash) != 0 && len(o.NTHash) != 16:
		return nil, fatal(t.server()+": the NT hash must be 16 bytes (32 hex digits)", nil)
	case o.Password == "" && len(o.NTHash) == 0:
		return nil, fatal(t.server()+": no password: set CREDSWEEP_SMB_PASSWORD or use --smb-password-file (or smb://guest@host/share for guest access)", nil)
	}
	if u := o.Directory.URL; u != "" && !strings.EqualFold(u, "auto") {
		if _, err := parseLDAPURL(u); err != nil {
			return nil, fatal(err.Error(), nil)
		}
	}
	if o.Directory.URL != "" && !t.Guest {
		c.dir = newDirectory(c)
	}
	c.pool = newPool(c)
	if err := c.check(ctx); err != nil {
		c.pool.close(time.Second)
		return nil, err
	}
	return c, nil
}

// check dials the first session and, when the target names a share (and
// path), mounts it (and stats the path).
func (c *Connector) check(ctx context.Context) error {
	t := c.target
	ss := c.pool.sessions[0]
	if t.Share == "" {
		if _, _, err := c.pool.connect(ctx, ss); err != nil {
			return c.fatalf(err, "")
		}
		return nil
	}
	m, err := c.pool.mountOn(ctx, ss, t.Share)
	if err != nil {
		return c.fatalf(err, fmt.Sprintf("share %q", t.Share))
	}
	if t.Path == "" {
		return nil
	}
	cc := newCallCtx()
	cc.begin(ctx, c.opts.CallTimeout)
	_, err = m.share.WithContext(cc).Stat(t.Path)
	timedOut := cc.end()
	if code, _ := ntStatus(err); code == statusPathNotCovered {
		// The path runs through a DFS link (\\domain\namespace\link\...,
		// as people type it): Walk follows the link.
		c.startInLink = true
		return nil
	}
	if err != nil {
		err, _ = classify(err, timedOut, c.opts.CallTimeout)
		return c.fatalf(err, fmt.Sprintf("%q in share %q", t.Path, t.Share))
	}
	return nil
}

// fatalf makes a start-up error fatal, with the server as prefix and what
// (a share or path) it was about.
func (c *Connector) fatalf(err error, what string) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, errCallTimeout) {
		return err
	}
	var ke *kindError
	if errors.As(err, &ke) && strings.HasPrefix(ke.msg, "smb://") {
		if ke.kind == connectors.ErrFatal {
			return ke
		}
		return fatal(ke.msg, err)
	}
	msg := ""
	switch code, _ := ntStatus(err); {
	case code == statusBadNetworkName:
		msg = "no such share"
	case errors.Is(err, errNotEncrypted):
		msg = errNotEncrypted.Error()
	case errors.Is(err, fs.ErrPermission) || code == statusAccessDenied:
		msg = "access denied"
	case errors.Is(err, fs.ErrNotExist):
		msg = "no such file or folder"
	case statusText(code) != "":
		msg = statusText(code)
	default:
		msg = rootCause(err).Error()
	}
	if what != "" {
		msg = what + ": " + msg
	}
	return fatal(c.target.server()+": "+msg, err)
}

// Close logs off every session. Call it after every File is closed.
func (c *Connector) Close() error {
	c.childMu.Lock()
	children := c.children
	c.children = nil
	c.childMu.Unlock()
	for _, child := range children {
		_ = child.Close()
	}
	if c.dir != nil && !c.borrowedDir {
		c.dir.close()
	}
	c.pool.close(min(c.opts.CallTimeout, 5*time.Second))
	return nil
}

// ref locates an item for Open and Exposure.
type ref struct {
	share, rel string
	// conn, when set, is the connector of another server the item was
	// found on through a DFS link.
	conn *Connector
}

// refOf recovers the share and path from an item: its Ref when it came
// from this connector's walk, else its ID ("<share>/<path>").
func refOf(it connectors.Item) (ref, error) {
	if r, ok := it.Ref.(ref); ok {
		return r, nil
	}
	share, rel, ok := strings.Cut(it.ID, "/")
	if !ok || share == "" || rel == "" {
		return ref{}, fmt.Errorf("smb: item %q has no share/path ID", it.Path)
	}
	return ref{share: share, rel: rel}, nil
}

// item builds the Item for rel (slash-separated) in share. Share names are
// case-insensitive in SMB: Path and ID use the lower-case name, so a share
// typed "SKOLE" one night and "skole" the next is one location.
func (c *Connector) item(share, rel string) connectors.Item {
	it := connectors.Item{
		Path:    "smb/" + c.pathHost + "/" + strings.ToLower(share),
		Display: `\\` + c.target.Host + `\` + share,
		ID:      c.idPrefix + strings.ToLower(share) + "/" + rel,
		Size:    -1,
		Ref:     ref{share: share, rel: rel, conn: c},
	}
	if rel != "" {
		it.Path += "/" + rel
		it.Display += `\` + strings.ReplaceAll(rel, "/", `\`)
	}
	return it
}

// Exposure reads the item's security descriptor (owner and DACL) and says
// who can read it. A descriptor that cannot be read gives the unknown
// audience with the reason in Detail (and no error); a lost connection
// also returns the error.
func (c *Connector) Exposure(ctx context.Context, it connectors.Item) (connectors.Exposure, error) {
	unknown := func(why string) connectors.Exposure {
		return connectors.Exposure{Audience: connectors.AudienceUnknown, Detail: "cannot read permissions: " + why}
	}
	r, err := refOf(it)
	if err != nil {
		return unknown("not an SMB item"), err
	}
	if r.conn != nil && r.conn != c {
		return r.conn.Exposure(ctx, it)
	}
	m, err := c.pool.mount(ctx, r.share)
	if err != nil {
		err, _ = classify(err, errors.Is(err, errCallTimeout), c.opts.CallTimeout)
		return unknown(err.Error()), err
	}
	cc := newCallCtx()
	cc.begin(ctx, c.opts.CallTimeout)
	raw, err := m.share.WithContext(cc).SecurityInfoRaw(r.rel,
		smb2.OwnerSecurityInformation|smb2.GroupSecurityInformation|smb2.DACLSecurityInformation)
	timedOut := cc.end()
	if err != nil {
		err, drop := classify(err, timedOut, c.opts.CallTimeout)
		if drop {
			c.pool.drop(m.sess, m.gen)
		}
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrNotExist) {
			return unknown(err.Error()), nil
		}
		return unknown(err.Error()), err
	}
	sd, err := parseSD(raw)
	if err != nil {
		// A descriptor we cannot parse is an unknown audience, not a
		// failure.
		return connectors.Exposure{Audience: connectors.AudienceUnknown, Detail: "cannot parse the security descriptor"}, nil
	}
	if c.dir == nil {
		return exposureOf(sd), nil
	}
	names, derr := c.dir.resolve(ctx, sd.sids())
	if ctx.Err() != nil {
		return unknown(ctx.Err().Error()), ctx.Err()
	}
	ex := exposureNamed(sd, func(sid string) (string, bool) {
		p := names[sid]
		if p == nil {
			return sidName(sid), false
		}
		if p.group {
			if n := memberCount(p); n != "" {
				return p.name + " (" + n + ")", false
			}
		}
		return p.name, p.person
	})
	if derr != nil {
		ex.Detail += " (names not resolved: " + derr.Error() + ")"
	}
	return ex, nil
}
