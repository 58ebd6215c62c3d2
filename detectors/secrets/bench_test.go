package secrets

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/detectors"
)

// benchCorpus is ~10 MB of ordinary text without secrets: Go source and
// documentation from GOROOT plus generated web-server and auth logs.
func benchCorpus(tb testing.TB) []byte {
	tb.Helper()
	const target = 10 << 20
	var buf bytes.Buffer
	root := filepath.Join(runtime.GOROOT(), "src")
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || buf.Len() >= target*6/10 {
			return filepath.SkipDir
		}
		// Skip test data and crypto code, which hold sample keys.
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "crypto" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			if b, err := os.ReadFile(p); err == nil {
				buf.Write(b)
			}
		}
		return nil
	})
	if doc, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "doc", "go_spec.html")); err == nil {
		buf.Write(doc)
	}
	r := rand.New(rand.NewSource(1))
	paths := []string{"/index.html", "/api/v1/users", "/static/app.js", "/login", "/elever/timeplan", "/favicon.ico"}
	for buf.Len() < target {
		ip := fmt.Sprintf("10.%d.%d.%d", r.Intn(256), r.Intn(256), r.Intn(256))
		switch r.Intn(3) {
		case 0:
			fmt.Fprintf(&buf, "%s - - [12/Mar/2024:10:%02d:%02d +0100] \"GET %s HTTP/1.1\" 200 %d \"https://intranett.skole.no/\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\"\n",
				ip, r.Intn(60), r.Intn(60), paths[r.Intn(len(paths))], r.Intn(50000))
		case 1:
			fmt.Fprintf(&buf, "Mar 12 10:%02d:%02d web01 sshd[%d]: Failed password for invalid user admin from %s port %d ssh2\n",
				r.Intn(60), r.Intn(60), r.Intn(99999), ip, r.Intn(65535))
		default:
			fmt.Fprintf(&buf, "2024-03-12T10:%02d:%02d.%03dZ INFO  [worker-%d] request completed in %dms status=ok session=%08x user_id=%d\n",
				r.Intn(60), r.Intn(60), r.Intn(1000), r.Intn(16), r.Intn(900), r.Uint32(), r.Intn(40000))
		}
	}
	return buf.Bytes()
}

// splitBlocks cuts the corpus as the scanner does: ~64 KiB of whole lines.
func splitBlocks(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		n := min(len(b), 64<<10)
		if n < len(b) {
			if i := bytes.LastIndexByte(b[:n], '\n'); i > 0 {
				n = i + 1
			}
		}
		out = append(out, b[:n])
		b = b[n:]
	}
	return out
}

func BenchmarkScanOrdinaryText(b *testing.B) {
	corpus := benchCorpus(b)
	blocks := splitBlocks(corpus)
	d := New()
	n := 0
	emit := func(detectors.Finding) { n++ }
	b.SetBytes(int64(len(corpus)))
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		s := d.NewSession(detectors.Section{File: "corpus.txt"})
		line := 1
		for _, blk := range blocks {
			s.Scan(blk, line, emit)
			line += bytes.Count(blk, nl)
		}
		s.Finish(emit)
	}
	reportCPU(b, c0, len(corpus))
	b.ReportMetric(float64(n)/float64(b.N), "findings/op")
}

// TestCorpusQuiet checks the benchmark corpus really has no findings, so
// the benchmark measures the no-secret path.
func TestCorpusQuiet(t *testing.T) {
	if testing.Short() {
		t.Skip("reads GOROOT")
	}
	corpus := benchCorpus(t)
	for _, f := range scan("corpus.txt", string(corpus), 64<<10) {
		t.Errorf("unexpected %s finding at line %d: %s (%s)", f.Rule, f.Line, f.Masked, f.Detail)
	}
}

// BenchmarkPrefilterOnly measures the exact keyword search alone.
func BenchmarkPrefilterOnly(b *testing.B) {
	benchFilter(b, func(corpus []byte, p int) int {
		j, _ := pfBase.next(corpus, p)
		return j
	})
}

// BenchmarkCandidate measures the keyword filter Scan uses.
func BenchmarkCandidate(b *testing.B) {
	benchFilter(b, func(corpus []byte, p int) int { return pfBase.candidate(corpus, p) })
}

// benchFilter times next over the corpus: each hit, then on from the next
// byte, until next says -1.
func benchFilter(b *testing.B, next func(corpus []byte, p int) int) {
	New()
	corpus := benchCorpus(b)
	b.SetBytes(int64(len(corpus)))
	b.ResetTimer()
	hits := 0
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		for p := 0; ; {
			j := next(corpus, p)
			if j < 0 {
				break
			}
			hits++
			p = j + 1
		}
	}
	reportCPU(b, c0, len(corpus))
	b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
}

// reportCPU adds MB/s per CPU second, which stays meaningful when other
// processes compete for the cores (wall-clock MB/s does not).
func reportCPU(b *testing.B, c0 time.Duration, size int) {
	if c := cpuTime() - c0; c > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/c.Seconds(), "cpu-MB/s")
	}
}
