package secrets

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// Limits that stop a broken or hostile PEM from growing without end.
const (
	maxPEMBody  = 64 << 10
	maxPEMLines = 2000
	minPEMBody  = 64 // base64 chars; shorter bodies are elided samples
)

// pemBlock accumulates one "-----BEGIN … PRIVATE KEY-----" block.
type pemBlock struct {
	label     string // "RSA PRIVATE KEY"
	beginLine int
	body      []byte // base64 only
	size      int    // bytes of PEM text seen
	lines     int
	encrypted bool // Proc-Type: 4,ENCRYPTED
	inJSON    bool // a JSON string with \n escapes ("private_key")
}

// privateKeyLabel returns the label of a private-key BEGIN line, or "".
func privateKeyLabel(text []byte) (label string, rest []byte) {
	i := indexFold(text, "-----begin ")
	if i < 0 {
		return "", nil
	}
	after := text[i+len("-----begin "):]
	j := bytes.Index(after, []byte("-----"))
	if j < 0 || j > 40 {
		return "", nil
	}
	lab := strings.ToUpper(string(after[:j]))
	if !strings.HasSuffix(lab, "PRIVATE KEY") && lab != "PGP PRIVATE KEY BLOCK" {
		return "", nil
	}
	return lab, after[j+5:]
}

func matchPEM(s *session, l *line) {
	lab, rest := privateKeyLabel(l.text)
	if lab == "" {
		return
	}
	b := &pemBlock{label: lab, beginLine: l.num, size: len(l.text) + 1}
	// One-line forms: JSON/code strings with "\n" escapes, or the whole
	// block collapsed onto one line.
	if end := indexFold(rest, "-----end "); end >= 0 {
		b.inJSON = bytes.Contains(l.text, []byte(`\n`))
		body := rest[:end]
		body = bytes.ReplaceAll(body, []byte(`\n`), nil)
		body = bytes.ReplaceAll(body, []byte(`\r`), nil)
		for _, ln := range bytes.Fields(body) {
			if !b.addLine(ln) {
				return
			}
		}
		b.size = 2*(len("-----BEGIN -----")+len(lab)) - 2 + end
		if b.inJSON && bytes.Contains(l.text, []byte(`"private_key"`)) {
			s.jsonKeys = append(s.jsonKeys, pendingKey{b: b})
			return
		}
		b.report(s)
		return
	}
	s.consumer = b
}

// addLine appends a body line; false means the line is not PEM.
func (b *pemBlock) addLine(ln []byte) bool {
	ln = trimPasted(ln)
	if len(ln) == 0 {
		return true
	}
	if c := bytes.IndexByte(ln, ':'); c > 0 && c < 30 {
		// Header such as "Proc-Type: 4,ENCRYPTED" or "Version: GnuPG".
		if bytes.Contains(bytes.ToUpper(ln), []byte("ENCRYPTED")) {
			b.encrypted = true
		}
		return true
	}
	for _, c := range ln {
		if !isBase64Byte(c) {
			return false
		}
	}
	if len(b.body)+len(ln) > maxPEMBody {
		return false
	}
	b.body = append(b.body, ln...)
	return true
}

func isBase64Byte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '='
}

// line implements consumer.
func (b *pemBlock) line(s *session, l []byte, num int) bool {
	b.lines++
	b.size += len(l) + 1
	if indexFold(l, "-----end ") >= 0 {
		b.report(s)
		return true
	}
	if b.lines > maxPEMLines || !b.addLine(l) {
		// Not a key after all (or cut off): report what validates.
		b.report(s)
		return true
	}
	return false
}

func (b *pemBlock) finish(s *session) { b.report(s) }

// analyse validates the body and describes the key. ok is false for
// bodies that are not keys (elided samples, prose between markers).
func (b *pemBlock) analyse() (detail detectors.Safe, encrypted, ok bool) {
	body := string(b.body)
	none := detectors.Safe{}
	if len(body) < minPEMBody {
		return none, false, false
	}
	encrypted = b.encrypted || strings.Contains(b.label, "ENCRYPTED")
	kind := strings.TrimSpace(strings.TrimSuffix(b.label, "PRIVATE KEY"))
	if b.label == "PGP PRIVATE KEY BLOCK" {
		// Armour ends with a "=XXXX" checksum line; the body before it
		// must decode.
		if i := strings.LastIndexByte(body, '='); i > len(body)-6 && i > 0 {
			body = strings.TrimRight(body[:i], "=")
		}
		if _, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(body, "=")); err != nil {
			return none, false, false
		}
		return detectors.Text("PGP private key block"), false, true
	}
	der, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		der, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(body, "="))
		if err != nil {
			return none, false, false
		}
	}
	if kind == "OPENSSH" {
		cipher, ok := opensshCipher(der)
		if !ok {
			return none, false, false
		}
		if cipher != "none" {
			return detectors.Join(detectors.Text("OpenSSH private key, encrypted with "), kindOf(cipher)), true, true
		}
		return detectors.Text("OpenSSH private key, not encrypted"), false, true
	}
	if strings.HasPrefix(kind, "SSH2") {
		return detectors.Text("SSH.com private key"), encrypted, true
	}
	if len(der) < 32 || der[0] != 0x30 {
		return none, false, false
	}
	if encrypted {
		if kind == "" || kind == "ENCRYPTED" {
			return detectors.Text("private key, encrypted"), true, true
		}
		return detectors.Join(kindOf(kind), detectors.Text(" private key, encrypted")), true, true
	}
	return detectors.Join(describeDER(kind, der), detectors.Text(", not encrypted")), false, true
}

