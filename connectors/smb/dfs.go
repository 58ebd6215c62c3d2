package smb

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/credsweep/credsweep/connectors"
)

// DFS links are followed after the shares of the target are walked: each
// link's referral is asked for on IPC$ of the server that holds the link,
// and the first target that answers is walked as if it had been named on
// the command line. Files found that way are reported where they live
// (smb/<target server>/<share>/<path>), not under the link's name, so a
// share reached through two links, or through a link and directly, is
// walked once; a target already walked (or planned) is not walked again,
// which also breaks cycles.
//
// A target on another server is reached on the port of the original
// server (445 in any real domain; tests run Samba on one loopback port),
// with the same credentials and options. Its item IDs carry the server
// ("//fs02/share/path"), since the fingerprint namespace is the original
// server's.

// maxDFSHops bounds how many links deep a walk follows (a namespace whose
// link targets are namespaces of their own, and so on).
const maxDFSHops = 8

// maxDFSServers bounds how many other servers one walk connects to, so a
// hostile referral cannot make us dial without end.
const maxDFSServers = 32

// dfsLink is a DFS link met during a walk.
type dfsLink struct {
	c          *Connector // whose share holds the link
	share, rel string
	hops       int // links followed to reach this one
}

// dfsWalk is the state of one Walk across the links it follows. It is used
// from Walk's goroutine only.
type dfsWalk struct {
	root    *Connector
	walked  []dfsPath // roots walked or about to be
	pending []dfsLink
	conns   map[string]*Connector // other servers, by lower-case host
}

func newDFSWalk(root *Connector) *dfsWalk {
	return &dfsWalk{root: root, conns: map[string]*Connector{}}
}

// plan records a root the walk will cover.
func (w *dfsWalk) plan(p dfsPath) { w.walked = append(w.walked, p) }

func (w *dfsWalk) covered(p dfsPath) bool {
	for _, q := range w.walked {
		if q.covers(p) {
			return true
		}
	}
	return false
}

// follow walks the targets of every pending link, and of the links found
// there, until none is left.
func (w *dfsWalk) follow(ctx context.Context, fn func(connectors.Item) error) error {
	for len(w.pending) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		l := w.pending[0]
		w.pending = w.pending[1:]
		if err := w.followOne(ctx, l, fn); err != nil {
			return err
		}
	}
	return nil
}

func (w *dfsWalk) followOne(ctx context.Context, l dfsLink, fn func(connectors.Item) error) error {
	c := l.c
	// A link that cannot be followed is a failed folder; its error carries
	// no cause, so that no sentinel of another server's errors (ErrFatal)
	// reaches the scanner.
	fail := func(err error) error {
		it := c.item(l.share, l.rel)
		it.Dir, it.Err = true, err
		return fn(it)
	}
	if l.hops >= maxDFSHops {
		it := c.item(l.share, l.rel)
		it.Dir, it.Skip = true, fmt.Sprintf("DFS link nested deeper than %d links: not followed", maxDFSHops)
		return fn(it)
	}
	unc := `\` + c.target.Host + `\` + l.share + `\` + strings.ReplaceAll(l.rel, "/", `\`)
	ref, err := c.referral(ctx, unc)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fail(errors.New("DFS link: no referral from the server: " + errorText(err)))
	}
	var lastErr error
	var hosts []string // for the message, which names the servers only
	for _, t := range ref.targets {
		p, ok := parseUNC(t)
		if !ok {
			lastErr = errBadReferral
			continue
		}
		hosts = append(hosts, p.host)
		if w.covered(p) {
			return nil // walked already, or planned: not twice
		}
		tc, err := w.connector(ctx, p)
		if err == nil {
			_, err = tc.mountRetry(ctx, p.share)
			if err != nil {
				err = tc.shareError(err)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			lastErr = err
			continue // the next replica
		}
		w.plan(p)
		return tc.walkShare(ctx, p.share, p.rel, fn, w, l.hops+1)
	}
	// Share and folder names of a target may be personal (home shares):
	// the message names the servers only.
	msg := "DFS link: no target could be reached"
	if len(hosts) > 0 {
		msg = fmt.Sprintf("DFS link to %s: cannot be followed", strings.Join(hosts, ", "))
	}
	if lastErr != nil {
		msg += ": " + errorText(lastErr)
	}
	return fail(errors.New(msg))
}

// errorText is an error's message without the "smb://host:port: " prefix
// of another connector's errors (the message names the host already). The
// error itself is not kept: a fatal error of that connector (its server
// refused the logon) must not stop the scan of this one.
func errorText(err error) string {
	msg := rootCause(err).Error()
	var ke *kindError
	if errors.As(err, &ke) {
		msg = ke.msg
	}
	if strings.HasPrefix(msg, "smb://") {
		if _, rest, ok := strings.Cut(msg, ": "); ok {
			return rest
		}
	}
	return msg
}

// connector returns the connector for p's server: the walk's own for its
// server, else one opened (once) with the same credentials and options.
func (w *dfsWalk) connector(ctx context.Context, p dfsPath) (*Connector, error) {
	root := w.root
	if strings.EqualFold(p.host, root.target.Host) {
		return root, nil
	}
	key := strings.ToLower(p.host)
	if c, ok := w.conns[key]; ok {
		if c == nil {
			return nil, fmt.Errorf("server %s could not be reached before", p.host)
		}
		return c, nil
	}
	if len(w.conns) >= maxDFSServers {
		return nil, fmt.Errorf("more than %d servers behind DFS links", maxDFSServers)
	}
	t := root.target
	t.Host, t.Share, t.Path = p.host, p.share, ""
	o := root.opts
	o.Directory = DirectoryOptions{} // the original server's directory is used
	c, err := New(ctx, t, o)
	if err != nil {
		if ctx.Err() == nil {
			w.conns[key] = nil
		}
		return nil, err
	}
	c.idPrefix = "//" + key + "/"
	c.dir, c.borrowedDir = root.dir, true
	w.conns[key] = c
	root.addChild(c)
	return c, nil
}

// referral asks the server for the DFS referral of unc on IPC$.
func (c *Connector) referral(ctx context.Context, unc string) (referral, error) {
	m, err := c.mountRetry(ctx, "IPC$")
	if err != nil {
		return referral{}, c.shareError(err)
	}
	cc := newCallCtx()
	cc.begin(ctx, c.opts.CallTimeout)
	raw, err := m.share.WithContext(cc).DFSReferrals(unc, referralLevel)
	timedOut := cc.end()
	if err != nil {
		err, drop := classify(err, timedOut, c.opts.CallTimeout)
		if drop {
			c.pool.drop(m.sess, m.gen)
		}
		return referral{}, err
	}
	return parseReferral(raw, unc)
}

// addChild keeps a connector opened to follow a link, for Close.
func (c *Connector) addChild(child *Connector) {
	c.childMu.Lock()
	c.children = append(c.children, child)
	c.childMu.Unlock()
}
