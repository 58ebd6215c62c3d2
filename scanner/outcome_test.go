package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner/extract"
)

// TestClassify has one case per row of the table, plus the default.
func TestClassify(t *testing.T) {
	pathErr := &fs.PathError{Op: "open", Path: "/srv/skanning/15108695088.pdf", Err: fs.ErrPermission}
	cases := []struct {
		name    string
		err     error
		want    class
		without string // the reason must not contain it
	}{
		{"fatal", fmt.Errorf("token revoked: %w", connectors.ErrFatal), class{outcome: Failed, fatal: true}, ""},
		{"encrypted", fmt.Errorf("zip: %w", extract.ErrEncrypted), class{outcome: Partial, encrypted: true}, ""},
		{"limit", extract.LimitError("more than 4 GiB"), class{outcome: Partial}, ""},
		{"truncated", extract.TruncatedError("gzip member"), class{outcome: Partial}, ""},
		{"unexpected EOF of a member", &memberError{io.ErrUnexpectedEOF}, class{outcome: Partial}, ""},
		{"source that ends early", &sourceError{io.ErrUnexpectedEOF}, class{outcome: Failed}, ""},
		{"access denied", pathErr, class{outcome: Failed}, "15108695088"},
		{"vanished", &fs.PathError{Op: "open", Path: "/x/y", Err: os.ErrNotExist}, class{outcome: Failed}, "/x/y"},
		{"deadline", fmt.Errorf("read: %w", context.DeadlineExceeded), class{outcome: Failed}, ""},
		{"transient timeout", fmt.Errorf("%w: %w", connectors.ErrTransient, context.DeadlineExceeded), class{outcome: Failed, retry: true}, ""},
		{"transient", fmt.Errorf("connection reset: %w", connectors.ErrTransient), class{outcome: Failed, retry: true}, ""},
		{"malformed", extract.MalformedError("zip: bad header"), class{outcome: Failed}, ""},
		{"detector panic", errDetectorPanic, class{outcome: Failed}, ""},
		{"url error", &url.Error{Op: "Get", URL: "https://example/drive/v3/files/1AbC?key=secret", Err: errors.New("EOF")}, class{outcome: Failed}, "key=secret"},
		{"other", errors.New("something else"), class{outcome: Failed}, ""},
	}
	for _, c := range cases {
		got := classify(c.err)
		if got.outcome != c.want.outcome || got.fatal != c.want.fatal || got.retry != c.want.retry || got.encrypted != c.want.encrypted {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
		if got.reason == "" || c.without != "" && strings.Contains(got.reason, c.without) {
			t.Errorf("%s: reason %q", c.name, got.reason)
		}
	}
}

func TestGuardRecoversDetectorPanic(t *testing.T) {
	if err := guard(func() { panic("secret text in a panic") }); !errors.Is(err, errDetectorPanic) {
		t.Fatalf("guard = %v", err)
	}
	if err := guard(func() {}); err != nil {
		t.Fatal(err)
	}
}

// panicDetector fails on any section holding "BOOM".
type panicDetector struct{}

func (panicDetector) Rules() []detectors.Rule { return nil }
func (panicDetector) NewSession(detectors.Section) detectors.Session {
	return panicSession{}
}

type panicSession struct{}

func (panicSession) Scan(block []byte, _ int, _ func(detectors.Finding)) {
	if bytes.Contains(block, []byte("BOOM")) {
		panic("BOOM in " + string(block))
	}
}
func (panicSession) Finish(func(detectors.Finding)) {}

func TestDetectorPanicFailsOneFile(t *testing.T) {
	s := newTestScanner(t, func(o *Options) { o.Detectors = append(o.Detectors, panicDetector{}) })
	dir := writeTree(t, map[string][]byte{"a.txt": []byte("BOOM TOKEN-1\n"), "b.txt": []byte("TOKEN-2\n")})
	rep := scanDir(t, s, dir)
	if rep.Stats.Failed != 1 || rep.Stats.Scanned != 1 || len(rep.Notifications) != 1 {
		t.Fatalf("stats %+v, notes %+v", rep.Stats, rep.Notifications)
	}
	if n := rep.Notifications[0]; n.Reason != errDetectorPanic.Error() || strings.Contains(n.Reason, "TOKEN") {
		t.Fatalf("reason %q", n.Reason)
	}
}
