package extracttest

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/credsweep/credsweep/scanner/extract"
)

var (
	_ extract.Sink = (*Recorder)(nil)
	_ extract.Sink = (*Drain)(nil)
)

func TestRecorder(t *testing.T) {
	stop := errors.New("stop")
	broken := errors.New("broken")
	tests := []struct {
		name  string
		rec   Recorder
		calls func(s *Recorder) []error
		want  []error
		check func(t *testing.T, s *Recorder)
	}{
		{"records in order", Recorder{}, func(s *Recorder) []error {
			s.Skip("x", "first")
			s.Skip("x", "last")
			return []error{
				s.Text("a", true, strings.NewReader("1\t2")),
				s.File("f", 3, strings.NewReader("one")),
				s.File("f", 3, strings.NewReader("two")),
			}
		}, []error{nil, nil, nil}, func(t *testing.T, s *Recorder) {
			if p, ok := s.Section("a"); !ok || !p.Table || p.Data != "1\t2" {
				t.Errorf("section %+v", p)
			}
			if strings.Join(s.Names(), ",") != "f,f" || s.Data("f") != "two" || s.Read != 6 {
				t.Errorf("names %v, data %q, read %d", s.Names(), s.Data("f"), s.Read)
			}
			if s.Skips["x"] != "last" || s.AllText("|") != "1\t2|" {
				t.Errorf("skips %v, text %q", s.Skips, s.AllText("|"))
			}
		}},
		{"fails after N", Recorder{Err: stop, FailAfter: 2}, func(s *Recorder) []error {
			return []error{
				s.Text("", false, strings.NewReader("a")),
				s.File("f", -1, strings.NewReader("b")),
				s.Text("", false, strings.NewReader("c")),
				s.File("g", -1, strings.NewReader("d")),
			}
		}, []error{nil, nil, stop, stop}, func(t *testing.T, s *Recorder) {
			if len(s.Texts) != 2 || len(s.Files) != 2 {
				t.Errorf("failed calls not recorded: %v %v", s.Texts, s.Files)
			}
		}},
		{"limits and rejects", Recorder{TextLimit: 2, Unique: true, Discard: true}, func(s *Recorder) []error {
			return []error{
				s.Text("", false, strings.NewReader("abc")),
				s.File("f", -1, strings.NewReader("big")),
				s.File("f", -1, strings.NewReader("again")),
			}
		}, []error{nil, nil, errors.New("duplicate")}, func(t *testing.T, s *Recorder) {
			if s.Texts[0].Data != "ab" || s.Data("f") != "" || s.Read != 3 || len(s.Files) != 1 {
				t.Errorf("texts %v, files %v, read %d", s.Texts, s.Files, s.Read)
			}
		}},
		{"read errors", Recorder{HoldReadErr: true}, func(s *Recorder) []error {
			return []error{
				s.File("f", -1, iotest.ErrReader(broken)),
				s.Text("", false, iotest.ErrReader(broken)),
			}
		}, []error{nil, broken}, func(t *testing.T, s *Recorder) {
			if f, _ := s.Lookup("f"); !errors.Is(f.Err, broken) {
				t.Errorf("file %+v", f)
			}
		}},
		{"text rejected", Recorder{RejectText: true}, func(s *Recorder) []error {
			return []error{s.Text("t", false, strings.NewReader("x"))}
		}, []error{errors.New("unexpected text")}, func(t *testing.T, s *Recorder) {
			if len(s.Texts) != 0 {
				t.Errorf("texts %v", s.Texts)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.rec
			got := tc.calls(&s)
			for i, err := range got {
				if !sameErr(err, tc.want[i]) {
					t.Errorf("call %d: err %v, want %v", i, err, tc.want[i])
				}
			}
			tc.check(t, &s)
		})
	}
}

// sameErr matches sentinels by identity and other wanted errors by the
// start of their message.
func sameErr(got, want error) bool {
	if want == nil || got == nil {
		return got == want
	}
	return errors.Is(got, want) || strings.HasPrefix(got.Error(), want.Error())
}

func TestRecurse(t *testing.T) {
	stop := errors.New("stop")
	var seen []string
	s := &Recorder{Recurse: func(name, data string) error {
		seen = append(seen, name+"="+data)
		if name == "b" {
			return stop
		}
		return nil
	}}
	if err := s.File("a", -1, strings.NewReader("1")); err != nil {
		t.Fatal(err)
	}
	if err := s.File("b", -1, strings.NewReader("2")); err != stop {
		t.Errorf("hook error not returned: %v", err)
	}
	if err := s.File("c", -1, iotest.ErrReader(io.ErrUnexpectedEOF)); err != io.ErrUnexpectedEOF {
		t.Errorf("read error not returned: %v", err)
	}
	if strings.Join(seen, ",") != "a=1,b=2" {
		t.Errorf("hook saw %v", seen)
	}
}

func TestDrain(t *testing.T) {
	var d Drain
	d.Skip("x", "y")
	if err := d.Text("", false, strings.NewReader("abc")); err != nil {
		t.Fatal(err)
	}
	if err := d.File("", -1, iotest.OneByteReader(strings.NewReader("de"))); err != nil {
		t.Fatal(err)
	}
	if d.Bytes != 5 {
		t.Errorf("drained %d bytes, want 5", d.Bytes)
	}
}
