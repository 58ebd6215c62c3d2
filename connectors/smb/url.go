package smb

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// DefaultPort is the SMB port used when the URL names none.
const DefaultPort = 445

// GuestUser is the user name that asks for a guest (anonymous) logon:
// smb://guest@host/share.
const GuestUser = "guest"

// Target is what an smb:// URL names: a server, optionally one share and a
// folder (or file) inside it. It never holds a password.
type Target struct {
	// Domain is the NTLM domain ("" = the server's own accounts).
	Domain string
	// User is the user name to log on with.
	User string
	// Host is a DNS name or IP address, without port or brackets.
	Host string
	// Port is the TCP port, DefaultPort when the URL has none.
	Port int
	// Share is the share to scan; empty means every disk share.
	Share string
	// Path is a slash-separated folder or file inside Share, without
	// leading or trailing slash; empty means the share's root.
	Path string
	// Guest is true for the user "guest": log on without a password.
	Guest bool
}

// errPasswordInURL is returned for smb://user:pass@...; it never echoes the
// URL, which holds the password.
var errPasswordInURL = errors.New("passwords are never accepted in the URL: set CREDSWEEP_SMB_PASSWORD or use --smb-password-file")

// ParseURL parses smb://[DOMAIN;]USER@HOST[:PORT][/SHARE[/PATH]].
//
// The domain may also be written DOMAIN\USER (percent-encoded or not). A
// user name holding '@' (alice@example.com) must write it as %40. Path
// segments are percent-decoded; spaces and other characters may also be
// given as is. There is no query or fragment: '?' and '#' are part of the
// path. A URL with a password is refused without echoing it.
func ParseURL(raw string) (Target, error) {
	var t Target
	const scheme = "smb://"
	if len(raw) < len(scheme) || !strings.EqualFold(raw[:len(scheme)], scheme) {
		return t, fmt.Errorf("not an SMB URL: want smb://[DOMAIN;]USER@HOST[:PORT][/SHARE[/PATH]]")
	}
	rest := raw[len(scheme):]
	authority, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		authority, path = rest[:i], rest[i+1:]
	}
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		if strings.Contains(authority, ":") && strings.Count(authority, ":") == 1 && !validPort(authority[strings.IndexByte(authority, ':')+1:]) {
			// host:something that is no port: probably user:pass without
			// '@'; do not echo it.
			return t, errors.New("invalid SMB URL: a user name is required: smb://USER@HOST/SHARE")
		}
		return t, errors.New("invalid SMB URL: a user name is required: smb://USER@HOST/SHARE (smb://guest@HOST/SHARE for guest access)")
	}
	userinfo, hostport := authority[:at], authority[at+1:]
	// Checked before any decoding or other error, so that no later message
	// can carry the password.
	if strings.ContainsRune(userinfo, ':') {
		return t, errPasswordInURL
	}
	u, err := url.PathUnescape(userinfo)
	if err != nil {
		return t, errors.New("invalid SMB URL: bad percent-encoding in the user name")
	}
	if strings.ContainsRune(u, ':') {
		return t, errPasswordInURL
	}
	if i := strings.IndexAny(u, `;\`); i >= 0 {
		t.Domain, u = u[:i], u[i+1:]
		if t.Domain == "" {
			return t, errors.New("invalid SMB URL: empty domain before ';'")
		}
	}
	if u == "" {
		return t, errors.New("invalid SMB URL: empty user name")
	}
	if strings.ContainsAny(t.Domain+u, "\x00/;\\") {
		return t, errors.New("invalid SMB URL: bad character in the user or domain name")
	}
	t.User = u
	t.Guest = strings.EqualFold(u, GuestUser) && t.Domain == ""

	if t.Host, t.Port, err = splitHostPort(hostport); err != nil {
		return Target{}, err
	}

	segs, err := splitPath(path)
	if err != nil {
		return Target{}, err
	}
	if len(segs) > 0 {
		t.Share = segs[0]
		t.Path = strings.Join(segs[1:], "/")
	}
	return t, nil
}

func validPort(s string) bool {
	p, err := strconv.Atoi(s)
	return err == nil && p > 0 && p < 65536 && s[0] != '+'
}

func splitHostPort(hp string) (host string, port int, err error) {
	port = DefaultPort
	switch {
	case hp == "":
		return "", 0, errors.New("invalid SMB URL: no host")
	case hp[0] == '[':
		end := strings.IndexByte(hp, ']')
		if end < 0 {
			return "", 0, errors.New("invalid SMB URL: unclosed '[' in host")
		}
		host = hp[1:end]
		if net.ParseIP(host) == nil {
			return "", 0, fmt.Errorf("invalid SMB URL: %q is not an IPv6 address", host)
		}
		rest := hp[end+1:]
		if rest != "" {
			if rest[0] != ':' || !validPort(rest[1:]) {
				return "", 0, fmt.Errorf("invalid SMB URL: bad port %q", strings.TrimPrefix(rest, ":"))
			}
			port, _ = strconv.Atoi(rest[1:])
		}
		return host, port, nil
	}
	host = hp
	if i := strings.LastIndexByte(hp, ':'); i >= 0 {
		if strings.Count(hp, ":") > 1 {
			return "", 0, errors.New("invalid SMB URL: write IPv6 addresses in brackets: smb://user@[::1]/share")
		}
		if !validPort(hp[i+1:]) {
			return "", 0, fmt.Errorf("invalid SMB URL: bad port %q", hp[i+1:])
		}
		host, port = hp[:i], mustAtoi(hp[i+1:])
	}
	if host == "" {
		return "", 0, errors.New("invalid SMB URL: no host")
	}
	if h, err := url.PathUnescape(host); err == nil {
		host = h
	}
	if strings.ContainsAny(host, " /\\@\x00[]%") {
		return "", 0, fmt.Errorf("invalid SMB URL: bad host name %q", host)
	}
	return host, port, nil
}

func mustAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// splitPath decodes the share and path segments; empty segments (double or
// trailing slashes) are dropped, "." and ".." are refused.
func splitPath(p string) ([]string, error) {
	var segs []string
	for _, s := range strings.Split(p, "/") {
		if s == "" {
			continue
		}
		d, err := url.PathUnescape(s)
		if err != nil {
			// A literal '%' that is no escape: take the segment as is.
			d = s
		}
		if d == "." || d == ".." {
			return nil, errors.New("invalid SMB URL: '.' and '..' are not allowed in the path")
		}
		if strings.ContainsAny(d, "/\\\x00") {
			return nil, fmt.Errorf("invalid SMB URL: bad character in path segment %q", d)
		}
		segs = append(segs, d)
	}
	if len(segs) > 0 && strings.ContainsAny(segs[0], `:*?"<>|`) {
		return nil, fmt.Errorf("invalid SMB URL: bad share name %q", segs[0])
	}
	return segs, nil
}

// String is the URL without password, for messages:
// smb://[DOMAIN;]USER@HOST[:PORT][/SHARE[/PATH]].
func (t Target) String() string {
	var b strings.Builder
	b.WriteString("smb://")
	if t.Domain != "" {
		b.WriteString(url.PathEscape(t.Domain) + ";")
	}
	b.WriteString(url.PathEscape(t.User))
	b.WriteByte('@')
	b.WriteString(t.hostPort(false))
	if t.Share != "" {
		b.WriteString("/" + url.PathEscape(t.Share))
		if t.Path != "" {
			for _, s := range strings.Split(t.Path, "/") {
				b.WriteString("/" + url.PathEscape(s))
			}
		}
	}
	return b.String()
}

// server is the error-message prefix: smb://HOST[:PORT].
//
// It names no user: errors carry it, and they reach reports and logs.
func (t Target) server() string {
	return "smb://" + t.hostPort(false)
}

// hostPort is HOST[:PORT] as in a URL; with always, the port is written
// even when it is the default (for dialing).
func (t Target) hostPort(always bool) string {
	h := t.Host
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	port := t.Port
	if port == 0 {
		port = DefaultPort
	}
	if port != DefaultPort || always {
		h += ":" + strconv.Itoa(port)
	}
	return h
}
