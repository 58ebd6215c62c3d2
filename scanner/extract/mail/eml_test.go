package mail

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func TestEMLFixtures(t *testing.T) {
	tests := []struct {
		file      string
		want      []string // substrings of the joined text
		notWant   []string
		files     []string // attachment names
		wantTexts int
	}{
		{
			file: "plain.eml",
			want: []string{"Subject: Passord til elever på Bjørnebo", "From: Lærer Øystein <oystein@skole.no>",
				"påloggings"[:7], "Brukernavn: ola Passord: Sommer2018!", "Kari Nordmann\tkari01\tVinter2019#"},
			wantTexts: 1,
		},
		{
			file:      "latin1.eml",
			want:      []string{"Subject: Pålogging", "Brukernavn: ola Passord: Sommer2018!", "Bjørn på kontoret"},
			wantTexts: 1,
		},
		{
			file: "mixed.eml",
			want: []string{
				"Subject: Passord til elevene", "Brukernavn: ola Passord: Sommer2018!  Bjørn",
				"Brukernavn: ola\u00a0Passord: Sommer2018!", "Navn\tPassord\t", "Kari\tVinter&2019\t", "Bjørn",
				"Subject: Fwd: gamle passord", "Brukernavn: per Passord: Høst2017!",
			},
			notWant:   []string{"skjult", "color:red", "epilogue", "<td>"},
			files:     []string{"passord bjørn.zip", "elever år 2018.xlsx"},
			wantTexts: 3,
		},
		{
			file:      "notmail.eml",
			want:      []string{"this is not a mail header", "Brukernavn: ola Passord: Sommer2018!"},
			wantTexts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s, err := run(t, EML, readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			text := s.AllText("\n")
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(text, w) {
					t.Errorf("text has %q", w)
				}
			}
			if len(s.Texts) != tt.wantTexts {
				t.Errorf("got %d text parts, want %d", len(s.Texts), tt.wantTexts)
			}
			if len(s.Files) != len(tt.files) {
				t.Errorf("got %d files %v, want %v", len(s.Files), s.Files, tt.files)
			}
			for _, f := range tt.files {
				if _, ok := s.Lookup(f); !ok {
					t.Errorf("no attachment %q in %v", f, s.Files)
				}
			}
		})
	}
}

func TestEMLAttachmentDecoded(t *testing.T) {
	s, err := run(t, EML, readFixture(t, "mixed.eml"))
	if err != nil {
		t.Fatal(err)
	}
	f, ok := s.Lookup("passord bjørn.zip")
	if !ok {
		t.Fatal("zip attachment missing")
	}
	zr, err := zip.NewReader(strings.NewReader(f.Data), int64(len(f.Data)))
	if err != nil {
		t.Fatalf("attachment is not the zip that was sent: %v", err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != "passord.txt" {
		t.Errorf("zip members %v", zr.File)
	}
	// The main text carries the headers; the alternative HTML part is a
	// separate part named after its position.
	if s.Texts[0].Name != "" || !strings.HasPrefix(s.Texts[0].Data, "Subject: ") {
		t.Errorf("first text part %q does not start with the headers", s.Texts[0].Name)
	}
}

func TestEMLVariants(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		want string
	}{
		{"lf only", "Subject: x\nContent-Type: text/plain\n\nPassord: Sommer2018!\n", "Passord: Sommer2018!"},
		{"no header end", "Subject: Passord: Sommer2018!", "Subject: Passord: Sommer2018!"},
		{"unknown charset", "Content-Type: text/plain; charset=x-klingon\n\nPassord: abc\n", "Passord: abc"},
		{"broken base64 tail", "Content-Transfer-Encoding: base64\n\nUGFzc29yZDogU29tbWVyMjAxOCE=\n!!%%==QQ", "Passord: Sommer2018!"},
		{"bad qp", "Content-Transfer-Encoding: quoted-printable\n\nPassord: x=ZZy=C3=B8\n", "Passord: x"},
		{"multipart no boundary", "Content-Type: multipart/mixed\n\nPassord: hidden\n", "Passord: hidden"},
		{"truncated multipart", "Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: text/plain\n\nPassord: cut", "Passord: cut"},
		{"mbox postmark", "From x@y Mon Sep 3 2018\nSubject: hei\n\nPassord: p1\n", "Subject: hei"},
		{"html entities", "Content-Type: text/html\n\n<b>Passord</b>:&#32;Sommer&#50;018!", "Passord: Sommer2018!"},
		{"win-1252", "Content-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: quoted-printable\n\n=93Passord=94 =E6=F8=E5", "\u201cPassord\u201d æøå"},
		{"iso-8859-15", "Content-Type: text/plain; charset=ISO-8859-15\n\n\xa4", "€"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := run(t, EML, []byte(tt.msg))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(s.AllText("\n"), tt.want) {
				t.Errorf("text %q lacks %q", s.AllText("\n"), tt.want)
			}
		})
	}
}

