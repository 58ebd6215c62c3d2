package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/credsweep/credsweep/connectors/local"
	"github.com/credsweep/credsweep/scanner"
)

// openTargets connects to every target up front, so a wrong password or an
// unknown host fails before any work starts. network reports whether any
// target is remote (more workers hide latency).
func openTargets(ctx context.Context, args []string, f *scanFlags) ([]scanner.Target, bool, error) {
	var targets []scanner.Target
	network := false
	for _, a := range args {
		var t scanner.Target
		var err error
		switch {
		case strings.HasPrefix(strings.ToLower(a), "smb://"):
			t, err = openSMB(ctx, a, &f.smb)
			network = true
		case strings.HasPrefix(strings.ToLower(a), "gdrive://"):
			t, err = openDrive(ctx, a, &f.drive)
			network = true
		case strings.Contains(a, "://"):
			err = fmt.Errorf("%s: unsupported target (use a local path, smb:// or gdrive://)", redactURL(a))
		default:
			var c *local.Connector
			c, err = local.New(a)
			t = scanner.Target{Name: a, Source: "local", Connector: c, Identity: localIdentity(a)}
		}
		if err != nil {
			return targets, network, err
		}
		targets = append(targets, t)
	}
	return targets, network, nil
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
