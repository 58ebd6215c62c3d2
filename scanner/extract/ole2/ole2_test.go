package ole2

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
	"github.com/credsweep/credsweep/scanner/extract/ole2/cfbtest"
)

func TestFixturesMatchBuilders(t *testing.T) {
	for name, build := range fixtures {
		if !bytes.Equal(readFixture(t, name), build()) {
			t.Errorf("testdata/%s is stale: run UPDATE_FIXTURES=1 go test -run WriteFixtures", name)
		}
	}
}

func TestExtract(t *testing.T) {
	tests := []struct {
		file  string
		kind  string
		texts map[string]string // name -> exact text, or substring when prefixed by "~"
		files map[string]string
		err   error
	}{
		{
			file: "sample.doc", kind: KindDoc,
			texts: map[string]string{"": "Elevliste for Bjørnebo skole\n" + secretLine + "\n" +
				"Navn\tBrukernavn\tPassord\nKari Nordmann\tkari01\tVinter2019#\nSe intranettet for mer.\n"},
		},
		{
			file: "sample.xls", kind: KindXLS,
			texts: map[string]string{
				"sheet Elever": "Brukernavn\tPassord\t\tFødselsnummer\nola\tSommer2018!\t\t12345678901\n\n42\t7\t1.5\nPassord: Vinter2019#\nBjørn\n",
				"sheet Tom":    "",
			},
		},
		{
			file: "sample.ppt", kind: KindPPT,
			texts: map[string]string{"": "Passord til wifi\n" + secretLine + "\nBjørnebo\nskole\n"},
		},
		{file: "encrypted.doc", kind: KindDoc, err: extract.ErrEncrypted},
		{file: "encrypted.xls", kind: KindXLS, err: extract.ErrEncrypted},
		{file: "encrypted-ooxml.docx", kind: KindEncrypted, err: extract.ErrEncrypted},
		{
			file: "embedded.bin", kind: KindUnknown,
			files: map[string]string{"ObjectPool/_1234/passord.csv": "Brukernavn;Passord\nola;Sommer2018!\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := readFixture(t, tt.file)
			if k := Kind(bytes.NewReader(data), int64(len(data))); k != tt.kind {
				t.Errorf("Kind = %q, want %q", k, tt.kind)
			}
			s, err := run(t, data)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Texts) != len(tt.texts) {
				t.Errorf("got %d texts %+v, want %d", len(s.Texts), s.Texts, len(tt.texts))
			}
			for _, p := range s.Texts {
				want, ok := tt.texts[p.Name]
				if !ok {
					t.Errorf("unexpected text %q", p.Name)
					continue
				}
				if p.Data != want {
					t.Errorf("text %q:\n got %q\nwant %q", p.Name, p.Data, want)
				}
				if p.Table != strings.HasPrefix(p.Name, "sheet ") {
					t.Errorf("text %q: table = %v", p.Name, p.Table)
				}
			}
			if len(s.Files) != len(tt.files) {
				t.Errorf("got files %+v, want %q", s.Files, tt.files)
			}
			for _, f := range s.Files {
				if tt.files[f.Name] != f.Data {
					t.Errorf("file %q = %q", f.Name, f.Data)
				}
			}
		})
	}
}

func TestUnknownCompoundSkipped(t *testing.T) {
	data := cfbtest.Build(map[string][]byte{"Catalog": make([]byte, 10)})
	s, err := run(t, data)
	if err != nil || len(s.Skips) != 1 || len(s.Texts) != 0 {
		t.Errorf("err %v, skips %v, texts %v", err, s.Skips, s.Texts)
	}
}

func TestMSGRoutedToMail(t *testing.T) {
	data := cfbtest.Build(map[string][]byte{
		"__properties_version1.0": make([]byte, 32),
		"__substg1.0_0037001F":    cfbtest.UTF16("Passord"),
		"__substg1.0_1000001F":    cfbtest.UTF16(secretLine),
	})
	if !IsMSG(bytes.NewReader(data), int64(len(data))) {
		t.Error("IsMSG = false")
	}
	s, err := run(t, data)
	if err != nil || !strings.Contains(s.AllText("\n"), "Subject: Passord\n") || !strings.Contains(s.AllText("\n"), secretLine) {
		t.Errorf("err %v text %q", err, s.AllText("\n"))
	}
}

func TestWordFallback(t *testing.T) {
	// A FIB without a usable piece table: the text is salvaged from runs.
	wd := make([]byte, 0x400)
	wd[0], wd[1] = 0xEC, 0xA5
	wd[2] = 0xC1
	copy(wd[0x200:], cfbtest.UTF16(secretLine+"\r"))
	copy(wd[0x300:], "Passord: Vinter2019#")
	s, err := run(t, cfbtest.Build(map[string][]byte{"WordDocument": wd}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.AllText("\n"), secretLine) || !strings.Contains(s.AllText("\n"), "Passord: Vinter2019#") {
		t.Errorf("fallback text %q", s.AllText("\n"))
	}
}

func TestMalformed(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("garbage"), bytes.Repeat([]byte{0xD0}, 2048), []byte(signature + strings.Repeat("\xff", 600))} {
		if _, err := run(t, data); !errors.Is(err, extract.ErrMalformed) {
			t.Errorf("%d bytes: got %v", len(data), err)
		}
		if k := Kind(bytes.NewReader(data), int64(len(data))); k != KindUnknown {
			t.Errorf("Kind = %q", k)
		}
	}
	for name := range fixtures {
		data := readFixture(t, name)
		for n := 0; n < len(data); n += 61 {
			_, _ = run(t, data[:n])
		}
		// Flip bytes through the file: must never panic or hang.
		for i := 0; i < len(data); i += 13 {
			d := bytes.Clone(data)
			d[i] ^= 0xA5
			_, _ = run(t, d)
		}
	}
}

func TestLimitsAndCancel(t *testing.T) {
	in := input(readFixture(t, "sample.xls"))
	in.Limits.MaxMemberBytes = 100
	if err := Extract(context.Background(), in, &extracttest.Recorder{}); !errors.Is(err, extract.ErrLimit) {
		t.Errorf("member limit: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Extract(ctx, input(readFixture(t, "sample.doc")), &extracttest.Recorder{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestFormatNumber(t *testing.T) {
	for f, want := range map[float64]string{
		12345678901: "12345678901", 1.5: "1.5", -3: "-3", 0: "0", 1e300: "1e+300", 0.000001: "0.000001", 1e-9: "1e-09",
	} {
		if got := formatNumber(f); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", f, got, want)
		}
	}
}

func FuzzOLE2(f *testing.F) {
	for name := range fixtures {
		f.Add(readFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := input(data)
		// Small limits: a mutated size field must not make one input
		// slow (a stream is read up to the member limit).
		in.Limits = extract.Limits{MaxMemberBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxRatio: 100,
			MaxDepth: 1, MaxEntries: 1000, MaxDuration: 2 * time.Second}
		_ = Extract(context.Background(), in, &extracttest.Recorder{})
		_ = Kind(bytes.NewReader(data), int64(len(data)))
	})
}