// describeDER names the algorithm and size when the standard library can
// parse the key; the label is the fallback.
func describeDER(kind string, der []byte) detectors.Safe {
	var key any
	var err error
	switch kind {
	case "RSA":
		key, err = x509.ParsePKCS1PrivateKey(der)
	case "EC":
		key, err = x509.ParseECPrivateKey(der)
	case "":
		key, err = x509.ParsePKCS8PrivateKey(der)
	default:
		err = fmt.Errorf("unparsed")
	}
	if err == nil {
		switch k := key.(type) {
		case *rsa.PrivateKey:
			return detectors.Join(detectors.Text("RSA "), kindOf(strconv.Itoa(k.N.BitLen())), detectors.Text("-bit private key"))
		case *ecdsa.PrivateKey:
			return detectors.Join(detectors.Text("EC "), kindOf(k.Curve.Params().Name), detectors.Text(" private key"))
		case ed25519.PrivateKey:
			return detectors.Text("Ed25519 private key")
		}
	}
	if kind == "" {
		return detectors.Text("PKCS#8 private key")
	}
	return detectors.Join(kindOf(kind), detectors.Text(" private key"))
}

// opensshCipher reads the cipher name of an "openssh-key-v1" blob.
func opensshCipher(b []byte) (string, bool) {
	const magic = "openssh-key-v1\x00"
	if len(b) < len(magic)+4 || string(b[:len(magic)]) != magic {
		return "", false
	}
	b = b[len(magic):]
	n := binary.BigEndian.Uint32(b)
	if n == 0 || n > 64 || int(n) > len(b)-4 {
		return "", false
	}
	return string(b[4 : 4+n]), true
}

func (b *pemBlock) finding() (detectors.Finding, bool) {
	detail, enc, ok := b.analyse()
	if !ok {
		return detectors.Finding{}, false
	}
	rule := PrivateKeyRuleID
	if enc {
		rule = EncryptedPrivateKeyRuleID
	}
	return detectors.Finding{
		Rule:       rule,
		Line:       b.beginLine,
		Secret:     string(b.body),
		Masked:     "-----BEGIN " + b.label + "-----",
		Detail:     detail,
		Confidence: detectors.ConfidenceHigh,
	}, true
}

func (b *pemBlock) report(s *session) {
	if f, ok := b.finding(); ok {
		s.report(f)
	}
}

// indexFold is a case-insensitive bytes.Index for an ASCII lower-case needle.
func indexFold(b []byte, lowerNeedle string) int {
	n := len(lowerNeedle)
	if n == 0 {
		return 0
	}
	for i := 0; i+n <= len(b); i++ {
		if lowerTable[b[i]] != lowerNeedle[0] {
			continue
		}
		j := 1
		for j < n && lowerTable[b[i+j]] == lowerNeedle[j] {
			j++
		}
		if j == n {
			return i
		}
	}
	return -1
}

// trimPasted removes what surrounds a key pasted into code or docs:
// comment marks followed by a space, quotes, string concatenation and
// escaped newlines. '/' and '+' are base64 and stay.
func trimPasted(ln []byte) []byte {
	ln = bytes.TrimSpace(ln)
	for _, p := range []string{"# ", "// ", "* ", "> ", "; "} {
		ln = bytes.TrimPrefix(ln, []byte(p))
	}
	ln = bytes.TrimLeft(ln, "\"'` ")
	for {
		n := len(ln)
		ln = bytes.TrimSuffix(ln, []byte(" +"))
		ln = bytes.TrimSuffix(ln, []byte(`\n`))
		ln = bytes.TrimSuffix(ln, []byte(`\`))
		ln = bytes.TrimRight(ln, "\"'`,; ")
		if len(ln) == n {
			return ln
		}
	}
}
