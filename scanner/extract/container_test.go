package extract

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func openTest(t *testing.T, lim Limits, kv ...string) (*Container, *extracttest.Recorder) {
	t.Helper()
	r := zipOf(t, kv...)
	s := &extracttest.Recorder{}
	c, err := OpenZip(context.Background(), r, r.Size(), s, lim.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

func TestOpenZip(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"zip", func() []byte { b, _ := io.ReadAll(zipOf(t, "a.xml", "x")); return b }(), Limits{}, nil},
		{"not a zip", []byte("PK but not really"), Limits{}, ErrMalformed},
		{"too many parts", func() []byte { b, _ := io.ReadAll(zipOf(t, "a", "1", "b", "2", "c", "3")); return b }(), Limits{MaxEntries: 2}, ErrLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := OpenZip(context.Background(), bytes.NewReader(tc.data), int64(len(tc.data)), &extracttest.Recorder{}, tc.lim.WithDefaults())
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if err == nil && (!c.Zipped() || len(c.Files()) != 1) {
				t.Errorf("zipped %v with %d files", c.Zipped(), len(c.Files()))
			}
		})
	}
}

func TestContainerOpen(t *testing.T) {
	bomb := strings.Repeat("0", 4<<20) // compresses far beyond 200 times
	tests := []struct {
		name    string
		lim     Limits
		parts   []string
		open    string
		want    string // "" with found false: no part
		found   bool
		skipped bool  // reported to the sink
		noted   error // in Err after Close
	}{
		{"case and slash insensitive", Limits{}, []string{"Word/Document.xml", "text"}, "/word/document.XML", "text", true, false, nil},
		{"missing", Limits{}, []string{"a.xml", "x"}, "b.xml", "", false, false, nil},
		{"cut at the member limit", Limits{MaxMemberBytes: 4}, []string{"a.xml", "abcdefgh"}, "a.xml", "abcd", true, false, ErrLimit},
		{"exactly the member limit", Limits{MaxMemberBytes: 8}, []string{"a.xml", "abcdefgh"}, "a.xml", "abcdefgh", true, false, nil},
		{"cut at the total limit", Limits{MaxTotalBytes: 3}, []string{"a.xml", "abcdefgh"}, "a.xml", "abc", true, false, ErrLimit},
		{"ratio bomb skipped", Limits{}, []string{"big.xml", bomb}, "big.xml", "", false, true, ErrLimit},
		{"ratio within limit", Limits{MaxRatio: 1e6}, []string{"big.xml", bomb}, "big.xml", bomb, true, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, s := openTest(t, tc.lim, tc.parts...)
			p, err := c.Open(tc.open)
			if err != nil {
				t.Fatal(err)
			}
			if (p != nil) != tc.found {
				t.Fatalf("found = %v, want %v", p != nil, tc.found)
			}
			if p != nil {
				got, err := io.ReadAll(p)
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != tc.want {
					t.Errorf("read %.40q, want %.40q", got, tc.want)
				}
				p.Close()
				p.Close() // a second Close notes nothing more
			}
			if got := len(s.Skips) > 0; got != tc.skipped {
				t.Errorf("skipped = %v (%v), want %v", got, s.Skips, tc.skipped)
			}
			err = c.Err()
			if !errors.Is(err, tc.noted) || (err == nil) != (tc.noted == nil) {
				t.Errorf("Err = %v, want %v", err, tc.noted)
			}
			if err != nil && strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("one damage noted more than once: %v", err)
			}
		})
	}
}

func TestContainerTotalAcrossParts(t *testing.T) {
	c, s := openTest(t, Limits{MaxTotalBytes: 6}, "a", "abcd", "b", "efgh", "c", "ijkl")
	var got []string
	for _, name := range []string{"a", "b", "c"} {
		p, err := c.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			got = append(got, "-")
			continue
		}
		b, _ := io.ReadAll(p)
		p.Close()
		got = append(got, string(b))
	}
	if strings.Join(got, ",") != "abcd,ef,-" {
		t.Errorf("parts = %v, want abcd,ef,-", got)
	}
	if _, ok := s.Skips["c"]; !ok || !errors.Is(c.Err(), ErrLimit) {
		t.Errorf("total limit not reported: skips %v, err %v", s.Skips, c.Err())
	}
}

func TestContainerStopped(t *testing.T) {
	r := zipOf(t, "a", "abc")
	ctx, cancel := context.WithCancel(context.Background())
	c, err := OpenZip(ctx, r, r.Size(), &extracttest.Recorder{}, Limits{}.WithDefaults())
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := c.Open("a"); !errors.Is(err, context.Canceled) {
		t.Errorf("Open after cancel: %v", err)
	}
	if err := c.NoteXML("a", io.ErrUnexpectedEOF); !errors.Is(err, context.Canceled) {
		t.Errorf("NoteXML after cancel: %v", err)
	}
}

func TestContainerHandOn(t *testing.T) {
	c, s := openTest(t, Limits{}, "word/embeddings/x.bin", "payload")
	if err := c.HandOn(c.Files()[0]); err != nil {
		t.Fatal(err)
	}
	if s.Data("word/embeddings/x.bin") != "payload" {
		t.Errorf("files = %v", s.Files)
	}
}

func TestContainerEmit(t *testing.T) {
	damage := MalformedError("bad token")
	stop := errors.New("sink stops")
	tests := []struct {
		name    string
		fail    error // the step's error at its end
		sinkErr error
		want    error // returned by Emit
		noted   error // in Err
	}{
		{"clean", nil, nil, nil, nil},
		{"damage is noted", damage, nil, nil, damage},
		{"sink error stops", nil, stop, stop, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &extracttest.Recorder{Err: tc.sinkErr}
			c := NewContainer(context.Background(), s, Limits{}.WithDefaults())
			step := func(dst []byte) ([]byte, error) {
				if tc.fail != nil {
					return append(dst, "text"...), tc.fail
				}
				return append(dst, "text"...), io.EOF
			}
			err := c.Emit("body", false, NewPull(step, 0))
			if err != tc.want {
				t.Errorf("Emit = %v, want %v", err, tc.want)
			}
			if got := c.Err(); !errors.Is(got, tc.noted) || (got == nil) != (tc.noted == nil) {
				t.Errorf("Err = %v, want %v", got, tc.noted)
			}
			if len(s.Texts) != 1 || s.Texts[0].Data != "text" {
				t.Errorf("texts = %v", s.Texts)
			}
		})
	}
}

func TestContainerStream(t *testing.T) {
	c := NewContainer(context.Background(), &extracttest.Recorder{}, Limits{MaxMemberBytes: 5}.WithDefaults())
	if c.Zipped() || c.Files() != nil || c.Lookup("x") != nil {
		t.Fatal("a container without zip has parts")
	}
	p := c.Stream("document", io.NopCloser(strings.NewReader("flat document")))
	b, _ := io.ReadAll(p)
	p.Close()
	if string(b) != "flat " || !p.Truncated() || !errors.Is(c.Err(), ErrLimit) {
		t.Errorf("read %q truncated %v err %v", b, p.Truncated(), c.Err())
	}
}

func TestNoteBounded(t *testing.T) {
	c := NewContainer(context.Background(), &extracttest.Recorder{}, Limits{}.WithDefaults())
	for range 100 {
		c.Note(MalformedError("damage"))
	}
	c.Note(nil)
	if n := strings.Count(c.Err().Error(), "damage"); n != maxNoted {
		t.Errorf("%d errors kept, want %d", n, maxNoted)
	}
}
