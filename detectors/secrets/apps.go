package secrets

import (
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/credsweep/credsweep/detectors"
)

var rdpRe = regexp.MustCompile(`(?i)^\s*password\s+51:b:([0-9a-f]{32,})\s*$`)

// matchRDP reports the DPAPI blob of a saved password in an .rdp file.
func matchRDP(s *session, l *line) {
	m := rdpRe.FindSubmatch(l.text)
	if m == nil {
		return
	}
	blob := strings.ToUpper(string(m[1]))
	s.report(detectors.Finding{
		Rule:       RDPPasswordRuleID,
		Line:       l.num,
		Secret:     blob,
		Masked:     "password 51:b:" + detectors.MaskSecret(blob),
		Detail:     detectors.Text("saved Remote Desktop password, DPAPI-encrypted"),
		Confidence: detectors.ConfidenceHigh,
	})
}

var (
	winscpKVRe      = regexp.MustCompile(`^\s*"?(HostName|UserName|Password|ProxyPassword|TunnelPassword)"?\s*=\s*"?([^"]*?)"?\s*$`)
	winscpSectionRe = regexp.MustCompile(`(?i)^\s*\[(?:.*\\)?Sessions\\`)
)

// matchWinSCP reports stored passwords of WinSCP sessions, in WinSCP.ini
// or a registry export (…\WinSCP 2\Sessions\name).
func matchWinSCP(s *session, l *line) {
	t := l.text
	if indexFold(t, "sessions\\") >= 0 && winscpSectionRe.Match(t) {
		s.winscp = true
		s.winscpUser, s.winscpHost = "", ""
		return
	}
	if !s.winscp {
		return
	}
	m := winscpKVRe.FindSubmatch(t)
	if m == nil {
		return
	}
	key, val := string(m[1]), string(m[2])
	switch key {
	case "HostName":
		s.winscpHost = val
		return
	case "UserName":
		s.winscpUser = val
		return
	}
	if len(val) < 6 || len(val)%2 != 0 || !isHex(val) {
		return
	}
	detail := detectors.Text("WinSCP stored password, obfuscated without a key")
	switch key {
	case "ProxyPassword":
		detail = detectors.Text("WinSCP stored proxy password, obfuscated without a key")
	case "TunnelPassword":
		detail = detectors.Text("WinSCP stored tunnel password, obfuscated without a key")
	}
	conf := detectors.ConfidenceMedium
	if _, ok := winscpDecode(val, s.winscpUser+s.winscpHost); ok {
		detail = detectors.Join(detail, detectors.Text(", and it decodes"))
		conf = detectors.ConfidenceHigh
	}
	s.report(detectors.Finding{
		Rule:       WinSCPSessionRuleID,
		Line:       l.num,
		Secret:     strings.ToUpper(val),
		Masked:     key + "=" + detectors.MaskSecret(val),
		Detail:     detail,
		Confidence: conf,
	})
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}

// WinSCP's obfuscation: every byte b is stored as hex of ^b ^ 0xA3; a
// flag byte 0xFF announces a length byte and the user+host prefix.
const (
	winscpMagic = 0xA3
	winscpFlag  = 0xFF
)

// winscpDecode reverses the obfuscation; key is user+host.
func winscpDecode(h, key string) (string, bool) {
	raw, err := hex.DecodeString(h)
	if err != nil {
		return "", false
	}
	pos := 0
	next := func() (byte, bool) {
		if pos >= len(raw) {
			return 0, false
		}
		b := ^(raw[pos] ^ winscpMagic)
		pos++
		return b, true
	}
	flag, ok := next()
	if !ok {
		return "", false
	}
	length := int(flag)
	if flag == winscpFlag {
		if _, ok = next(); !ok {
			return "", false
		}
		l, ok := next()
		if !ok {
			return "", false
		}
		length = int(l)
	}
	skip, ok := next()
	if !ok {
		return "", false
	}
	pos += int(skip)
	if pos+length > len(raw) {
		return "", false
	}
	out := make([]byte, 0, length)
	for i := 0; i < length; i++ {
		b, _ := next()
		out = append(out, b)
	}
	res := string(out)
	if flag == winscpFlag {
		if !strings.HasPrefix(res, key) {
			return "", false
		}
		res = res[len(key):]
	}
	if res == "" || !utf8.ValidString(res) {
		return "", false
	}
	return res, true
}

var fileZillaPassRe = regexp.MustCompile(`(?i)<Pass(\s+encoding="([a-z0-9]+)")?\s*>([^<]*)</Pass>`)

// matchFileZilla reports <Pass> values of FileZilla site files.
func matchFileZilla(s *session, l *line) {
	if indexFold(l.text, "<filezilla") >= 0 {
		s.filezilla = true
	}
	for _, m := range fileZillaPassRe.FindAllSubmatch(l.text, -1) {
		enc := strings.ToLower(string(m[2]))
		val := strings.TrimSpace(xmlEntities.Replace(string(m[3])))
		var pw string
		var how detectors.Safe
		switch enc {
		case "base64":
			b, err := base64.StdEncoding.DecodeString(val)
			if err != nil || !utf8.Valid(b) {
				continue
			}
			pw, how = string(b), detectors.Text("base64-encoded")
		case "":
			if !s.filezilla {
				continue // a bare <Pass> outside FileZilla files is too vague
			}
			pw, how = val, detectors.Text("in plain text")
		default:
			continue // "crypt": protected by the master password
		}
		if isPlaceholder(pw) {
			continue
		}
		s.report(detectors.Finding{
			Rule:       FileZillaPasswordRuleID,
			Line:       l.num,
			Secret:     pw,
			Masked:     "<Pass> " + detectors.MaskSecret(pw),
			Detail:     detectors.Join(detectors.Text("FileZilla stored password "), how),
			Confidence: detectors.ConfidenceHigh,
		})
	}
}
