package credentials

import (
	"bytes"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// Combo-list limits: a block needs comboMinRun shaped lines, half of them
// with an e-mail user or a password-like value, before it is reported;
// config files of key:value lines never get there.
const (
	comboMinRun  = 3
	comboMaxPend = 64
)

// combo is the state of a run of user:password lines.
type combo struct {
	run, good, miss int
	confirmed       bool
	pend            []detectors.Finding
}

// schemes are left-hand sides that make "x:y" a URL or path, not a login.
var schemes = map[string]bool{
	"http": true, "https": true, "ftp": true, "sftp": true, "mailto": true, "file": true, "smb": true,
	"ldap": true, "ldaps": true, "ssh": true, "tel": true, "urn": true, "data": true, "javascript": true,
	"git": true, "s3": true, "jdbc": true, "localhost": true, "host": true, "port": true,
}

// parseCombo splits a line without spaces into user and password.
func parseCombo(line []byte) (user, pw string, email, ok bool) {
	line = bytes.TrimSpace(line)
	if len(line) < 5 || len(line) > 160 {
		return
	}
	sep := bytes.IndexByte(line, ':')
	if sep < 0 {
		sep = bytes.IndexByte(line, ';')
		if sep < 0 || bytes.IndexByte(line[sep+1:], ';') >= 0 {
			return
		}
	} else if bytes.IndexByte(line[sep+1:], ':') >= 0 {
		return
	}
	u, p := line[:sep], line[sep+1:]
	if len(u) < 2 || len(p) < 4 || p[0] == '/' || p[0] == '\\' || bytes.ContainsAny(p, "\"'`") {
		return
	}
	user, pw = string(u), string(p)
	if !userLike(user) || schemes[strings.ToLower(user)] || allDigits(user) {
		return
	}
	if allDigits(pw) && (len(pw) <= 5 || strings.Contains(user, ".") && !isEmail(user)) {
		return // host:port
	}
	lp := strings.ToLower(pw)
	if placeholders[lp] || stopValues[lp] || isMask(pw) || !hasAlnum(pw) || isTemplateSyntax(pw) || isDateLike(pw) {
		return
	}
	return user, pw, isEmail(user), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// line handles a line without spaces; it reports whether the line had the
// shape of a combo entry.
func (c *combo) line(s *session, line []byte, n int, emit func(detectors.Finding)) bool {
	user, pw, email, ok := parseCombo(line)
	if !ok || s.template && templateValues[strings.ToLower(pw)] {
		return false
	}
	f := detectors.Finding{
		Rule:       RuleComboList,
		Line:       n,
		Secret:     user + "\x00" + pw,
		Masked:     masked(user, pw),
		Detail:     detectors.Text("user:password line"),
		Confidence: detectors.ConfidenceMedium,
	}
	if email {
		f.Detail = detectors.Text("e-mail:password line")
		f.Confidence = detectors.ConfidenceHigh
	}
	c.miss = 0
	if c.confirmed {
		emit(f)
		return true
	}
	c.run++
	if email || strong(pw) {
		c.good++
	}
	if len(c.pend) >= comboMaxPend {
		c.reset()
		return true
	}
	c.pend = append(c.pend, f)
	if c.run >= comboMinRun && c.good*2 >= c.run {
		c.confirmed = true
		for _, p := range c.pend {
			emit(p)
		}
		c.pend = c.pend[:0]
	}
	return true
}

// other handles a line that is not a combo entry: blank lines and
// comments do not break a run, one stray line does not end a confirmed one.
func (c *combo) other(line []byte) {
	if c.run == 0 && !c.confirmed {
		return
	}
	t := bytes.TrimSpace(line)
	if len(t) == 0 || t[0] == '#' || bytes.HasPrefix(t, []byte("//")) {
		return
	}
	if c.confirmed {
		c.miss++
		if c.miss < 2 {
			return
		}
	}
	c.reset()
}

func (c *combo) reset() {
	c.run, c.good, c.miss, c.confirmed = 0, 0, 0, false
	c.pend = c.pend[:0]
}
