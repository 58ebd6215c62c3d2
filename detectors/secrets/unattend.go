package secrets

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// unattendState follows one password element of an answer file across
// lines: <AdministratorPassword><Value>…</Value><PlainText>…</PlainText>.
type unattendState struct {
	elem      string // "AdministratorPassword", "Password"; "" outside one
	line      int
	value     string
	haveValue bool
	direct    string // text directly inside the element (<Credentials>)
	plain     string
}

var xmlEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'")

// sensitiveDeleted is what Windows Setup writes over passwords it has used.
const sensitiveDeleted = "*SENSITIVE*DATA*DELETED*"

func matchUnattend(s *session, l *line) {
	if !s.unattend {
		if indexFold(l.text, "urn:schemas-microsoft-com:unattend") < 0 {
			return
		}
		s.unattend = true
	}
	t := l.text
	for i := 0; i < len(t); i++ {
		if t[i] != '<' {
			continue
		}
		j := bytes.IndexByte(t[i:], '>')
		if j < 0 {
			return
		}
		tag := t[i+1 : i+j]
		i += j
		closing := len(tag) > 0 && tag[0] == '/'
		self := len(tag) > 0 && tag[len(tag)-1] == '/'
		name := string(tag)
		name = strings.TrimPrefix(name, "/")
		if k := strings.IndexAny(name, " \t/"); k >= 0 {
			name = name[:k]
		}
		if k := strings.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		text := ""
		if k := bytes.IndexByte(t[i+1:], '<'); k >= 0 {
			text = string(t[i+1 : i+1+k])
		} else {
			text = string(t[i+1:])
		}
		text = strings.TrimSpace(xmlEntities.Replace(text))
		st := &s.ua
		switch {
		case closing:
			if st.elem != "" && name == st.elem {
				s.reportUnattend()
				*st = unattendState{}
			}
		case self:
		case st.elem == "" && strings.HasSuffix(name, "Password"):
			*st = unattendState{elem: name, line: l.num, direct: text}
		case st.elem != "" && name == "Value":
			st.value, st.haveValue = text, true
		case st.elem != "" && name == "PlainText":
			st.plain = strings.ToLower(text)
		}
	}
}

func (s *session) reportUnattend() {
	st := s.ua
	v := st.direct
	if st.haveValue {
		v = st.value
	}
	if v == "" || strings.EqualFold(v, sensitiveDeleted) || isPlaceholder(v) {
		return
	}
	pw, how := v, detectors.Text("in plain text")
	conf := detectors.ConfidenceHigh
	if st.plain == "false" {
		if d, ok := decodeUnattend(v, st.elem); ok {
			pw, how = d, detectors.Text("base64-encoded (PlainText false, which is not encryption)")
		} else {
			how, conf = detectors.Text("in an encoded form that did not decode"), detectors.ConfidenceMedium
		}
	}
	s.report(detectors.Finding{
		Rule:       UnattendPasswordRuleID,
		Line:       st.line,
		Secret:     pw,
		Masked:     "<" + st.elem + "> " + detectors.MaskSecret(pw),
		Detail:     detectors.Join(keyName(st.elem), detectors.Text(" "), how),
		Confidence: conf,
	})
}

// decodeUnattend reverses the answer file "hiding": base64 of the UTF-16LE
// text of password+element name ("Password", "AdministratorPassword").
func decodeUnattend(v, elem string) (string, bool) {
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return "", false
	}
	d, err := decodeUTF16LE(b)
	if err != nil {
		return "", false
	}
	for _, suf := range []string{elem, "AdministratorPassword", "Password"} {
		if strings.HasSuffix(d, suf) {
			return strings.TrimSuffix(d, suf), d != suf
		}
	}
	return "", false
}

var sysprepInfRe = regexp.MustCompile(`(?i)^\s*((?:Domain)?AdminPassword|(?:DomainJoin|Join)?Password)\s*=\s*(.*?)\s*$`)

// matchSysprepInf reports AdminPassword= in sysprep.inf / unattend.txt.
func matchSysprepInf(s *session, l *line) {
	if !s.sysprepInf {
		if indexFold(l.text, "[guiunattended]") < 0 {
			return
		}
		s.sysprepInf = true
	}
	m := sysprepInfRe.FindSubmatch(l.text)
	if m == nil {
		return
	}
	v := trimQuotes(string(m[2]))
	if v == "*" || isPlaceholder(v) {
		return // "*" means a blank password
	}
	s.report(detectors.Finding{
		Rule:       UnattendPasswordRuleID,
		Line:       l.num,
		Secret:     v,
		Masked:     string(m[1]) + "=" + detectors.MaskSecret(v),
		Detail:     detectors.Join(keyName(string(m[1])), detectors.Text(" in an answer file")),
		Confidence: detectors.ConfidenceHigh,
	})
}
