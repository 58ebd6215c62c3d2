package smb

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	smb2 "github.com/cloudsoda/go-smb2"
)

// pool holds Options.Sessions SMB sessions to one server. Sessions are
// shared, not leased: SMB multiplexes many requests on one connection, so
// any number of open files and directory listings use them round-robin.
// A session found dead is redialled by its next user.
type pool struct {
	c        *Connector
	sessions []*session
	next     atomic.Uint32
	closed   atomic.Bool
}

// session is one pooled SMB session and the shares mounted on it.
type session struct {
	// lock serialises dialling and mounting; a channel so waiting honours
	// the caller's context.
	lock chan struct{}

	mu     sync.Mutex // guards the fields below
	s      *smb2.Session
	tcp    *sniffConn
	gen    uint64 // bumped each time the session is dropped
	shares map[string]*smb2.Share
}

// mount is a share on one generation of one session.
type mount struct {
	sess  *session
	gen   uint64
	share *smb2.Share
	tcp   *sniffConn
}

func newPool(c *Connector) *pool {
	p := &pool{c: c}
	for range c.opts.Sessions {
		p.sessions = append(p.sessions, &session{lock: make(chan struct{}, 1)})
	}
	return p
}

// pick returns the next session round-robin.
func (p *pool) pick() *session {
	return p.sessions[int(p.next.Add(1)-1)%len(p.sessions)]
}

var errClosed = errors.New("smb connector closed")

// mount returns share mounted on some session, dialling or mounting as
// needed.
func (p *pool) mount(ctx context.Context, share string) (mount, error) {
	return p.mountOn(ctx, p.pick(), share)
}

func (p *pool) mountOn(ctx context.Context, ss *session, share string) (mount, error) {
	if err := ss.acquire(ctx); err != nil {
		return mount{}, err
	}
	defer ss.release()
	s, gen, err := p.connectLocked(ctx, ss)
	if err != nil {
		return mount{}, err
	}
	ss.mu.Lock()
	sh, tcp := ss.shares[share], ss.tcp
	ss.mu.Unlock()
	if sh != nil {
		return mount{sess: ss, gen: gen, share: sh, tcp: tcp}, nil
	}
	sh, err = p.c.mountShare(ctx, s, tcp, share)
	if err != nil {
		if isConnectionLost(err) || errors.Is(err, errCallTimeout) {
			p.drop(ss, gen)
		}
		return mount{}, err
	}
	ss.mu.Lock()
	if ss.gen == gen && ss.shares != nil {
		ss.shares[share] = sh
	}
	ss.mu.Unlock()
	return mount{sess: ss, gen: gen, share: sh, tcp: tcp}, nil
}

