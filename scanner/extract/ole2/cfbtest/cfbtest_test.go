package cfbtest

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/richardlehane/mscfb"
)

func TestBuildReadsBack(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 1000)
	streams := map[string][]byte{
		"WordDocument":     big,
		"small":            []byte("hello"),
		"dir/inner":        []byte("nested stream"),
		"dir/sub/deep":     bytes.Repeat([]byte{7}, 5000),
		"empty":            nil,
		"dir/sub/mini two": bytes.Repeat([]byte("x"), 130),
	}
	doc, err := mscfb.New(bytes.NewReader(Build(streams)))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for f, err := doc.Next(); err == nil; f, err = doc.Next() {
		if f.FileInfo().IsDir() {
			continue
		}
		p := strings.Join(append(append([]string{}, f.Path...), f.Name), "/")
		got, err := io.ReadAll(f)
		if err != nil && len(streams[p]) > 0 {
			t.Fatalf("%s: %v", p, err)
		}
		if !bytes.Equal(got, streams[p]) {
			t.Errorf("%s: got %d bytes, want %d", p, len(got), len(streams[p]))
		}
		seen[p] = true
	}
	for p := range streams {
		if !seen[p] {
			t.Errorf("stream %s missing", p)
		}
	}
}
