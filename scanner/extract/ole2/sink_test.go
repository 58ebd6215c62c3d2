package ole2

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func input(data []byte) extract.Input {
	return extract.Input{
		Name: "x", Size: int64(len(data)), R: bytes.NewReader(data), At: bytes.NewReader(data),
		Limits: extract.DefaultLimits,
	}
}

func run(t testing.TB, data []byte) (*extracttest.Recorder, error) {
	t.Helper()
	s := &extracttest.Recorder{}
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
