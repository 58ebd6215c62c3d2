package secrets

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/credsweep/credsweep/detectors"
)

// fuzzNames give the fuzzer every file-name hint the detector knows.
var fuzzNames = []string{"notes.txt", "unattend.xml", "sysprep.inf", "WinSCP.ini", "sitemanager.xml",
	"Groups.xml", "web.config", "appsettings.json", ".env", "values.yaml", "id_rsa", "x.rdp", "export.json"}

func seedFixtures(f *testing.F, add func(name string, b []byte)) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil {
			add(e.Name(), b)
		}
	}
}

func FuzzScan(f *testing.F) {
	seedFixtures(f, func(name string, b []byte) {
		if utf8.Valid(b) {
			f.Add(uint8(0), uint8(0), string(b))
		}
	})
	for _, c := range matcherCases {
		f.Add(uint8(1), uint8(3), c.text)
	}
	for _, p := range patterns {
		f.Add(uint8(2), uint8(0), p.tp[0])
	}
	f.Fuzz(func(t *testing.T, nameIdx, split uint8, text string) {
		name := fuzzNames[int(nameIdx)%len(fuzzNames)]
		// Cut into blocks at line ends, as the scanner does.
		b := []byte(strings.ToValidUTF8(text, "\uFFFD"))
		if len(b) == 0 || b[len(b)-1] != '\n' {
			b = append(b, '\n')
		}
		d := New()
		s := d.NewSession(detectors.Section{File: name})
		emit := func(fd detectors.Finding) {
			if fd.Secret == "" || fd.Rule == "" {
				t.Fatalf("empty rule or secret: %+v", fd)
			}
			sec := secretParts(fd.Secret)[0]
			if len(sec) >= 8 && (fd.Masked == fd.Secret || strings.Contains(fd.Masked, sec) || strings.Contains(fd.Detail.String(), sec)) {
				t.Fatalf("%s: secret shows in Masked/Detail", fd.Rule)
			}
		}
		line := 1
		step := int(split) + 1
		for len(b) > 0 {
			n := len(b)
			if split > 0 {
				lines := 0
				n = 0
				for n < len(b) && lines < step {
					i := bytes.IndexByte(b[n:], '\n')
					n += i + 1
					lines++
				}
			}
			blk := append([]byte(nil), b[:n]...)
			s.Scan(blk, line, emit)
			line += bytes.Count(blk, nl)
			b = b[n:]
		}
		s.Finish(emit)
	})
}

func FuzzGPPDecrypt(f *testing.F) {
	f.Add("FhN/U3piMA7+pc7pgsqFfs415Pkb/TiGlCrB+rDahsI")
	f.Add(gppEncrypt("Passw0rd!"))
	f.Add("")
	f.Add("j1Uyj3Vx8TY9LtLZil2uAuZkFQA/4latT76ZwgdHdhw")
	f.Fuzz(func(t *testing.T, c string) {
		pw, err := gppDecrypt(c)
		if err == nil && !utf8.ValidString(pw) {
			t.Fatal("invalid UTF-8 from a successful decrypt")
		}
		if err == nil {
			if got, err := gppDecrypt(gppEncrypt(pw)); err != nil || got != pw {
				t.Fatal("round trip differs")
			}
		}
	})
}

func FuzzDetectBinary(f *testing.F) {
	seedFixtures(f, func(name string, b []byte) {
		if len(b) > 64<<10 {
			b = b[:64<<10]
		}
		f.Add(name, b)
	})
	f.Add("x.pfx", []byte{0x30, 0x80, 0x02, 0x01, 0x03, 0x30, 0x80})
	f.Add("x.psafe3", []byte("PWS3"))
	d := New().(detectors.BinaryDetector)
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		d.DetectBinary(name, head, func(fd detectors.Finding) {
			if fd.Rule == "" || fd.Secret == "" || fd.Masked == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		})
	})
}

func FuzzWinSCPDecode(f *testing.F) {
	f.Add("A35E7D5F5B5557382E353A282F3A282C72373331312932397232331E2E253B3B39710F363371686E093A", "driftsftp.kommune.no")
	f.Add(winscpEncode("x", "", 0), "")
	f.Fuzz(func(t *testing.T, h, key string) {
		if pw, ok := winscpDecode(h, key); ok && (pw == "" || !utf8.ValidString(pw)) {
			t.Fatal("bad decode result")
		}
	})
}
