package ole2

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
)

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

func (s *recordSink) allText() string {
	var b strings.Builder
	for _, t := range s.texts {
		b.WriteString(t.data)
		b.WriteByte('\n')
	}
	return b.String()
}

func input(data []byte) extract.Input {
	return extract.Input{
		Name: "x", Size: int64(len(data)), R: bytes.NewReader(data), At: bytes.NewReader(data),
		Limits: extract.DefaultLimits,
	}
}

func run(t testing.TB, data []byte) (*recordSink, error) {
	t.Helper()
	s := &recordSink{}
	err := Extract(context.Background(), input(data), s)
	return s, err
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// mscfbSample reads a sample file shipped with the mscfb module, when the
// module cache has it: real Office output, next to the synthetic fixtures.
func mscfbSample(t *testing.T, name string) []byte {
	gomod := os.Getenv("GOMODCACHE")
	if gomod == "" {
		home, _ := os.UserHomeDir()
		gomod = filepath.Join(home, "go", "pkg", "mod")
	}
	b, err := os.ReadFile(filepath.Join(gomod, "github.com/richardlehane/mscfb@v1.0.9/test", name))
	if err != nil {
		t.Skip("mscfb sample not in module cache")
	}
	return b
}
