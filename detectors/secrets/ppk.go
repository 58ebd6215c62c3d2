package secrets

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// ppkKey reads a PuTTY private key file (PuTTY-User-Key-File-1/2/3):
// "Key: value" headers, Public-Lines and Private-Lines counts followed by
// that many base64 lines, and a Private-MAC trailer.
type ppkKey struct {
	header    string // "PuTTY-User-Key-File-3: ssh-ed25519"
	algo      string
	beginLine int
	size      int
	encrypted bool
	skip      int // public lines still to skip
	want      int // private lines still to read
	private   []byte
	lines     int
}

func matchPPK(s *session, l *line) {
	i := indexFold(l.text, "putty-user-key-file-")
	if i < 0 {
		return
	}
	h := bytes.TrimSpace(l.text[i:])
	c := bytes.IndexByte(h, ':')
	if c < 0 {
		return
	}
	s.consumer = &ppkKey{
		header:    string(h),
		algo:      string(bytes.TrimSpace(h[c+1:])),
		beginLine: l.num,
		size:      len(l.text) + 1,
	}
}

func (k *ppkKey) line(s *session, l []byte, _ int) bool {
	k.size += len(l) + 1
	k.lines++
	l = bytes.TrimSpace(l)
	switch {
	case k.lines > 500:
		return true
	case k.skip > 0:
		k.skip--
		return false
	case k.want > 0:
		for _, c := range l {
			if !isBase64Byte(c) {
				return true // malformed: give up without a finding
			}
		}
		k.private = append(k.private, l...)
		k.want--
		if k.want == 0 {
			k.report(s)
		}
		return k.want == 0
	}
	c := bytes.IndexByte(l, ':')
	if c < 0 {
		return true
	}
	key, val := string(l[:c]), strings.TrimSpace(string(l[c+1:]))
	n, _ := strconv.Atoi(val)
	switch strings.ToLower(key) {
	case "encryption":
		k.encrypted = val != "none"
	case "public-lines":
		k.skip = min(max(n, 0), 200)
	case "private-lines":
		k.want = min(max(n, 0), 200)
		if k.want == 0 {
			return true
		}
	case "private-mac", "private-hash":
		return true
	}
	return false
}

func (k *ppkKey) finish(s *session) {}

func (k *ppkKey) report(s *session) {
	if len(k.private) < 16 {
		return
	}
	rule, state := PrivateKeyRuleID, detectors.Text("not encrypted")
	if k.encrypted {
		rule, state = EncryptedPrivateKeyRuleID, detectors.Text("encrypted")
	}
	hdr := k.header
	if i := strings.IndexByte(hdr, ':'); i >= 0 {
		hdr = hdr[:i]
	}
	s.report(detectors.Finding{
		Rule:   rule,
		Line:   k.beginLine,
		Secret: string(k.private),
		Masked: k.header,
		Detail: detectors.Join(detectors.Text("PuTTY private key ("), kindOf(hdr), detectors.Text(", "), kindOf(k.algo),
			detectors.Text("), "), state),
		Confidence: detectors.ConfidenceHigh,
	})
}
