package credentials

import (
	"bytes"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// netrc reads .netrc entries: "machine HOST login USER password PASS",
// written on one line or spread over several, as curl, ftp and git read
// them. An entry is reported when the next one starts or the section ends.
type netrc struct {
	active bool
	named  bool   // the file is a .netrc / _netrc: no shape checks
	expect string // keyword whose value the next token is
	macdef bool   // inside a macro definition, until an empty line
	host   string
	login  string
	pass   string
	passAt int
}

// isNetrcName reports the names curl, ftp and git read (_netrc on Windows).
func isNetrcName(base string) bool {
	return base == ".netrc" || base == "_netrc" || base == "netrc" || strings.HasSuffix(base, ".netrc")
}

// netrcStart reports a line that starts an entry: "machine" followed by a
// value, or "default" in a file named like a .netrc.
func (s *session) netrcStart(line []byte) bool {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	t := line[i:]
	if len(t) < 8 || t[0]|0x20 != 'm' && t[0]|0x20 != 'd' {
		return false
	}
	if hasFold(t, "machine") && (t[7] == ' ' || t[7] == '\t') {
		return true
	}
	return s.nrc.named && hasFold(t, "default") && (t[7] == ' ' || t[7] == '\t')
}

// netrcLine reads one line as part of a .netrc and reports whether it was
// one. Outside files named .netrc, a line holding anything but netrc
// keywords and their values ends the entry and is left to the other rules.
func (s *session) netrcLine(line []byte, n int, emit func(detectors.Finding)) bool {
	nr := &s.nrc
	if nr.macdef {
		if len(bytes.TrimSpace(line)) == 0 {
			nr.macdef = false
		}
		return true
	}
	if !nr.named && !nr.active && !netrcOnly(line) {
		return false
	}
	if !nr.named && nr.active && !netrcOnly(line) {
		nr.flush(s, emit)
		nr.active = false
		return false
	}
	nr.active = true
	for _, tok := range bytes.Fields(line) {
		if nr.expect != "" {
			v := string(tok)
			switch nr.expect {
			case "machine":
				nr.host = v
			case "login":
				nr.login = v
			case "password":
				nr.pass, nr.passAt = v, n
			case "macdef":
				nr.macdef = true
			}
			nr.expect = ""
			continue
		}
		switch k := strings.ToLower(string(tok)); k {
		case "machine", "default":
			nr.flush(s, emit)
			nr.host = "default"
			if k == "machine" {
				nr.expect = k
			}
		case "login", "password", "account", "macdef":
			nr.expect = k
		}
	}
	return true
}

// netrcOnly reports whether every other token of a line is a netrc
// keyword, so "machine learning, login page" stays prose.
func netrcOnly(line []byte) bool {
	f := bytes.Fields(line)
	if len(f) == 0 || len(f)%2 != 0 {
		return false
	}
	for i := 0; i < len(f); i += 2 {
		switch strings.ToLower(string(f[i])) {
		case "machine", "login", "password", "account":
		default:
			return false
		}
	}
	return true
}

// flush reports the entry read so far and starts a new one.
func (nr *netrc) flush(s *session, emit func(detectors.Finding)) {
	host, login, pass, at := nr.host, nr.login, nr.pass, nr.passAt
	nr.host, nr.login, nr.pass, nr.expect = "", "", "", ""
	// Anonymous FTP entries give an e-mail address as password.
	if login == "" || pass == "" || !netrcValueOK(pass) || s.template || strings.EqualFold(login, "anonymous") ||
		strings.EqualFold(login, "ftp") {
		return
	}
	if !nr.named && (!hostLike(host) || !strong(pass) && len(pass) < 20) {
		return
	}
	emit(detectors.Finding{Rule: RuleNetrc, Line: at, Secret: login + "@" + host + "\x00" + pass,
		Masked: masked(login, pass), Detail: detectors.Text("machine entry"), Confidence: detectors.ConfidenceHigh})
}

// netrcValueOK rejects placeholders, masks and variables in the password
// slot ("changeme", "<token>", "$GITHUB_TOKEN", "********").
func netrcValueOK(v string) bool {
	if len(v) < 3 || len(v) > 512 || !hasAlnum(v) || v[0] == '$' || v[0] == '%' {
		return false
	}
	lv := strings.ToLower(v)
	return !placeholders[lv] && !templateValues[lv] && !isMask(v) && !isTemplateSyntax(v) && !isPassWord(v)
}

// hostLike reports a host name or address with a dot (or localhost), the
// check that keeps "machine learning" out when the file is not a .netrc.
func hostLike(h string) bool {
	if h == "localhost" {
		return true
	}
	if len(h) < 3 || len(h) > 253 || h[0] == '.' || h[len(h)-1] == '.' || strings.IndexByte(h, '.') < 0 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !asciiAlnum(c) && c != '.' && c != '-' && c != ':' && c != '_' {
			return false
		}
	}
	return true
}

func asciiAlnum(c byte) bool { return c-'0' <= 9 || (c|0x20)-'a' <= 'z'-'a' }
