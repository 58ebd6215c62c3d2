package scanner

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/local"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner/extract"
)

// tokenDetector is a minimal detector for pipeline tests: it reports
// "TOKEN-<n>" words under a per-file rule and "KEY-<n>" words under a
// per-secret rule.
type tokenDetector struct{}

var tokenRe = regexp.MustCompile(`\b(TOKEN|KEY)-[0-9]+\b`)

func (tokenDetector) Rules() []detectors.Rule {
	return []detectors.Rule{
		{ID: "test/token", Name: "Token", Severity: 5, Level: detectors.LevelWarning},
		{ID: "test/key", Name: "Key", Severity: 9, Level: detectors.LevelError, PerSecret: true},
	}
}

func (tokenDetector) NewSession(detectors.Section) detectors.Session { return &tokenSession{} }

type tokenSession struct{}

func (*tokenSession) Scan(block []byte, first int, emit func(detectors.Finding)) {
	line := first
	for _, l := range bytes.Split(block, []byte("\n")) {
		for _, m := range tokenRe.FindAll(l, -1) {
			rule := "test/token"
			if bytes.HasPrefix(m, []byte("KEY")) {
				rule = "test/key"
			}
			emit(detectors.Finding{Rule: rule, Line: line, Secret: string(m), Masked: detectors.Mask(string(m), 3)})
		}
		line++
	}
}

func (*tokenSession) Finish(func(detectors.Finding)) {}

