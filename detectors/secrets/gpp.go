package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"errors"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/credsweep/credsweep/detectors"
)

// gppKey is the AES-256 key Microsoft published for Group Policy
// Preferences passwords (MS-GPPREF 2.2.1.1.4).
var gppKey = []byte{
	0x4e, 0x99, 0x06, 0xe8, 0xfc, 0xb6, 0x6c, 0xc9, 0xfa, 0xf4, 0x93, 0x10, 0x62, 0x0f, 0xfe, 0xe8,
	0xf4, 0x96, 0xe8, 0x06, 0xcc, 0x05, 0x79, 0x90, 0x20, 0x9b, 0x09, 0xa4, 0x33, 0xb6, 0x6c, 0x1b,
}

var errGPP = errors.New("secrets: not a GPP cpassword")

// gppDecrypt decrypts a cpassword value: base64 (padding often missing),
// AES-256-CBC with a zero IV, PKCS#7 padding, UTF-16LE text.
func gppDecrypt(c string) (string, error) {
	c = strings.TrimSpace(c)
	switch len(c) % 4 {
	case 2:
		c += "=="
	case 3:
		c += "="
	case 1:
		return "", errGPP
	}
	data, err := base64.StdEncoding.DecodeString(c)
	if err != nil || len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return "", errGPP
	}
	block, err := aes.NewCipher(gppKey)
	if err != nil {
		return "", err
	}
	plain := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, make([]byte, aes.BlockSize)).CryptBlocks(plain, data)
	n := int(plain[len(plain)-1])
	if n == 0 || n > aes.BlockSize || n > len(plain) {
		return "", errGPP
	}
	for _, p := range plain[len(plain)-n:] {
		if int(p) != n {
			return "", errGPP
		}
	}
	return decodeUTF16LE(plain[:len(plain)-n])
}

// decodeUTF16LE decodes text and rejects control characters, which real
// passwords do not contain.
func decodeUTF16LE(b []byte) (string, error) {
	if len(b)%2 != 0 {
		return "", errGPP
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	s := string(utf16.Decode(u))
	for _, r := range s {
		if r < 0x20 || r == utf8.RuneError || r == 0x7f {
			return "", errGPP
		}
	}
	return s, nil
}

var cpasswordRe = regexp.MustCompile(`(?i)\bcpassword\s*=\s*"([^"]*)"`)

var gppFiles = map[string]detectors.Safe{
	"groups.xml": detectors.Text("Groups.xml"), "services.xml": detectors.Text("Services.xml"),
	"scheduledtasks.xml": detectors.Text("ScheduledTasks.xml"), "datasources.xml": detectors.Text("DataSources.xml"),
	"drives.xml": detectors.Text("Drives.xml"), "printers.xml": detectors.Text("Printers.xml"),
}

func matchGPP(s *session, l *line) {
	for _, m := range cpasswordRe.FindAllSubmatch(l.text, -1) {
		c := string(m[1])
		if c == "" {
			continue // the usual case once MS14-025 is installed
		}
		where := detectors.Text("GPP cpassword")
		if !s.gppFile.IsZero() {
			where = detectors.Join(s.gppFile, detectors.Text(" cpassword"))
		}
		f := detectors.Finding{
			Rule: GPPCPasswordRuleID, Line: l.num, Secret: c, Masked: "cpassword=" + detectors.MaskSecret(c),
		}
		if pw, err := gppDecrypt(c); err == nil && pw != "" {
			f.Detail = detectors.Join(where, detectors.Text(" that decrypts with Microsoft's published key"))
			f.Confidence = detectors.ConfidenceHigh
		} else {
			f.Detail = detectors.Join(where, detectors.Text(" that does not decrypt with the published key"))
			f.Confidence = detectors.ConfidenceMedium
		}
		s.report(f)
	}
}
