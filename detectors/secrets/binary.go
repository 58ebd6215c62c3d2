package secrets

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"path"
	"regexp"
	"strings"

	"github.com/credsweep/credsweep/detectors"
)

// Signatures of password databases.
var (
	kdbx1Sig   = []byte{0x03, 0xD9, 0xA2, 0x9A, 0x65, 0xFB, 0x4B, 0xB5}
	kdbx2Sig   = []byte{0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5}
	kdbxPreSig = []byte{0x03, 0xD9, 0xA2, 0x9A, 0x66, 0xFB, 0x4B, 0xB5} // 2.x pre-release
	pws3Sig    = []byte("PWS3")
	jksSig     = []byte{0xFE, 0xED, 0xFE, 0xED}
	jceksSig   = []byte{0xCE, 0xCE, 0xCE, 0xCE}
	// pkcs7-data OID 1.2.840.113549.1.7.1 as DER.
	pkcs7DataOID = []byte{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01}
)

// DetectBinary recognises password databases and key stores by their
// first bytes. The Secret is a digest of the head, which differs between
// files (salts and IVs sit in the header) and reveals nothing.
func (d *detector) DetectBinary(name string, head []byte, emit func(detectors.Finding)) {
	ext := strings.ToLower(path.Ext(fileBase(name)))
	rule, detail, conf := classifyBinary(ext, head)
	if rule == "" {
		return
	}
	sum := sha256.Sum256(head)
	id := hex.EncodeToString(sum[:16])
	emit(detectors.Finding{
		Rule:       rule,
		Line:       1,
		Secret:     id,
		Masked:     detail.String(),
		Detail:     detail,
		Confidence: conf,
	})
}

func classifyBinary(ext string, h []byte) (rule string, detail detectors.Safe, conf detectors.Confidence) {
	switch {
	case bytes.HasPrefix(h, kdbx2Sig), bytes.HasPrefix(h, kdbxPreSig):
		d := detectors.Text("KeePass 2.x database")
		if len(h) >= 12 {
			minor, major := binary.LittleEndian.Uint16(h[8:]), binary.LittleEndian.Uint16(h[10:])
			if major >= 2 && major <= 9 && minor < 100 {
				d = detectors.Join(d, detectors.Text(" (KDBX "), detectors.Count(int(major)), detectors.Text("."),
					detectors.Count(int(minor)), detectors.Text(")"))
			}
		}
		return KeePassDatabaseRuleID, d, detectors.ConfidenceHigh
	case bytes.HasPrefix(h, kdbx1Sig):
		return KeePassDatabaseRuleID, detectors.Text("KeePass 1.x database"), detectors.ConfidenceHigh
	case bytes.HasPrefix(h, pws3Sig) && (ext == ".psafe3" || ext == ".dat" || ext == ".ibak" || len(h) >= 152):
		return PasswordSafeDatabaseRuleID, detectors.Text("Password Safe v3 database"), detectors.ConfidenceHigh
	case bytes.HasPrefix(h, jksSig) && len(h) >= 12 && binary.BigEndian.Uint32(h[4:]) <= 2:
		return JavaKeyStoreRuleID, detectors.Text("Java KeyStore (JKS)"), confFor(ext == ".jks" || ext == ".keystore")
	case bytes.HasPrefix(h, jceksSig) && len(h) >= 12 && binary.BigEndian.Uint32(h[4:]) <= 2:
		return JavaKeyStoreRuleID, detectors.Text("Java KeyStore (JCEKS)"), confFor(ext == ".jceks" || ext == ".keystore")
	}
	if isPKCS12(h) {
		return PKCS12RuleID, detectors.Text("PKCS#12 key store"), confFor(ext == ".pfx" || ext == ".p12")
	}
	return "", detectors.Safe{}, 0
}

func confFor(extMatches bool) detectors.Confidence {
	if extMatches {
		return detectors.ConfidenceHigh
	}
	return detectors.ConfidenceMedium
}

// isPKCS12 checks the start of a PFX structure: SEQUENCE { INTEGER 3,
// SEQUENCE { OID pkcs7-data, … } }.
func isPKCS12(h []byte) bool {
	p, ok := derHeader(h, 0x30)
	if !ok || len(p) < 3 || p[0] != 0x02 || p[1] != 0x01 || p[2] != 0x03 {
		return false
	}
	p, ok = derHeader(p[3:], 0x30)
	return ok && bytes.HasPrefix(p, pkcs7DataOID)
}

// derHeader skips a DER tag and length and returns what follows; it
// accepts a content shorter than announced, since head is truncated.
func derHeader(b []byte, tag byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != tag {
		return nil, false
	}
	l := b[1]
	switch {
	case l < 0x80:
		return b[2:], true
	case l == 0x80: // BER indefinite length, used by some PFX writers
		return b[2:], true
	case l <= 0x84:
		n := int(l & 0x7f)
		if len(b) < 2+n {
			return nil, false
		}
		return b[2+n:], true
	}
	return nil, false
}

// Bitwarden exports: {"encrypted": false, ..., "items": [{"login": {...}}]}.
var bwEncryptedRe = regexp.MustCompile(`"encrypted"\s*:\s*false`)

func matchBitwarden(s *session, l *line) {
	if bwEncryptedRe.Match(l.text) {
		s.bwUnencrypted = true
		if s.bwLine == 0 {
			s.bwLine = l.num
		}
	}
	s.bwLogins += bytes.Count(l.text, []byte(`"login"`))
}

func (s *session) flushBitwarden() {
	if !s.bwUnencrypted || s.bwLogins == 0 {
		return
	}
	s.report(detectors.Finding{
		Rule:   PasswordManagerExportRuleID,
		Line:   s.bwLine,
		Secret: "bitwarden-export\x00" + s.sec.File + "\x00" + s.sec.Name,
		Masked: "Bitwarden export (" + thousands(s.bwLogins) + " logins)",
		Detail: detectors.Join(detectors.Text("unencrypted Bitwarden JSON export with "), detectors.Count(s.bwLogins),
			detectors.Text(" login items")),
		Count:      s.bwLogins,
		Confidence: detectors.ConfidenceHigh,
	})
}
