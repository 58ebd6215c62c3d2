package ooxml

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
)

func TestDocx(t *testing.T) {
	for _, tc := range []struct {
		file  string
		macro bool
	}{{"users.docx", false}, {"users.docm", true}} {
		t.Run(tc.file, func(t *testing.T) {
			data := fixture(t, tc.file, func(tb testing.TB) []byte { return buildDocx(tb, tc.macro) })
			s, err := run(t, data, extract.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			body, ok := s.get("")
			if !ok || body.table {
				t.Fatalf("no body section: %+v", s.texts)
			}
			wantBody := "Elevliste for skolen\nKolonne\tto\nny linje\nMellom tabellene\ntekstboks\nSlutt\n"
			if body.text != wantBody {
				t.Errorf("body = %q, want %q", body.text, wantBody)
			}
			t1, ok := s.get("table 1")
			if !ok || !t1.table {
				t.Fatalf("no table 1: %+v", s.texts)
			}
			want1 := "Brukernavn\tPassord\nola.nordmann\tSommer2018!\nkari normann\tVinter x y\n"
			if t1.text != want1 {
				t.Errorf("table 1 = %q, want %q", t1.text, want1)
			}
			if t2, _ := s.get("table 2"); t2.text != "a\tb\tc\n" {
				t.Errorf("table 2 = %q", t2.text)
			}
			if h, _ := s.get("header1"); h.text != "Konfidensielt\n" {
				t.Errorf("header = %q", h.text)
			}
			if c, _ := s.get("comments"); !strings.Contains(c.text, "husk å bytte passord") {
				t.Errorf("comments = %q", c.text)
			}
			if string(s.files["word/embeddings/oleObject1.bin"]) != "embedded bytes" {
				t.Errorf("embedded files = %v", s.files)
			}
			if _, ok := s.files["word/vbaProject.bin"]; ok != tc.macro {
				t.Errorf("vba project handed on = %v, want %v", ok, tc.macro)
			}
		})
	}
}

func TestXlsx(t *testing.T) {
	for _, tc := range []struct {
		file  string
		build func(testing.TB) []byte
	}{
		{"users.xlsx", buildUserXlsx},
		{"users.xlsm", func(tb testing.TB) []byte {
			// Same sheets in a macro workbook.
			x := buildUserXlsx(tb)
			zr, _ := zip.NewReader(bytes.NewReader(x), int64(len(x)))
			var parts []zpart
			for _, f := range zr.File {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				body := string(b)
				if f.Name == "[Content_Types].xml" {
					body = strings.Replace(body, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml", 1)
				}
				parts = append(parts, zpart{f.Name, body})
			}
			return buildZip(tb, append(parts, zpart{"xl/vbaProject.bin", "vba"}))
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			s, err := run(t, fixture(t, tc.file, tc.build), extract.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want := []section{
				{"sheet Elever", true, "Brukernavn\tPassord\t\tFødselsnummer\nola.nordmann\tSommer2018!\t\t10101901234\t01019012345\t7\n\n\n\t\tTRUE\t\t12.5\tformel\n"},
				{"sheet Ark 2", true, "tab and newline \t00123\n"},
			}
			if len(s.texts) != len(want) {
				t.Fatalf("sections = %+v", s.texts)
			}
			for i, w := range want {
				if s.texts[i] != w {
					t.Errorf("section %d = %+v\nwant %+v", i, s.texts[i], w)
				}
			}
			if strings.HasSuffix(tc.file, "m") && s.files["xl/vbaProject.bin"] == nil {
				t.Error("vba project not handed on")
			}
		})
	}
}

func TestPptx(t *testing.T) {
	data := fixture(t, "slides.pptx", buildPptx)
	s, err := run(t, data, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []section{
		{"slide 1", false, "Velkommen\nWi-Fi passord: Gjest2018\n"},
		{"notes 1", false, "admin / hemmelig\n"},
		{"slide 2", false, "Bruker\tKode\nola\t1234\n"},
	}
	if len(s.texts) != len(want) {
		t.Fatalf("sections = %+v", s.texts)
	}
	for i, w := range want {
		if s.texts[i] != w {
			t.Errorf("section %d = %+v, want %+v", i, s.texts[i], w)
		}
	}
}

func TestNumbers(t *testing.T) {
	for in, want := range map[string]string{
		"1.0101901234E10":  "10101901234",
		"1.0101901234E+10": "10101901234",
		"-2.5E3":           "-2500",
		"1.5E-3":           "0.0015",
		"12.5":             "12.5",
		"1E400":            "1E400",
		"3.14159":          "3.14159",
		"1.23456789012E11": "123456789012",
		"1.2E1":            "12",
		"x1E5":             "x1E5",
	} {
		if got := string(appendNumber(nil, []byte(in))); got != want {
			t.Errorf("appendNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDigitPatterns(t *testing.T) {
	for _, tc := range []struct{ code, in, want string }{
		{"00000000000", "1019012345", "01019012345"},
		{`000000\ 00000`, "1019012345", "010190 12345"},
		{`"0"0000`, "123456", "123456"},
		{"0000", "12.5", "12.5"},
	} {
		p := digitPattern(tc.code)
		if p == "" {
			t.Fatalf("%q not a digit pattern", tc.code)
		}
		if got := string(appendPadded(nil, []byte(tc.in), p)); got != tc.want {
			t.Errorf("%q with %q = %q, want %q", tc.in, tc.code, got, tc.want)
		}
	}
	for _, code := range []string{"0.00", "#,##0", "General", "0", "yyyy-mm-dd", "[Red]00"} {
		if p := digitPattern(code); p != "" {
			t.Errorf("%q taken as a digit pattern", code)
		}
	}
}

func TestDamaged(t *testing.T) {
	docx := buildDocx(t, false)
	xlsx := buildUserXlsx(t)
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, extract.ErrMalformed},
		{"not zip", []byte("hello world, not a zip at all"), extract.ErrMalformed},
		{"truncated docx", docx[:len(docx)/2], extract.ErrMalformed},
		{"truncated xlsx", xlsx[:len(xlsx)-30], extract.ErrMalformed},
		{"zip without office parts", buildZip(t, []zpart{{"a.txt", "x"}}), extract.ErrMalformed},
		{"broken sheet xml", buildXlsx(t, false, zpart{"S", `<row r="1"><c t="inlineStr"><is><t>ok</t></is></c></row><row><c a=></row>`}), extract.ErrMalformed},
		{"entity", buildXlsx(t, false, zpart{"S", `<row><c t="inlineStr"><is><t>&lol;</t></is></c></row>`}), extract.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := run(t, tc.data, extract.Limits{})
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// bombXlsx is a sheet of n identical rows, which deflates extremely well.
func bombXlsx(t testing.TB, n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(`<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>`)
	}
	return buildXlsx(t, false, zpart{"Bomb", b.String()})
}

func TestLimits(t *testing.T) {
	bomb := bombXlsx(t, 30000) // ~2.5 MB of XML, a few KB compressed
	t.Run("ratio", func(t *testing.T) {
		s, err := run(t, bomb, extract.Limits{MaxRatio: 50})
		if !errors.Is(err, extract.ErrLimit) {
			t.Fatalf("err = %v, want limit", err)
		}
		if len(s.skips) == 0 {
			t.Error("bomb part not reported as skipped")
		}
	})
	t.Run("member bytes", func(t *testing.T) {
		s, err := run(t, bomb, extract.Limits{MaxMemberBytes: 100 << 10, MaxRatio: 1e9})
		if !errors.Is(err, extract.ErrLimit) {
			t.Fatalf("err = %v, want limit", err)
		}
		sh, _ := s.get("sheet Bomb")
		if n := strings.Count(sh.text, "\n"); n < 900 || n > 1100 {
			t.Errorf("read %d rows before the limit", n)
		}
	})
	t.Run("entries", func(t *testing.T) {
		if _, err := run(t, bomb, extract.Limits{MaxEntries: 3}); !errors.Is(err, extract.ErrLimit) {
			t.Fatalf("err = %v, want limit", err)
		}
	})
	t.Run("duration", func(t *testing.T) {
		if _, err := run(t, bomb, extract.Limits{MaxDuration: time.Nanosecond, MaxRatio: 1e9}); !errors.Is(err, extract.ErrLimit) {
			t.Fatalf("err = %v, want limit", err)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		in := extract.Input{Size: int64(len(bomb)), At: bytes.NewReader(bomb)}
		if err := Extract(ctx, in, &recSink{}); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want canceled", err)
		}
	})
	t.Run("sink stops", func(t *testing.T) {
		stop := errors.New("stop")
		s := &recSink{stop: stop}
		in := extract.Input{Size: int64(len(bomb)), At: bytes.NewReader(bomb), Limits: extract.Limits{MaxRatio: 1e9}}
		if err := Extract(context.Background(), in, s); !errors.Is(err, stop) {
			t.Fatalf("err = %v, want the sink's", err)
		}
	})
}

func TestRowGapsAreBounded(t *testing.T) {
	x := buildXlsx(t, false, zpart{"S", `<row r="3"><c r="B3"><v>1</v></c></row><row r="999999999"><c r="ZZZZZ9"><v>2</v></c></row><row r="2"><c><v>3</v></c></row>`})
	s, err := run(t, x, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.texts[0].text; got != "\n\n\t1\n2\n3\n" {
		t.Errorf("got %q", got)
	}
}

func TestEncryptedOLE(t *testing.T) {
	data, err := os.ReadFile("testdata/encrypted.docx")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, data, extract.Limits{}); !errors.Is(err, extract.ErrEncrypted) {
		t.Fatalf("err = %v, want encrypted", err)
	}
	// An OLE file without an EncryptedPackage is not an OOXML document.
	junk := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	if _, err := run(t, junk, extract.Limits{}); !errors.Is(err, extract.ErrMalformed) {
		t.Fatalf("err = %v, want malformed", err)
	}
}