// acquire takes the session's dial lock, honouring ctx.
func (ss *session) acquire(ctx context.Context) error {
	select {
	case ss.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (ss *session) release() { <-ss.lock }

// connect returns ss's SMB session, dialling it if needed.
func (p *pool) connect(ctx context.Context, ss *session) (*smb2.Session, uint64, error) {
	if err := ss.acquire(ctx); err != nil {
		return nil, 0, err
	}
	defer ss.release()
	return p.connectLocked(ctx, ss)
}

func (p *pool) connectLocked(ctx context.Context, ss *session) (*smb2.Session, uint64, error) {
	if p.closed.Load() {
		return nil, 0, errClosed
	}
	ss.mu.Lock()
	s, gen := ss.s, ss.gen
	ss.mu.Unlock()
	if s != nil {
		return s, gen, nil
	}
	s, tcp, err := p.c.dial(ctx)
	if err != nil {
		return nil, 0, err
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if p.closed.Load() {
		_ = tcp.Close()
		return nil, 0, errClosed
	}
	ss.s, ss.tcp, ss.shares = s, tcp, map[string]*smb2.Share{}
	return s, ss.gen, nil
}

// drop closes generation gen of ss (if still current): its TCP connection
// goes, every call in flight on it fails, and the next user redials.
func (p *pool) drop(ss *session, gen uint64) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.gen != gen || ss.tcp == nil {
		return
	}
	_ = ss.tcp.Close()
	ss.s, ss.tcp, ss.shares = nil, nil, nil
	ss.gen++
}

// close logs every session off, bounded by timeout, and closes them.
func (p *pool) close(timeout time.Duration) {
	p.closed.Store(true)
	var wg sync.WaitGroup
	for _, ss := range p.sessions {
		ss.mu.Lock()
		s, tcp := ss.s, ss.tcp
		ss.s, ss.tcp, ss.shares = nil, nil, nil
		ss.gen++
		ss.mu.Unlock()
		if s == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			_ = s.WithContext(ctx).Logoff() // closes the connection too
			_ = tcp.Close()
		}()
	}
	wg.Wait()
}

// errCallTimeout marks a dial or mount that got no answer in time.
var errCallTimeout = errors.New("no answer from the server in time")

// dial connects and authenticates one session, within DialTimeout (TCP)
// plus CallTimeout (negotiate and session setup).
func (c *Connector) dial(ctx context.Context) (*smb2.Session, *sniffConn, error) {
	addr := c.target.hostPort(true)
	nd := net.Dialer{Timeout: c.opts.DialTimeout, KeepAlive: 30 * time.Second}
	raw, err := nd.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, c.dialError(ctx, err)
	}
	tcp := &sniffConn{Conn: raw}
	init, err := c.initiator(ctx)
	if err != nil {
		_ = raw.Close()
		return nil, nil, err
	}
	d := &smb2.Dialer{
		Negotiator: smb2.Negotiator{RequireMessageSigning: c.opts.RequireSigning},
		Initiator:  init,
	}
	sctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout)
	defer cancel()
	s, err := d.DialConn(sctx, tcp, addr)
	if err != nil {
		_ = tcp.Close()
		if ctx.Err() == nil && sctx.Err() != nil {
			return nil, nil, fmt.Errorf("%s: no answer to SMB negotiation within %s: %w", c.target.server(), c.opts.CallTimeout, errCallTimeout)
		}
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if code, ok := ntStatus(err); ok && isLogonStatus(code) {
			msg := statusText(code)
			if c.kerberos {
				msg = "Kerberos: the server refused the ticket: " + msg
			} else if code == statusLogonFailure {
				msg += " (if the server accepts Kerberos only, use --smb-auth kerberos)"
			}
			return nil, nil, fatal(c.target.server()+": "+msg, err)
		}
		if c.kerberos && strings.Contains(err.Error(), "Kerberos") {
			return nil, nil, c.krbError(c.krbLg, err)
		}
		if isConnectionLost(err) {
			return nil, nil, transient(fmt.Sprintf("%s: connection lost during logon: %v", c.target.server(), rootCause(err)), err)
		}
		return nil, nil, fmt.Errorf("%s: SMB logon failed: %w", c.target.server(), err)
	}
	return s, tcp, nil
}

func (c *Connector) dialError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return fatal(c.target.server()+": unknown host", err)
	case errors.As(err, &opErr) && opErr.Timeout():
		return transient(fmt.Sprintf("%s: cannot connect: no answer within %s", c.target.server(), c.opts.DialTimeout), err)
	}
	return transient(fmt.Sprintf("%s: cannot connect: %v", c.target.server(), rootNetError(err)), err)
}

// rootNetError drops net.OpError's "dial tcp 1.2.3.4:445:" prefix.
func rootNetError(err error) error {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		var sysErr interface{ Unwrap() error }
		if errors.As(opErr.Err, &sysErr) && sysErr.Unwrap() != nil {
			return sysErr.Unwrap()
		}
		return opErr.Err
	}
	return err
}

func (c *Connector) initiator(ctx context.Context) (smb2.Initiator, error) {
	if c.target.Guest {
		return &smb2.NTLMInitiator{User: GuestUser}, nil
	}
	if c.kerberos {
		return c.krbInitiator(ctx)
	}
	return &smb2.NTLMInitiator{
		User:     c.target.User,
		Domain:   c.target.Domain,
		Password: c.opts.Password,
		Hash:     c.opts.NTHash,
	}, nil
}

// mountShare tree-connects share within CallTimeout and, with
// Options.Encrypt, checks the server encrypts it.
func (c *Connector) mountShare(ctx context.Context, s *smb2.Session, tcp *sniffConn, share string) (*smb2.Share, error) {
	cc := newCallCtx()
	cc.begin(ctx, c.opts.CallTimeout)
	unc := `\\` + c.target.Host + `\` + share
	sh, err := s.WithContext(cc).Mount(unc)
	encrypted := true
	if err == nil && c.opts.Encrypt {
		// The tree connect answer itself is never encrypted for a share
		// that alone requires encryption: look at the next call's answer.
		// Every other share on this session passed this check, so any
		// plain frame now comes from this one.
		plain0 := tcp.plain.Load()
		if _, err = sh.WithContext(cc).Stat(""); err == nil && tcp.plain.Load() != plain0 {
			encrypted = false
			_ = sh.WithContext(cc).Umount()
		}
	}
	timedOut := cc.end()
	if err != nil {
		if timedOut {
			return nil, fmt.Errorf("share %q: no answer within %s: %w", share, c.opts.CallTimeout, errCallTimeout)
		}
		return nil, err
	}
	if !encrypted {
		return nil, errNotEncrypted
	}
	return sh, nil
}

// errNotEncrypted refuses a share the server does not encrypt.
var errNotEncrypted = errors.New("the server does not encrypt this share (encryption was required)")
