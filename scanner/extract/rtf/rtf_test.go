package rtf

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func run(t testing.TB, doc string, lim extract.Limits) (string, error) {
	t.Helper()
	s := &extracttest.Recorder{}
	err := Extract(context.Background(), extract.Input{Size: int64(len(doc)), R: strings.NewReader(doc), Limits: lim}, s)
	return s.AllText(""), err
}

func TestExtract(t *testing.T) {
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"plain", `{\rtf1\ansi\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}\f0\fs20 Hello\par World}`, "Hello\nWorld"},
		{"cp1252 hex", `{\rtf1\ansi\ansicpg1252 Bj\'f8rn \'e6\'e5\par}`, "Bjørn æå\n"},
		{"unicode fallback", `{\rtf1\ansi\uc1 Gr\u248?nn \u8364\'80 \uc2\u8364xx!}`, "Grønn € €!"},
		{"negative unicode surrogates", `{\rtf1 \u-10179?\u-8694?}`, "😊"},
		{"cyrillic cpg", `{\rtf1\ansi\ansicpg1251 \'cf\'e0\'f0\'ee\'eb\'fc}`, "Пароль"},
		{"font charset", `{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}{\f1\fcharset204 Arial Cyr;}}\f1\'cf\f0\'f8}`, "Пø"},
		{"ignorable dest", `{\rtf1{\*\generator Riched20;}{\*\fldinst HYPERLINK "x"}{\fldrslt link}{\info{\title T}{\author A}} body}`, "link body"},
		{"pict and bin", `{\rtf1 a{\pict\pngblip 89504e47}b{\object\objemb{\*\objdata 0102}{\result c}}\bin3 x}{d}`, "abcd"},
		{"table", `{\rtf1 \trowd\cellx1000\cellx2000 Brukernavn\cell Passord\cell\row \trowd ola\cell Hemmelig1\cell\row}`, "Brukernavn\tPassord\t\nola\tHemmelig1\t\n"},
		{"escapes", `{\rtf1 a\{b\}c\\d\~e\_f\tab g\emdash\line h}`, "a{b}c\\d\u00a0e-f\tg\u2014\nh"},
		{"long word and param", `{\rtf1 \` + strings.Repeat("x", 100) + `123456789012345 ok}`, "ok"},
		{"shift-jis", `{\rtf1\ansi\ansicpg932 \'83\'70\'83\'58}`, "パス"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := run(t, tc.doc, extract.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFixture(t *testing.T) {
	b, err := os.ReadFile("testdata/users.rtf")
	if err != nil {
		t.Fatal(err)
	}
	got, err := run(t, string(b), extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Brukernavn\tPassord", "kari.nordmann\tSkøyter12", "Fødselsnummer"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %q", want, got)
		}
	}
}

func TestErrors(t *testing.T) {
	deep := `{\rtf1 ` + strings.Repeat("{", 100000) + "x"
	for _, tc := range []struct {
		name, doc string
		lim       extract.Limits
		want      error
	}{
		{"not rtf", "hello", extract.Limits{}, extract.ErrMalformed},
		{"empty", "", extract.Limits{}, extract.ErrMalformed},
		{"deep nesting", deep, extract.Limits{}, extract.ErrMalformed},
		{"truncated", `{\rtf1 {\b abc`, extract.Limits{}, extract.ErrMalformed},
		{"bin past end", `{\rtf1 \bin999999 ab}`, extract.Limits{}, extract.ErrMalformed},
		{"member limit", `{\rtf1 ` + strings.Repeat("abc ", 1000) + `}`, extract.Limits{MaxMemberBytes: 100}, extract.ErrLimit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := run(t, tc.doc, tc.lim); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("limit keeps text read", func(t *testing.T) {
		got, _ := run(t, `{\rtf1 `+strings.Repeat("abc ", 1000)+`}`, extract.Limits{MaxMemberBytes: 100})
		if !strings.HasPrefix(got, "abc abc") {
			t.Errorf("got %q", got)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := Extract(ctx, extract.Input{R: strings.NewReader(`{\rtf1 x}`)}, &extracttest.Recorder{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("sink error wins", func(t *testing.T) {
		stop := errors.New("stop")
		err := Extract(context.Background(), extract.Input{R: strings.NewReader(`{\rtf1 x}`)}, &extracttest.Recorder{Err: stop})
		if !errors.Is(err, stop) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("slow reader times out", func(t *testing.T) {
		err := Extract(context.Background(), extract.Input{R: &slow{}, Limits: extract.Limits{MaxDuration: 50 * time.Millisecond}}, &extracttest.Recorder{})
		if !errors.Is(err, extract.ErrLimit) {
			t.Fatalf("err = %v", err)
		}
	})
}

// slow yields an endless RTF document a few bytes at a time.
type slow struct{ n int }

func (s *slow) Read(p []byte) (int, error) {
	time.Sleep(time.Millisecond)
	s.n++
	if s.n == 1 {
		return copy(p, `{\rtf1 `), nil
	}
	return copy(p, "abc "), nil
}

func FuzzRTF(f *testing.F) {
	if b, err := os.ReadFile("testdata/users.rtf"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{`{\rtf1\ansi\ansicpg1252 Bj\'f8rn\par}`, `{\rtf1\uc2\u-10179xx\u-8694yy}`, `{\rtf1{\fonttbl{\f1\fcharset128 M;}}\f1\'83\'70\bin2 ab}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := extract.Input{Size: int64(len(data)), R: bytes.NewReader(data), Limits: extract.Limits{MaxMemberBytes: 1 << 20, MaxDuration: time.Second}}
		Extract(context.Background(), in, &extracttest.Recorder{})
	})
}