func newTestScanner(t testing.TB, mod func(*Options)) *Scanner {
	t.Helper()
	opt := Options{
		Detectors:      []detectors.Detector{tokenDetector{}},
		Extractors:     map[extract.Kind]extract.Extractor{extract.KindZip: extract.ExtractorFunc(zipMembers)},
		Workers:        3,
		FingerprintKey: []byte("test-key"),
	}
	if mod != nil {
		mod(&opt)
	}
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// zipMembers is a small zip extractor so the scanner's nesting can be
// tested without the archive package.
func zipMembers(ctx context.Context, in extract.Input, sink extract.Sink) error {
	at, size, err := in.ReaderAt()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(at, size)
	if err != nil {
		return extract.MalformedError("zip: %v", err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		err = sink.File(f.Name, int64(f.UncompressedSize64), rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func writeTree(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func zipOf(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for n, d := range members {
		w, _ := zw.Create(n)
		w.Write(d)
	}
	zw.Close()
	return b.Bytes()
}

func scanDir(t *testing.T, s *Scanner, dir string) *Report {
	t.Helper()
	c, err := local.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Run(context.Background(), []Target{{Name: dir, Source: "local", Connector: c}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestRunAggregatesAndAccounts(t *testing.T) {
	inner := zipOf(t, map[string][]byte{"deep/c.txt": []byte("TOKEN-9\n")})
	dir := writeTree(t, map[string][]byte{
		"a.txt":        []byte("x TOKEN-1 TOKEN-2\nTOKEN-1 again\nKEY-7 KEY-8 KEY-7\n"),
		"b/empty.txt":  nil,
		"b/image.png":  append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2}, 100)...),
		"archive.zip":  zipOf(t, map[string][]byte{"in/b.txt": []byte("\n\nTOKEN-3\n"), "nested.zip": inner}),
		"corrupt.zip":  []byte("PK\x03\x04garbage"),
		"sub/deep.txt": []byte("nothing here\n"),
	})
	rep := scanDir(t, newTestScanner(t, nil), dir)
	type key struct{ uri, rule string }
	got := map[key]Result{}
	for _, r := range rep.Results {
		k := key{r.Location.Path + "!" + strings.Join(r.Location.Members, "!"), r.Rule.ID}
		if r.Rule.PerSecret {
			k.rule += r.Fingerprint
		}
		got[k] = r
	}
	if r := got[key{"a.txt!", "test/token"}]; r.Count != 2 || r.Line != 1 {
		t.Errorf("a.txt tokens: count %d line %d, want 2 distinct, first at line 1", r.Count, r.Line)
	}
	if r := got[key{"archive.zip!in/b.txt", "test/token"}]; r.Count != 1 || r.Line != 3 {
		t.Errorf("zip member: %+v", r)
	}
	if r := got[key{"archive.zip!nested.zip!deep/c.txt", "test/token"}]; r.Count != 1 {
		t.Errorf("nested member not found: %v", got)
	}
	keys := 0
	for k := range got {
		if strings.HasPrefix(k.rule, "test/key") {
			keys++
		}
	}
	if keys != 2 {
		t.Errorf("%d per-secret results, want one per distinct key (2)", keys)
	}
	st := rep.Stats
	if st.Files != 6 {
		t.Errorf("files %d, want 6", st.Files)
	}
	if st.Scanned+st.Skipped+st.Partial+st.Failed != st.Files+st.Members {
		t.Errorf("outcomes do not add up: %+v", st)
	}
	if st.Failed != 1 || !rep.Incomplete() {
		t.Errorf("corrupt zip: failed %d, incomplete %v", st.Failed, rep.Incomplete())
	}
	for _, r := range rep.Results {
		if strings.Contains(strings.Join(r.Samples, ""), "TOKEN-1") {
			t.Error("a sample holds the clear value")
		}
		if !strings.HasSuffix(r.Fingerprint, ":1") || len(r.Fingerprint) != 34 {
			t.Errorf("fingerprint %q", r.Fingerprint)
		}
	}
}

func TestFingerprintIgnoresLinesAndCounts(t *testing.T) {
	s := newTestScanner(t, func(o *Options) { o.ShowSamples = true })
	dir := t.TempDir()
	fp := func(content string) map[string]string {
		if err := os.WriteFile(filepath.Join(dir, "f.txt"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range scanDir(t, s, dir).Results {
			out[r.Rule.ID+fmt.Sprint(r.Samples)] = r.Fingerprint
		}
		return out
	}
	a := fp("TOKEN-1\nKEY-1\n")
	b := fp("\n\nnew line\nTOKEN-1 TOKEN-2\n\nKEY-1\n")
	if a["test/token[TOK****]"] == "" || a["test/token[TOK****]"] != b["test/token[TOK****]"] {
		t.Errorf("per-file fingerprint moved with lines/counts: %v vs %v", a, b)
	}
	if a["test/key[KEY**]"] != b["test/key[KEY**]"] {
		t.Error("per-secret fingerprint moved with its line")
	}
}

func TestDepthLimitReported(t *testing.T) {
	data := []byte("TOKEN-1\n")
	name := "t.txt"
	for i := range 6 {
		data = zipOf(t, map[string][]byte{name: data})
		name = fmt.Sprintf("l%d.zip", i)
	}
	dir := writeTree(t, map[string][]byte{"deep.zip": data})
	s := newTestScanner(t, func(o *Options) { o.Limits = extract.DefaultLimits; o.Limits.MaxDepth = 3 })
	rep := scanDir(t, s, dir)
	if len(rep.Results) != 0 {
		t.Errorf("found a token beyond the depth limit: %v", rep.Results)
	}
	found := false
	for _, n := range rep.Notifications {
		if strings.Contains(n.Reason, "depth limit") && n.Outcome == Partial {
			found = true
		}
	}
	if !found || !rep.Incomplete() {
		t.Errorf("depth limit not reported: %+v", rep.Notifications)
	}
}

// flaky fails the first open of every item with a transient error, as a
// dropped SMB connection does.
type flaky struct {
	connectors.Connector
	opens atomic.Int64
	seen  map[string]bool
}

func (f *flaky) Open(ctx context.Context, it connectors.Item) (connectors.File, error) {
	f.opens.Add(1)
	if !f.seen[it.Path] {
		f.seen[it.Path] = true
		return nil, fmt.Errorf("connection reset: %w", connectors.ErrTransient)
	}
	return f.Connector.Open(ctx, it)
}

func TestTransientErrorsRetried(t *testing.T) {
	dir := writeTree(t, map[string][]byte{"a.txt": []byte("TOKEN-1\n")})
	c, _ := local.New(dir)
	fl := &flaky{Connector: c, seen: map[string]bool{}}
	s := newTestScanner(t, func(o *Options) { o.Workers = 1 })
	rep, err := s.Run(context.Background(), []Target{{Name: dir, Source: "local", Connector: fl}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 || rep.Incomplete() || fl.opens.Load() != 2 {
		t.Errorf("results %d, incomplete %v, opens %d", len(rep.Results), rep.Incomplete(), fl.opens.Load())
	}
}

func TestFatalStopsScan(t *testing.T) {
	files := map[string][]byte{}
	for i := range 50 {
		files[fmt.Sprintf("f%02d.txt", i)] = []byte("x\n")
	}
	dir := writeTree(t, files)
	c, _ := local.New(dir)
	fatal := &fatalConn{Connector: c}
	s := newTestScanner(t, nil)
	rep, err := s.Run(context.Background(), []Target{{Name: dir, Source: "local", Connector: fatal}})
	if !errors.Is(err, connectors.ErrFatal) || rep == nil || rep.Fatal == nil {
		t.Fatalf("err %v, want ErrFatal and a report", err)
	}
}

type fatalConn struct{ connectors.Connector }

func (fatalConn) Open(context.Context, connectors.Item) (connectors.File, error) {
	return nil, fmt.Errorf("token revoked: %w", connectors.ErrFatal)
}

func TestTargetPath(t *testing.T) {
	for in, want := range map[string]string{
		"smb://CORP;alice@FS01.corp:4450/Skole/IKT": "smb/fs01.corp/Skole/IKT",
		"smb://guest@10.0.0.5":                      "smb/10.0.0.5",
		"gdrive://all":                              "gdrive/all",
		"gdrive://shared/0AbC":                      "gdrive/shared/0AbC",
		"/srv/share":                                ".",
	} {
		if got := targetPath(in); got != want {
			t.Errorf("targetPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// stalled is a connector whose every open fails with a timeout, as a
// server that stopped answering does.
type stalled struct {
	connectors.Connector
	opens atomic.Int64
}

func (s *stalled) Open(context.Context, connectors.Item) (connectors.File, error) {
	s.opens.Add(1)
	return nil, fmt.Errorf("no answer from the server within 2s: %w", connectors.ErrTransient)
}

// TestStalledTargetStopsEarly: once a few files in a row fail with
// transient errors, the rest are not tried (each would wait out its own
// timeouts), the walk stops, and the report says so.
func TestStalledTargetStopsEarly(t *testing.T) {
	files := map[string][]byte{}
	for i := range 200 {
		files[fmt.Sprintf("f%03d.txt", i)] = []byte("x\n")
	}
	dir := writeTree(t, files)
	c, _ := local.New(dir)
	st := &stalled{Connector: c}
	s := newTestScanner(t, func(o *Options) { o.Workers = 1; o.Retries = 1 })
	rep, err := s.Run(context.Background(), []Target{{Name: "smb://u@host/share", Source: "smb", Connector: st}})
	if err != nil {
		t.Fatal(err)
	}
	if n := st.opens.Load(); n > 2*maxConsecutiveTransient+2 {
		t.Errorf("%d opens of a stalled source, want about %d", n, 2*maxConsecutiveTransient)
	}
	if !rep.Incomplete() || rep.Stats.FailedDirs != 1 {
		t.Errorf("incomplete %v, failed dirs %d", rep.Incomplete(), rep.Stats.FailedDirs)
	}
	found := false
	for _, n := range rep.Notifications {
		if n.Dir && n.Location.Path == "smb/host/share" && strings.Contains(n.Reason, "stopped answering") {
			found = true
		}
	}
	if !found {
		t.Errorf("no notification for the stopped walk: %+v", rep.Notifications)
	}
}

// brokenRead serves the start of a file, then fails: a disk error or a
// connection that drops after the first findings.
type brokenRead struct{ connectors.Connector }

type failingFile struct{ r io.Reader }

func (f failingFile) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, errors.New("input/output error")
	}
	return n, err
}
func (failingFile) Close() error { return nil }

func (brokenRead) Open(context.Context, connectors.Item) (connectors.File, error) {
	head := "TOKEN-1\n" + strings.Repeat("x", 3<<20)
	return failingFile{strings.NewReader(head)}, nil
}

func TestReadErrorAfterFindingsKeepsThem(t *testing.T) {
	dir := writeTree(t, map[string][]byte{"big.txt": []byte("placeholder\n")})
	c, _ := local.New(dir)
	rep, err := newTestScanner(t, nil).Run(context.Background(), []Target{{Name: dir, Source: "local", Connector: brokenRead{c}}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stats.Failed != 1 || len(rep.Results) != 1 || !rep.Incomplete() {
		t.Errorf("failed %d, results %d, incomplete %v", rep.Stats.Failed, len(rep.Results), rep.Incomplete())
	}
}
