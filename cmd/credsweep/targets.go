package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/credsweep/credsweep/connectors/local"
	"github.com/credsweep/credsweep/connectors/smb"
	"github.com/credsweep/credsweep/scanner"
)

// openTargets connects to every target up front, so a wrong password or an
// unknown host fails before any work starts. network reports whether any
// target is remote (more workers hide latency).
//
// With lenient (the scan was given several targets), a target that cannot
// be opened (a folder that is gone, a server that is down) does not stop
// the others: it is returned with Unavailable set, the scan lists it as
// failed and exits 3. Usage errors (a malformed or unsupported URL) stop
// the scan whatever lenient says.
func openTargets(ctx context.Context, args []string, f *scanFlags, lenient bool) ([]scanner.Target, bool, error) {
	// A sharded scan must fail rather than skip: each shard plans on its
	// own, and a server one shard sees down while another sees it up
	// would leave its shares to nobody.
	lenient = lenient && f.shard == ""
	var targets []scanner.Target
	network := false
	for _, a := range args {
		t, remote, err := openTarget(ctx, a, f)
		network = network || remote
		var usage *exitError
		if err != nil && (!lenient || errors.As(err, &usage)) {
			return targets, network, err
		}
		if err != nil {
			t = unavailableTarget(a, err)
		}
		targets = append(targets, t)
	}
	return targets, network, nil
}

func openTarget(ctx context.Context, a string, f *scanFlags) (scanner.Target, bool, error) {
	switch lower := strings.ToLower(a); {
	case strings.HasPrefix(lower, "smb://"):
		if _, err := smb.ParseURL(a); err != nil {
			return scanner.Target{}, true, usageErr("%v", err)
		}
		t, err := openSMB(ctx, a, &f.smb)
		return t, true, err
	case strings.HasPrefix(lower, "gdrive://"):
		t, err := openDrive(ctx, a, &f.drive)
		return t, true, err
	case strings.Contains(a, "://"):
		return scanner.Target{}, false, usageErr("%s: unsupported target (use a local path, smb:// or gdrive://)", redactURL(a))
	}
	c, err := local.New(a)
	return scanner.Target{Name: a, Source: "local", Connector: c, Identity: localIdentity(a)}, false, err
}

// unavailableTarget is a target that could not be opened, with the
// identity it would have had (so its results in a state file are kept,
// not taken for fixed).
func unavailableTarget(a string, err error) scanner.Target {
	t := scanner.Target{Name: redactURL(a), Unavailable: err}
	switch lower := strings.ToLower(a); {
	case strings.HasPrefix(lower, "smb://"):
		u, _ := smb.ParseURL(a)
		t.Source, t.Identity, t.Namespace = "smb", smbIdentity(u, true), smbIdentity(u, false)
		// The reason reaches every output: it must not name the login
		// user (a Kerberos error names the principal).
		t.Name = t.Identity
		t.Unavailable = withoutUser{err, u.User, u.Domain}
	case strings.HasPrefix(lower, "gdrive://"):
		t.Source, t.Identity = "gdrive", redactURL(a)
	default:
		t.Source, t.Identity = "local", localIdentity(a)
	}
	return t
}

// withoutUser is an error whose text no longer names the login user or
// domain; errors.Is and As still see the cause.
type withoutUser struct {
	err          error
	user, domain string
}

func (e withoutUser) Error() string {
	msg := e.err.Error()
	for _, s := range []string{e.user, e.domain} {
		if len(s) >= 2 {
			msg = replaceFold(msg, s, "…")
		}
	}
	return msg
}

func (e withoutUser) Unwrap() error { return e.err }

// replaceFold replaces every case-insensitive occurrence of old.
func replaceFold(s, old, repl string) string {
	lower, lo := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) {
		return strings.ReplaceAll(s, old, repl)
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lo)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}

// closeTargets closes the connectors of the targets that were opened.
func closeTargets(targets []scanner.Target) {
	for _, t := range targets {
		if t.Connector != nil {
			t.Connector.Close()
		}
	}
}

// localIdentity is a local target's canonical identity: its absolute,
// clean path as a file URL, so "s", "./s" and "/abs/s" are one target.
func localIdentity(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = filepath.Clean(p)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	return "file://" + filepath.ToSlash(abs)
}

// redactURL hides a password someone put in a URL despite the rules, so it
// never reaches a log or an error message.
func redactURL(s string) string {
	at := strings.LastIndexByte(s, '@')
	scheme := strings.Index(s, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return s
	}
	userinfo := s[scheme+3 : at]
	if i := strings.IndexByte(userinfo, ':'); i >= 0 {
		return s[:scheme+3] + userinfo[:i] + ":***" + s[at:]
	}
	return s
}
