package credentials

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/credsweep/credsweep/detectors"
)

// maxLDIFValue bounds an unfolded dn or password value: a longer one is
// cut (a hash is far shorter), so memory stays bounded on any input.
const maxLDIFValue = 8 << 10

// LDIF attributes whose values the rule reads.
const (
	ldifDN = iota + 1
	ldifUserPassword
	ldifUnicodePwd
)

// ldifPending is a dn or password line of an LDIF export whose value may
// continue on the next lines: RFC 2849 folds a long line by going on with
// a line that starts with one space, and OpenLDAP's tools fold at 76
// columns, so every base64 value longer than about 60 characters
// ({SSHA512}, {CRYPT}$6$, {ARGON2}, {PBKDF2-*}) is split.
type ldifPending struct {
	attr int // 0 when nothing is pending
	line int
	val  []byte // the value after "attr:", own storage
}

// ldifStart recognises the first line of an LDIF dn or password
// attribute and holds it until the value is complete.
func (s *session) ldifStart(line []byte, n int) bool {
	var attr, skip int
	switch {
	case len(line) > 3 && line[2] == ':' && hasFold(line, "dn"):
		attr, skip = ldifDN, 3
	case hasFold(line, "userpassword"):
		attr, skip = ldifUserPassword, attrEnd(line, len("userpassword"))
	case hasFold(line, "unicodepwd"):
		attr, skip = ldifUnicodePwd, attrEnd(line, len("unicodepwd"))
	}
	if attr == 0 || skip < 0 {
		return false
	}
	p := &s.ldif
	p.attr, p.line = attr, n
	p.val = append(p.val[:0], line[skip:min(len(line), skip+maxLDIFValue)]...)
	return true
}

// attrEnd returns the index after the colon that ends an attribute
// description whose type is line[:n]: "userPassword:" or, with RFC 2849
// options, "userPassword;binary:". It is -1 when line[:n] is not a whole
// attribute type.
func attrEnd(line []byte, n int) int {
	if n < len(line) && line[n] == ';' {
		for n++; n < len(line) && n < 64; n++ {
			c := line[n]
			if c == ':' {
				break
			}
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == ';') {
				return -1
			}
		}
	}
	if n < len(line) && line[n] == ':' {
		return n + 1
	}
	return -1
}

// ldifContinue takes a folded continuation line of the pending value.
// Lines indented by more than one space are left alone: that is YAML or
// prose, not LDIF, in which a value seldom continues with a space.
func (s *session) ldifContinue(line []byte) bool {
	if len(line) < 2 || line[0] != ' ' || line[1] == ' ' {
		return false
	}
	p := &s.ldif
	if room := maxLDIFValue - len(p.val); room > 0 {
		p.val = append(p.val, line[1:min(len(line), 1+room)]...)
	}
	return true
}

// ldifFlush handles the pending value, now complete.
func (s *session) ldifFlush(emit func(detectors.Finding)) {
	p := &s.ldif
	attr := p.attr
	p.attr = 0
	switch attr {
	case ldifDN:
		s.dn = decodeDN(p.val)
	case ldifUserPassword:
		s.ldifPassword(p.val, false, p.line, emit)
	case ldifUnicodePwd:
		s.ldifPassword(p.val, true, p.line, emit)
	}
}

// ldifPassword reports a userPassword (or AD unicodePwd) value of an LDIF
// export, v being what follows "attr:"; the owner is the last dn. A hash
// is named by its scheme, from the vocabulary.
func (s *session) ldifPassword(v []byte, unicode bool, n int, emit func(detectors.Finding)) {
	attrName := detectors.Text("userPassword")
	if unicode {
		attrName = detectors.Text("unicodePwd")
	}
	if len(v) > 0 && v[0] == '<' {
		return // "attr:< file:///...": the value is elsewhere
	}
	b64 := len(v) > 0 && v[0] == ':'
	if b64 {
		v = v[1:]
	}
	val := string(bytes.TrimSpace(v))
	if b64 {
		dec, err := base64.StdEncoding.DecodeString(val)
		if err != nil {
			return
		}
		val = string(dec)
		if unicode {
			val = utf16le(dec)
		}
	}
	val = strings.Trim(val, "\"")
	if len([]rune(val)) < 3 || isMask(val) || !hasAlnum(val) || isTemplateSyntax(val) && !strings.HasPrefix(val, "{") {
		return
	}
	detail := detectors.Join(attrName, detectors.Text(", clear text"))
	if sch, ok := schemeHash(val); ok {
		kind := schemeName(sch)
		// {CRYPT} says only that crypt(3) made it: name the algorithm too.
		if name, ok := cryptHash(val[len(sch)+2:]); ok && strings.EqualFold(sch, "CRYPT") {
			kind = detectors.Join(kind, detectors.Text(" "), name)
		}
		detail = detectors.Join(attrName, detectors.Text(", "), kind, detectors.Text(" hash"))
	} else if name, ok := cryptHash(val); ok {
		detail = detectors.Join(attrName, detectors.Text(", "), name, detectors.Text(" hash"))
	}
	user := dnUser(s.dn)
	key := s.dn
	if key == "" {
		key = "#line" + strconv.Itoa(n)
	}
	emit(detectors.Finding{Rule: RuleLDIFPassword, Line: n, Secret: key + "\x00" + val, Masked: masked(user, val),
		Detail: detail, Confidence: detectors.ConfidenceHigh})
}

// decodeDN reads the value of a "dn:" line, base64 after "dn::".
func decodeDN(v []byte) string {
	if len(v) > 0 && v[0] == ':' {
		if dec, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(v[1:]))); err == nil {
			return string(dec)
		}
	}
	return string(bytes.TrimSpace(v))
}

// dnUser takes the value of a dn's first RDN: "uid=ola,ou=people" -> "ola".
func dnUser(dn string) string {
	if i := strings.IndexByte(dn, ','); i >= 0 {
		dn = dn[:i]
	}
	if i := strings.IndexByte(dn, '='); i >= 0 {
		dn = dn[i+1:]
	}
	return strings.TrimSpace(dn)
}

// utf16le decodes the little-endian UTF-16 of AD's unicodePwd.
func utf16le(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return string(utf16.Decode(u))
}
