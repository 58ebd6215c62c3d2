package extract

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// zipOf builds a zip of name/body pairs, deflated.
func zipOf(t testing.TB, kv ...string) *bytes.Reader {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(kv); i += 2 {
		w, err := zw.Create(kv[i])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, kv[i+1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(buf.Bytes())
}
