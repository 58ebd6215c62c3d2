package pdf

import (
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
)

var update = flag.Bool("update", false, "rewrite testdata fixtures")

func TestText(t *testing.T) {
	for _, version := range []string{"1.4", "1.7", "2.0"} {
		t.Run(version, func(t *testing.T) {
			s, err := run(t, textPDF(version), extract.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			// The table of page 1 is a table part of its own, after the
			// pages (a table may go on over the next page).
			if len(s.Texts) != 3 || s.Texts[0].Name != "page 1" || s.Texts[1].Name != "page 2" ||
				s.Texts[2].Name != "table on page 1" || !s.Texts[2].Table || s.Texts[0].Table {
				t.Fatalf("sections = %+v", s.Texts)
			}
			if want := "Brukernavn\tPassord\nola.nordmann\tSommer2018!\n"; s.Texts[2].Data != want {
				t.Errorf("table = %q, want %q", s.Texts[2].Data, want)
			}
			want1 := "Elevliste 7B\nBjørn\n"
			if s.Texts[0].Data != want1 {
				t.Errorf("page 1 = %q, want %q", s.Texts[0].Data, want1)
			}
			want2 := "Fødselsnummer: 01019012345\n"
			if s.Texts[1].Data != want2 {
				t.Errorf("page 2 = %q, want %q", s.Texts[1].Data, want2)
			}
		})
	}
}

func TestFixture(t *testing.T) {
	if *update {
		os.WriteFile("testdata/users.pdf", textPDF("1.4"), 0o644)
	}
	b, err := os.ReadFile("testdata/users.pdf")
	if err != nil {
		t.Fatal(err)
	}
	s, err := run(t, b, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.AllText(""), "ola.nordmann\tSommer2018!") {
		t.Errorf("text = %q", s.AllText(""))
	}
}

func TestErrors(t *testing.T) {
	good := textPDF("1.4")
	encrypted := buildPDF("1.4", []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
		"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <" + strings.Repeat("ab", 32) + "> /U <" + strings.Repeat("cd", 32) + "> >>",
	}, "/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]")
	aes256 := buildPDF("1.7", []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
		"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -3904 /O <" + strings.Repeat("ab", 48) + "> /U <" + strings.Repeat("cd", 48) + "> >>",
	}, "/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]")
	loop := buildPDF("1.4", []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}, "")
	// Point the trailer's /Prev at its own xref section.
	x := strings.LastIndex(string(loop), "startxref\n")
	off := strings.TrimSpace(strings.SplitN(string(loop[x+len("startxref\n"):]), "\n", 2)[0])
	loop = []byte(strings.Replace(string(loop), "/Root 1 0 R", "/Root 1 0 R /Prev "+off, 1))
	huge := []byte(strings.Replace(string(good), "/Size 9", "/Size 999999999999", 1))
	cyclic := buildPDF("1.4", []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 5 >>",
		"<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>",
		stream("BT /F1 12 Tf (x) Tj ET", false),
	}, "")
	for _, tc := range []struct {
		name string
		data []byte
		lim  extract.Limits
		want error
	}{
		{"not pdf", []byte("hello"), extract.Limits{}, extract.ErrMalformed},
		{"empty", nil, extract.Limits{}, extract.ErrMalformed},
		{"truncated", good[:len(good)/2], extract.Limits{}, extract.ErrMalformed},
		{"garbage after header", append([]byte("%PDF-1.4\n"), make([]byte, 3000)...), extract.Limits{}, extract.ErrMalformed},
		{"encrypted rc4", encrypted, extract.Limits{}, extract.ErrEncrypted},
		{"encrypted aes256", aes256, extract.Limits{}, extract.ErrEncrypted},
		{"prev loop", loop, extract.Limits{}, extract.ErrMalformed},
		{"huge size", huge, extract.Limits{}, extract.ErrMalformed},
		{"file over limit", good, extract.Limits{MaxMemberBytes: 100}, extract.ErrLimit},
		{"page text limit", good, extract.Limits{MaxMemberBytes: int64(len(good))}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := run(t, tc.data, tc.lim)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("cyclic page tree ends", func(t *testing.T) {
		done := make(chan error, 1)
		go func() { _, err := run(t, cyclic, extract.Limits{MaxDuration: 5 * time.Second}); done <- err }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("hang")
		}
	})
}
