package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// gppEncrypt is what Group Policy Preferences did: UTF-16LE, PKCS#7,
// AES-256-CBC with the published key and a zero IV, base64 without padding.
func gppEncrypt(pw string) string {
	p := utf16le(pw)
	n := aes.BlockSize - len(p)%aes.BlockSize
	for i := 0; i < n; i++ {
		p = append(p, byte(n))
	}
	b, _ := aes.NewCipher(gppKey)
	out := make([]byte, len(p))
	cipher.NewCBCEncrypter(b, make([]byte, aes.BlockSize)).CryptBlocks(out, p)
	return base64.RawStdEncoding.EncodeToString(out)
}

func TestGPPDecrypt(t *testing.T) {
	for _, pw := range []string{"Vinter2019!Adm", "a", "Blåbær-Æøå-2020", "exactly-8", strings.Repeat("x", 40)} {
		got, err := gppDecrypt(gppEncrypt(pw))
		if err != nil || got != pw {
			t.Errorf("round trip of a %d-character password failed: %v", len(pw), err)
		}
	}
	// The fixture holds the cpassword of the known test password.
	raw, _ := os.ReadFile("testdata/Groups.xml")
	m := regexp.MustCompile(`cpassword="([^"]+)"`).FindSubmatch(raw)
	if m == nil || string(m[1]) != gppEncrypt("Vinter2019!Adm") {
		t.Fatal("testdata/Groups.xml does not hold the expected cpassword")
	}
	for _, bad := range []string{"", "A", "abc", "!!!!", base64.StdEncoding.EncodeToString([]byte("sixteen bytes!!!"))} {
		if _, err := gppDecrypt(bad); err == nil {
			t.Errorf("%q decrypted", bad)
		}
	}
}

// winscpEncode mirrors WinSCP's EncryptPassword with a fixed shift.
func winscpEncode(pw, key string, shift int) string {
	enc := func(c byte) string { return strings.ToUpper(hex.EncodeToString([]byte{^c ^ winscpMagic})) }
	full := key + pw
	s := enc(winscpFlag) + enc(2) + enc(byte(len(full))) + enc(byte(shift))
	for i := 0; i < shift; i++ {
		s += enc(byte(i * 37))
	}
	for i := 0; i < len(full); i++ {
		s += enc(full[i])
	}
	return s + enc(0x11) + enc(0x22)
}

func TestWinSCPDecode(t *testing.T) {
	for _, pw := range []string{"Brygge-Sjo-42", "p", "længre passord"} {
		h := winscpEncode(pw, "druftsftp.kommune.no", 5)
		got, ok := winscpDecode(h, "druftsftp.kommune.no")
		if !ok || got != pw {
			t.Errorf("decode of a %d-byte password failed", len(pw))
		}
		if _, ok := winscpDecode(h, "someone-else"); ok {
			t.Error("decoded with the wrong user+host")
		}
	}
	if _, ok := winscpDecode("zz", ""); ok {
		t.Error("non-hex decoded")
	}
}

func TestUnattendDecode(t *testing.T) {
	v := base64.StdEncoding.EncodeToString(utf16le("Fjord#Lokal2021AdministratorPassword"))
	if got, ok := decodeUnattend(v, "AdministratorPassword"); !ok || got != "Fjord#Lokal2021" {
		t.Error("AdministratorPassword value not decoded")
	}
	if _, ok := decodeUnattend(base64.StdEncoding.EncodeToString(utf16le("Password")), "Password"); ok {
		t.Error("empty password decoded")
	}
	if _, ok := decodeUnattend("not base64!", "Password"); ok {
		t.Error("garbage decoded")
	}
}
