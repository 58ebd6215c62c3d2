package extract

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// section is one text part a recSink received.
type section struct {
	name  string
	table bool
	text  string
}

// recSink records what the code under test hands to a Sink.
type recSink struct {
	texts []section
	files map[string]string
	skips map[string]string
	limit int   // when > 0, Text reads at most this many bytes
	err   error // returned by Text when set
}

func (s *recSink) Text(name string, table bool, r io.Reader) error {
	if s.limit > 0 {
		r = io.LimitReader(r, int64(s.limit))
	}
	b, err := io.ReadAll(r)
	s.texts = append(s.texts, section{name, table, string(b)})
	if err != nil {
		return err
	}
	return s.err
}

func (s *recSink) File(name string, size int64, r io.Reader) error {
	b, err := io.ReadAll(r)
	if s.files == nil {
		s.files = map[string]string{}
	}
	s.files[name] = string(b)
	return err
}

func (s *recSink) Skip(name, reason string) {
	if s.skips == nil {
		s.skips = map[string]string{}
	}
	s.skips[name] = reason
}

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
