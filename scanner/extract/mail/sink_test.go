package mail

import (
	"bytes"
	"context"
	"os"
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

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func run(t testing.TB, fn extract.ExtractorFunc, data []byte) (*extracttest.Recorder, error) {
	t.Helper()
	s := &extracttest.Recorder{}
	err := fn(context.Background(), input(data), s)
	return s, err
}
