package mail

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func TestMboxFixture(t *testing.T) {
	s, err := run(t, Mbox, readFixture(t, "folder.mbox"))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for _, p := range s.Texts {
		byName[p.Name] += p.Data
	}
	checks := map[string][]string{
		"message 1": {"Subject: Passord til ny konto", "Brukernavn: ola Passord: Sommer2018!", "\nFrom the desk of IT", "\n>From nested quote"},
		"message 2": {"Subject: Vår liste", "Passord: Vinter2019€"},
		"message 3": {"Subject: tredje", "siste melding"},
	}
	for name, wants := range checks {
		for _, w := range wants {
			if !strings.Contains(byName[name], w) {
				t.Errorf("%s lacks %q: %q", name, w, byName[name])
			}
		}
	}
	if strings.Contains(byName["message 1"], ">From the desk") {
		t.Error(">From not unescaped")
	}
	if len(s.Files) != 1 || s.Files[0].Name != "message 2/brukere.csv" || !strings.Contains(s.Files[0].Data, "per;Host2017!") {
		t.Errorf("files %+v", s.Files)
	}
}

func TestMboxVariants(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		texts int
		want  string
	}{
		{"lf", "From a\nSubject: 1\n\nx\n\nFrom b\nSubject: 2\n\ny\n", 2, "Subject: 2"},
		{"no leading postmark", "Subject: 1\n\nPassord: p\n", 1, "Passord: p"},
		{"unescaped From in body", "From a\nSubject: 1\n\nhei\nFrom here on: Passord: q\n", 2, "From here on: Passord: q"},
		{"empty", "", 0, ""},
		{"only postmarks", "From a\nFrom b\n", 2, "From b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := run(t, Mbox, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Texts) != tt.texts {
				t.Errorf("got %d texts %+v, want %d", len(s.Texts), s.Texts, tt.texts)
			}
			if !strings.Contains(s.AllText("\n"), tt.want) {
				t.Errorf("text lacks %q", tt.want)
			}
		})
	}
}

func TestMboxLongLines(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	data := "From a\nSubject: 1\n\n" + long + "From not a separator\n\nFrom b\nSubject: 2\n\nPassord: z\n"
	s, err := run(t, Mbox, []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Texts) != 2 || !strings.Contains(s.Texts[0].Data, long+"From not") || !strings.Contains(s.Texts[1].Data, "Passord: z") {
		t.Errorf("long line split wrongly: %d texts", len(s.Texts))
	}
}

func TestMboxLimits(t *testing.T) {
	data := strings.Repeat("From a\nSubject: s\n\nbody\n\n", 20)
	in := input([]byte(data))
	in.Limits.MaxEntries = 5
	if err := Mbox(context.Background(), in, &extracttest.Recorder{}); !errors.Is(err, extract.ErrLimit) {
		t.Errorf("entries: %v", err)
	}
	in = input([]byte(data))
	in.Limits.MaxTotalBytes = 50
	if err := Mbox(context.Background(), in, &extracttest.Recorder{}); !errors.Is(err, extract.ErrLimit) {
		t.Errorf("total: %v", err)
	}
}

func FuzzMbox(f *testing.F) {
	f.Add(readFixture(f, "folder.mbox"))
	f.Add([]byte("From a\n>From b\nFrom c\nSubject: x\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := input(data)
		in.Limits.MaxMemberBytes = 1 << 20
		_ = Mbox(context.Background(), in, &extracttest.Recorder{})
	})
}
