package credentials

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/credsweep/credsweep/detectors"
)

// word is a run of letters, digits, '-' and '_' in a line.
type word struct{ start, end int }

// nextWord finds the next word at or after i.
func nextWord(line []byte, i int) (word, bool) {
	for i < len(line) {
		r, sz := utf8.DecodeRune(line[i:])
		if isWordRune(r) {
			break
		}
		i += sz
	}
	if i >= len(line) {
		return word{}, false
	}
	j := i
	for j < len(line) {
		r, sz := utf8.DecodeRune(line[j:])
		if !isWordRune(r) && r != '-' && r != '_' {
			break
		}
		j += sz
	}
	return word{i, j}, true
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// kvValue reads the value after a keyword ending at pos: "Passord: X",
// "password=X", "Passordet ditt er X", "your password is X", a tab in a
// table section. verb reports the "is" form, which needs no ':'.
func kvValue(line []byte, pos int) (value string, end int, verb, ok bool) {
	i := pos
	sep := false
	for k := 0; k < 4 && !sep; k++ {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i >= len(line) {
			return "", i, false, false
		}
		if c := line[i]; c == ':' || c == '=' || c == '\t' {
			sep = true
			i++
			for i < len(line) && (line[i] == ':' || line[i] == '=') {
				i++
			}
			break
		}
		w, found := nextWord(line, i)
		if !found || w.start != i {
			break
		}
		lw := strings.ToLower(string(line[w.start:w.end]))
		switch {
		case verbWords[lw]:
			verb = true
		case fillerWords[lw] && !verb:
		default:
			k = 4
			continue
		}
		i = w.end
	}
	if !sep && !verb {
		return "", i, false, false
	}
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	j := i
	for j < len(line) && line[j] != ' ' && line[j] != '\t' {
		j++
	}
	return trimValue(string(line[i:j])), j, verb, true
}

// trimValue removes quotes around a value and sentence punctuation after it.
func trimValue(v string) string {
	v = strings.TrimRight(v, ".,;)")
	for _, q := range [][2]string{{`"`, `"`}, {"'", "'"}, {"`", "`"}, {"«", "»"}, {"“", "”"}, {"(", ")"}} {
		if len(v) >= 2 && strings.HasPrefix(v, q[0]) && strings.HasSuffix(v, q[1]) {
			return v[len(q[0]) : len(v)-len(q[1])]
		}
	}
	return v
}

// userValueOK reports a plausible user name after an identity keyword.
func userValueOK(v string) bool {
	n := utf8.RuneCountInString(v)
	if n < 2 || n > 64 || strings.HasSuffix(v, ":") {
		return false
	}
	lv := strings.ToLower(v)
	if placeholders[lv] || stopValues[lv] || isMask(v) || isTemplateSyntax(v) || isPassWord(v) || idWords[normWord(v)] {
		return false
	}
	lo, up, di, _, _ := classes(v)
	return lo+up+di > 0
}

// findUser returns the first identity keyword with a valid value in line,
// skipping the byte range [skipA, skipB) of the password.
func findUser(line []byte, skipA, skipB int) string {
	for i := 0; i < len(line); {
		w, ok := nextWord(line, i)
		if !ok {
			return ""
		}
		i = w.end
		if w.start >= skipA && w.start < skipB || !idWords[normWord(string(line[w.start:w.end]))] {
			continue
		}
		if v, _, _, ok := kvValue(line, w.end); ok && userValueOK(v) {
			return v
		}
	}
	return ""
}

// pairs finds "user name ... password" pairs on a line with a password
// keyword, looking for the user on the same line, the two lines before,
// or (pending) the two lines after.
func (s *session) pairs(line []byte, n int, emit func(detectors.Finding)) {
	if s.secretFile || isConnLine(line) {
		return // secret/connection-string-password and friends report these
	}
	for i := 0; i < len(line); {
		w, ok := nextWord(line, i)
		if !ok {
			return
		}
		i = w.end
		if !hasPassKeyword(line[w.start:w.end]) {
			continue
		}
		kw := string(line[w.start:w.end])
		word, ok := passWord(kw)
		if !ok || strings.EqualFold(kw, "cpassword") {
			continue
		}
		pw, end, verb, ok := kvValue(line, w.end)
		if !ok || !textValueOK(pw) || verb && !strong(pw) || s.template && !strong(pw) || len(pw) >= 32 && isHex(pw) ||
			sentenceValue(pw, line[end:]) {
			continue
		}
		i = end
		user := findUser(line, w.start, end)
		for k := 1; user == "" && k >= 0; k-- {
			if p := s.prev[k]; p.text != nil && p.n >= n-2 && p.n < n {
				user = findUser(p.text, 0, 0)
			}
		}
		detail := detectors.Join(detectors.Text("keyword "), detectors.Quote(word))
		if user == "" {
			if s.pend.pw != "" {
				s.pend.expire(s, emit)
			}
			s.pend.set(pw, n, detail)
			continue
		}
		emitPair(emit, user, pw, n, detail, detectors.ConfidenceHigh)
	}
}

// connMarkers start the fields of ADO.NET, ODBC and OLE DB connection
// strings.
var connMarkers = []string{"server=", "data source=", "initial catalog=", "database=", "dbname=", "driver=", "dsn=", "provider=", "host="}

// isConnLine reports a line holding a connection string or a URL with a
// password: the secrets detector reports those.
func isConnLine(line []byte) bool {
	if bytes.Contains(line, []byte("://")) && bytes.IndexByte(line, '@') >= 0 {
		return true
	}
	if bytes.IndexByte(line, '=') < 0 {
		return false
	}
	for _, m := range connMarkers {
		if indexFold(line, m) >= 0 {
			return true
		}
	}
	return false
}

// indexFold is bytes.Index ignoring ASCII case; w is lower-case.
func indexFold(b []byte, w string) int {
	for i := 0; i+len(w) <= len(b); i++ {
		if hasFold(b[i:], w) {
			return i
		}
	}
	return -1
}

func emitPair(emit func(detectors.Finding), user, pw string, n int, detail detectors.Safe, c detectors.Confidence) {
	emit(detectors.Finding{
		Rule:       RulePasswordInText,
		Line:       n,
		Secret:     user + "\x00" + pw,
		Masked:     masked(user, pw),
		Detail:     detail,
		Confidence: c,
	})
}

// pending is a password seen without a user name; the next two lines may
// give one ("Passord: X" above "Brukernavn: Y").
type pending struct {
	pw        string
	detail    detectors.Safe
	line, ttl int
}

func (p *pending) set(pw string, n int, detail detectors.Safe) {
	p.pw, p.line, p.detail, p.ttl = pw, n, detail, 2
}

// next looks for the user name on a following line.
func (p *pending) next(s *session, line []byte, n int, emit func(detectors.Finding)) {
	if n <= p.line {
		return
	}
	if user := findUser(line, 0, 0); user != "" {
		emitPair(emit, user, p.pw, p.line, p.detail, detectors.ConfidenceHigh)
		*p = pending{}
		return
	}
	p.ttl--
	if p.ttl == 0 {
		p.expire(s, emit)
	}
}

// expire reports a password without a user only when it plainly is one
// and the file is a document, not code or configuration (those belong to
// the secrets rules).
func (p *pending) expire(s *session, emit func(detectors.Finding)) {
	if p.pw != "" && strong(p.pw) && !s.codeLike && !s.template {
		emitPair(emit, "", p.pw, p.line, detectors.Join(p.detail, detectors.Text(", no user name")), detectors.ConfidenceMedium)
	}
	*p = pending{}
}

// sentenceValue reports a value that starts a sentence rather than being a
// password: a word of lower-case letters followed by two or more words
// ("Passord: genereres automatisk og sendes foresatte", "Lösenord:
// skickas separat till vårdnadshavare"). A password written in a note is
// the last thing on its line or is followed by a remark in brackets, and
// almost always holds a digit, a capital or a symbol.
func sentenceValue(pw string, rest []byte) bool {
	lo, up, di, ot, _ := classes(pw)
	if lo == 0 || up+di+ot > 0 {
		return false
	}
	words := 0
	for i := 0; i < len(rest); {
		w, ok := nextWord(rest, i)
		if !ok {
			break
		}
		words++
		i = w.end
	}
	return words >= 2
}
