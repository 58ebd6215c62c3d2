package secrets

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

func detectBinary(name string, head []byte) []detectors.Finding {
	var out []detectors.Finding
	New().(detectors.BinaryDetector).DetectBinary(name, head, func(f detectors.Finding) { out = append(out, f) })
	return out
}

func TestDetectBinary(t *testing.T) {
	random := make([]byte, 4096)
	_, _ = rand.Read(random)
	cases := []struct {
		file, asName string
		head         []byte
		rule         string
		conf         detectors.Confidence
	}{
		{file: "Passwords.kdbx", rule: KeePassDatabaseRuleID, conf: detectors.ConfidenceHigh},
		{file: "old.kdb", rule: KeePassDatabaseRuleID, conf: detectors.ConfidenceHigh},
		{file: "intranett.pfx", rule: PKCS12RuleID, conf: detectors.ConfidenceHigh},
		{file: "legacy.p12", rule: PKCS12RuleID, conf: detectors.ConfidenceHigh},
		{file: "intranett.pfx", asName: "backup.bin", rule: PKCS12RuleID, conf: detectors.ConfidenceMedium},
		{file: "app.jks", rule: JavaKeyStoreRuleID, conf: detectors.ConfidenceHigh},
		{asName: "vault.psafe3", head: append([]byte("PWS3"), random[:200]...), rule: PasswordSafeDatabaseRuleID, conf: detectors.ConfidenceHigh},
		{asName: "noise.pfx", head: random},
		{asName: "short.kdbx", head: []byte{0x03, 0xD9}},
		{asName: "cert.der", head: []byte{0x30, 0x82, 0x01, 0x0a, 0x02, 0x01, 0x02}},
		{file: "id_rsa.pub"},
	}
	for _, c := range cases {
		name := c.asName
		if name == "" {
			name = c.file
		}
		t.Run(name, func(t *testing.T) {
			head := c.head
			if c.file != "" {
				b, err := os.ReadFile(filepath.Join("testdata", c.file))
				if err != nil {
					t.Fatal(err)
				}
				head = b
			}
			fs := detectBinary(filepath.Join(`\\filer\felles`, name), head)
			if c.rule == "" {
				if len(fs) != 0 {
					t.Fatalf("want nothing, got %v", ruleIDs(fs))
				}
				return
			}
			if len(fs) != 1 || fs[0].Rule != c.rule || fs[0].Confidence != c.conf {
				t.Fatalf("got %+v, want one %s at %v", fs, c.rule, c.conf)
			}
			if fs[0].Secret == "" || fs[0].Masked == "" {
				t.Fatalf("incomplete finding %+v", fs[0])
			}
		})
	}
}

// TestPKCS12Generated builds a minimal PFX prefix by hand (what Go's
// standard library would write has no encoder) and checks the structural
// test on it and on near misses.
func TestPKCS12Generated(t *testing.T) {
	oid := []byte{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01}
	good := append([]byte{0x30, 0x82, 0x04, 0x00, 0x02, 0x01, 0x03, 0x30, 0x82, 0x03, 0x00}, oid...)
	if !isPKCS12(good) {
		t.Error("minimal PFX not recognised")
	}
	bad := append([]byte(nil), good...)
	bad[6] = 0x02 // version 2
	if isPKCS12(bad) {
		t.Error("version 2 accepted")
	}
	if isPKCS12(good[:8]) {
		t.Error("truncated header accepted")
	}
}
