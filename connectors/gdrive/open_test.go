package gdrive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

// perFile asserts err is a plain per-file error mentioning want.
func perFile(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || errors.Is(err, connectors.ErrFatal) || errors.Is(err, connectors.ErrTransient) {
		t.Fatalf("want a per-file error, got %v", err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("error %q does not say %q", err, want)
	}
}

func TestExportLinksVsFilesExport(t *testing.T) {
	s := newFake(t)
	big := bytes.Repeat([]byte("word "), 400) // 2000 bytes
	id := s.AddNative("Stor", "", fakedrive.DocMIME, map[string][]byte{fakedrive.TextMIME: big})
	s.SetExportLimit(1000)
	c := connect(t, s, Target{Kind: KindMy}, nil)
	it := walk(t, c)[0]
	// exportLinks are not capped.
	if b, err := readItem(t, c, it); err != nil || !bytes.Equal(b, big) {
		t.Fatalf("via exportLinks: %d bytes, %v", len(b), err)
	}
	// Without them files.export is used, and its cap is a per-file error.
	it.Ref.(*ref).exportLinks = nil
	_, err := readItem(t, c, it)
	perFile(t, err, "too large for Drive to export")
	if s.Downloads(id) != 1 {
		t.Errorf("downloads %d", s.Downloads(id))
	}
	// Under the cap files.export works.
	s.SetExportLimit(1 << 20)
	if b, err := readItem(t, c, it); err != nil || !bytes.Equal(b, big) {
		t.Fatalf("via files.export: %d bytes, %v", len(b), err)
	}
}

func TestMaxExportBytes(t *testing.T) {
	s := newFake(t)
	s.AddNative("Stor", "", fakedrive.DocMIME, map[string][]byte{fakedrive.TextMIME: bytes.Repeat([]byte("x"), 5000)})
	c := connect(t, s, Target{Kind: KindMy}, func(o *Options) { o.MaxExportBytes = 1000 })
	b, err := readItem(t, c, walk(t, c)[0])
	if err == nil || !strings.Contains(err.Error(), "MaxExportBytes") || len(b) != 1000 {
		t.Fatalf("read %d bytes, err %v", len(b), err)
	}
}

func TestPerFileErrors(t *testing.T) {
	for _, tc := range []struct{ reason, want string }{
		{"downloadQuotaExceeded", "download quota"},
		{"cannotDownloadAbusiveFile", "malware"},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			s := newFake(t)
			id := s.AddBlob("f.txt", "", "text/plain", []byte("x"))
			s.SetFileError(id, tc.reason)
			c := connect(t, s, Target{Kind: KindMy}, nil)
			_, err := readItem(t, c, walk(t, c)[0])
			perFile(t, err, tc.want)
		})
	}
	t.Run("notFound", func(t *testing.T) {
		s := newFake(t)
		s.AddBlob("f.txt", "", "text/plain", []byte("x"))
		c := connect(t, s, Target{Kind: KindMy}, nil)
		it := walk(t, c)[0]
		it.Ref.(*ref).id = "deleted-since"
		_, err := readItem(t, c, it)
		perFile(t, err, "no longer exists")
	})
}

// Ten per cent of requests fail (rate limits, 429, 5xx, dropped
// connections): every file is still listed, opened and read exactly once.
func TestRandomFaults(t *testing.T) {
	s := newFake(t)
	want := map[string][]byte{}
	dir := s.AddFolder("data", "")
	for i := range 40 {
		b := []byte(fmt.Sprintf("file %d %s", i, strings.Repeat("x", i*100)))
		want[s.AddBlob(fmt.Sprintf("f%02d.txt", i), dir, "text/plain", b)] = b
	}
	doc := s.AddNative("doc", dir, fakedrive.DocMIME, map[string][]byte{fakedrive.TextMIME: []byte("doc")})
	want[doc] = []byte("doc")
	s.SetRetryAfter("0")
	c := connect(t, s, Target{Kind: KindMy}, nil)
	s.FailRandom(0.1, 42)
	items := walk(t, c)
	if len(items) != len(want) {
		t.Fatalf("listed %d of %d", len(items), len(want))
	}
	data, errs := readAllParallel(c, items, 8)
	for id, err := range errs {
		t.Errorf("%s: %v", id, err)
	}
	for id, b := range want {
		if !bytes.Equal(data[id], b) {
			t.Errorf("%s: content differs", id)
		}
		if n := s.Downloads(id); n != 1 {
			t.Errorf("%s downloaded %d times", id, n)
		}
	}
	if st := s.Stats(); st.Injected == 0 || c.Stats().Retries == 0 {
		t.Errorf("faults %+v, connector %+v", st, c.Stats())
	}
}

func TestTruncatedDownloadResumes(t *testing.T) {
	s := newFake(t)
	b := bytes.Repeat([]byte("0123456789"), 5000)
	id := s.AddBlob("big.bin", "", "application/octet-stream", b)
	c := connect(t, s, Target{Kind: KindMy}, nil)
	it := walk(t, c)[0]
	s.FailNext(fakedrive.Truncate)
	got, err := readItem(t, c, it)
	if err != nil || !bytes.Equal(got, b) {
		t.Fatalf("read %d of %d bytes: %v", len(got), len(b), err)
	}
	if s.Downloads(id) != 1 || s.Stats().Injected != 1 {
		t.Fatalf("downloads %d, stats %+v", s.Downloads(id), s.Stats())
	}
}

func TestRetriesExhaustedIsTransient(t *testing.T) {
	s := newFake(t)
	s.AddBlob("f.txt", "", "text/plain", []byte("x"))
	c := connect(t, s, Target{Kind: KindMy}, func(o *Options) { o.MaxRetries = 2 })
	it := walk(t, c)[0]
	s.FailNext(fakedrive.Unavailable, fakedrive.RateLimit, fakedrive.Internal)
	_, err := readItem(t, c, it)
	if !errors.Is(err, connectors.ErrTransient) || !strings.Contains(err.Error(), "f.txt") {
		t.Fatalf("got %v", err)
	}
}

func TestRevokedTokenIsFatal(t *testing.T) {
	s := newFake(t)
	s.AddBlob("f.txt", "", "text/plain", []byte("x"))
	c := connect(t, s, Target{Kind: KindMy}, nil)
	it := walk(t, c)[0]
	s.RevokeTokens()
	if _, err := readItem(t, c, it); !errors.Is(err, connectors.ErrFatal) {
		t.Fatalf("Open: %v", err)
	}
	if err := c.Walk(context.Background(), func(connectors.Item) error { return nil }); !errors.Is(err, connectors.ErrFatal) {
		t.Fatalf("Walk: %v", err)
	}
	if _, err := New(context.Background(), Target{Kind: KindMy}, testOptions(s)); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	o := testOptions(s)
	s.RevokeTokens()
	if _, err := New(context.Background(), Target{Kind: KindMy}, o); !errors.Is(err, connectors.ErrFatal) || !strings.Contains(err.Error(), "401") {
		t.Fatalf("New: %v", err)
	}
}

func TestStreamReadAfterClose(t *testing.T) {
	s := newFake(t)
	s.AddBlob("f.txt", "", "text/plain", []byte("x"))
	c := connect(t, s, Target{Kind: KindMy}, func(o *Options) { o.Concurrency = 1 })
	it := walk(t, c)[0]
	for range 3 { // the one download slot is given back on Close
		f, err := c.Open(context.Background(), it)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if _, err := f.Read(make([]byte, 1)); err == nil || err == io.EOF {
			t.Fatalf("read after close: %v", err)
		}
	}
}