func TestEMLNonTextPartIsFile(t *testing.T) {
	msg := "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b--\n"
	s, err := run(t, EML, []byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Files) != 1 || !strings.HasSuffix(s.Files[0].Name, ".bin") || !strings.HasPrefix(s.Files[0].Data, "\x89PNG") {
		t.Errorf("files %+v", s.Files)
	}
}

func TestEMLDeepNesting(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 100; i++ {
		b.WriteString("Content-Type: message/rfc822\n\n")
	}
	b.WriteString("Subject: bunn\n\nPassord: dypt\n")
	s, err := run(t, EML, []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Files) != 1 {
		t.Errorf("nesting past the bound should go to the scanner as a file, got %d files", len(s.Files))
	}
}

func TestEMLLimits(t *testing.T) {
	big := "Subject: x\n\n" + strings.Repeat("a", 10000)
	in := input([]byte(big))
	in.Limits.MaxMemberBytes = 100
	err := EML(context.Background(), in, &extracttest.Recorder{})
	if !errors.Is(err, extract.ErrLimit) {
		t.Errorf("member limit: got %v", err)
	}
	in = input([]byte(big))
	in.Limits.MaxTotalBytes = 100
	if err := EML(context.Background(), in, &extracttest.Recorder{}); !errors.Is(err, extract.ErrLimit) {
		t.Errorf("total limit: got %v", err)
	}
	in = input([]byte("Subject: " + strings.Repeat("a", maxHeaderBytes+10) + "\n\nbody"))
	if err := EML(context.Background(), in, &extracttest.Recorder{}); !errors.Is(err, extract.ErrMalformed) {
		t.Errorf("header cap: got %v", err)
	}
	var parts strings.Builder
	parts.WriteString("Content-Type: multipart/mixed; boundary=b\n\n")
	for i := 0; i < 50; i++ {
		parts.WriteString("--b\n\nx\n")
	}
	in = input([]byte(parts.String()))
	in.Limits.MaxEntries = 10
	if err := EML(context.Background(), in, &extracttest.Recorder{}); !errors.Is(err, extract.ErrLimit) {
		t.Errorf("entries: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := EML(ctx, input(readFixture(t, "mixed.eml")), &extracttest.Recorder{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}

func TestEMLTruncatedNeverPanics(t *testing.T) {
	data := readFixture(t, "mixed.eml")
	for n := 0; n < len(data); n += 7 {
		_, _ = run(t, EML, data[:n])
	}
	_, _ = run(t, EML, bytes.Repeat([]byte{0xff, 0, ':', '\n'}, 1000))
}

func FuzzEML(f *testing.F) {
	for _, n := range []string{"plain.eml", "latin1.eml", "mixed.eml", "notmail.eml"} {
		f.Add(readFixture(f, n))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := input(data)
		in.Limits.MaxMemberBytes = 1 << 20
		_ = EML(context.Background(), in, &extracttest.Recorder{})
	})
}
