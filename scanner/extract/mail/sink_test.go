package mail

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
)

// part is one thing a recordSink received.
type part struct {
	name  string
	table bool
	data  string
}

// recordSink keeps everything an extractor hands over.
type recordSink struct {
	texts []part
	files []part
	skips []string
}

func (s *recordSink) Text(name string, table bool, r io.Reader) error {
	b, err := io.ReadAll(r)
	s.texts = append(s.texts, part{name, table, string(b)})
	return err
}

func (s *recordSink) File(name string, size int64, r io.Reader) error {
	b, err := io.ReadAll(r)
	s.files = append(s.files, part{name: name, data: string(b)})
	return err
}

func (s *recordSink) Skip(name, reason string) { s.skips = append(s.skips, name+": "+reason) }

// allText joins every text part.
func (s *recordSink) allText() string {
	var b strings.Builder
	for _, t := range s.texts {
		b.WriteString(t.data)
		b.WriteByte('\n')
	}
	return b.String()
}

func (s *recordSink) file(name string) (part, bool) {
	for _, f := range s.files {
		if f.name == name {
			return f, true
		}
	}
	return part{}, false
}

func input(data []byte) extract.Input {
	return extract.Input{
		Name: "x", Size: int64(len(data)), R: bytes.NewReader(data), At: bytes.NewReader(data),
		Limits: extract.DefaultLimits,
	}
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func run(t testing.TB, fn extract.ExtractorFunc, data []byte) (*recordSink, error) {
	t.Helper()
	s := &recordSink{}
	err := fn(context.Background(), input(data), s)
	return s, err
}

// discardSink reads and drops everything, for benchmarks.
type discardSink struct{}

func (discardSink) Text(_ string, _ bool, r io.Reader) error {
	_, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, benchBuf[:])
	return err
}
func (discardSink) File(_ string, _ int64, r io.Reader) error {
	_, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, benchBuf[:])
	return err
}
func (discardSink) Skip(string, string) {}

// benchBuf keeps io.Copy from allocating per part in benchmarks.
var benchBuf [32 << 10]byte
