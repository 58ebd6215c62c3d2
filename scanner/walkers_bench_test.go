package scanner

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/detectors/credentials"
	"github.com/credsweep/credsweep/detectors/nationalid"
	"github.com/credsweep/credsweep/detectors/secrets"
)

// latencyConnector is a synthetic source: n files whose opens take a fixed
// latency, like a Drive download or an SMB open on a far server.
type latencyConnector struct {
	n       int
	latency time.Duration
	prefix  string
}

func (c *latencyConnector) Walk(ctx context.Context, fn func(connectors.Item) error) error {
	for i := range c.n {
		if err := fn(connectors.Item{Path: fmt.Sprintf("%s/f%05d.txt", c.prefix, i), ID: fmt.Sprint(i), Size: 6}); err != nil {
			return err
		}
	}
	return nil
}

func (c *latencyConnector) Open(ctx context.Context, it connectors.Item) (connectors.File, error) {
	t := time.NewTimer(c.latency)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return io.NopCloser(strings.NewReader("hello\n")), nil
}

func (c *latencyConnector) Close() error { return nil }

// BenchmarkConcurrentTargets scans two latency-bound targets alone and
// together: walked concurrently, together takes about as long as the slower
// one alone (the ratio printed), not the sum.
func BenchmarkConcurrentTargets(b *testing.B) {
	s := newTestScanner(b, func(o *Options) { o.Workers = 8 })
	mk := func() []Target {
		return []Target{
			{Name: "slow", Source: "test", Connector: &latencyConnector{n: 200, latency: 20 * time.Millisecond, prefix: "slow"}},
			{Name: "fast", Source: "test", Connector: &latencyConnector{n: 400, latency: 5 * time.Millisecond, prefix: "fast"}},
		}
	}
	run := func(ts []Target) time.Duration {
		start := time.Now()
		if _, err := s.Run(context.Background(), ts); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	for range b.N {
		ts := mk()
		a, c := run(ts[:1]), run(ts[1:])
		both := run(mk())
		b.ReportMetric(a.Seconds(), "slow-alone-s")
		b.ReportMetric(c.Seconds(), "fast-alone-s")
		b.ReportMetric(both.Seconds(), "together-s")
		b.ReportMetric(both.Seconds()/max(a, c).Seconds(), "together/slower")
		b.ReportMetric(both.Seconds()/(a+c).Seconds(), "together/sum")
	}
}

// manyConnector is a synthetic source of n small files, made as they are
// walked (nothing held), with content in memory.
type manyConnector struct{ n int }

func (c *manyConnector) Walk(ctx context.Context, fn func(connectors.Item) error) error {
	for i := range c.n {
		if err := fn(connectors.Item{Path: fmt.Sprintf("d%05d/f%08d.txt", i/1000, i), ID: fmt.Sprint(i), Size: 40}); err != nil {
			return err
		}
	}
	return nil
}

func (c *manyConnector) Open(ctx context.Context, it connectors.Item) (connectors.File, error) {
	return io.NopCloser(strings.NewReader("Referat fra møtet i IKT-gruppen " + it.ID + ".\n")), nil
}

func (c *manyConnector) Close() error { return nil }

// BenchmarkManyItems walks MANY_ITEMS (default 10,000,000) synthetic files
// through the whole pipeline (walk, workers, every detector, collector) and
// reports the peak RSS: memory must not grow with the number of files.
//
//	MANY_ITEMS=10000000 go test -run '^$' -bench ManyItems -benchtime 1x ./scanner
func BenchmarkManyItems(b *testing.B) {
	n := 10_000_000
	if v := os.Getenv("MANY_ITEMS"); v != "" {
		fmt.Sscan(v, &n)
	}
	s := newTestScanner(b, func(o *Options) {
		o.Detectors = []detectors.Detector{credentials.New(), nationalid.New(), secrets.New()}
	})
	for range b.N {
		start := time.Now()
		rep, err := s.Run(context.Background(), []Target{{Name: "synthetic", Source: "test", Connector: &manyConnector{n: n}}})
		if err != nil || rep.Stats.Files != int64(n) {
			b.Fatalf("%d files: %v", rep.Stats.Files, err)
		}
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		b.ReportMetric(float64(n), "files")
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "files/s")
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}
