package gdrive

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

// BenchmarkScanAtQuota lists and downloads 500 small files from a fake
// Drive with 20 ms latency and a quota of 100 requests/s, walking and
// reading at once as the scanner does. quota-use is successful requests/s
// divided by the quota (target >= 0.9); failed-files must be 0.
// The overdriven case paces at twice the quota: backoff must absorb the
// 403s without failing files.
func BenchmarkScanAtQuota(b *testing.B) {
	b.Run("paced", func(b *testing.B) { benchScan(b, 1) })
	b.Run("overdriven", func(b *testing.B) { benchScan(b, 2) })
}

func benchScan(b *testing.B, over float64) {
	const (
		quota = 100.0
		files = 500
	)
	s := fakedrive.New()
	defer s.Close()
	dirs := []string{s.AddFolder("a", ""), s.AddFolder("b", "")}
	for i := range files {
		s.AddBlob(fmt.Sprintf("f%03d.txt", i), dirs[i%2], "text/plain", []byte(fmt.Sprintf("user%d;pass%d\n", i, i)))
	}
	s.SetLatency(20 * time.Millisecond)
	s.SetQuota(quota, 10, 403)
	token := s.IssueToken()

	var useSum, fpsSum float64
	var failed, retries int64
	n := 0
	for b.Loop() {
		st0 := s.Stats()
		start := time.Now()
		o := testOptions(s)
		o.TokenSource = staticToken(token)
		o.QPS, o.Burst, o.PageSize, o.Concurrency = quota*over, 1, 100, 8
		c, err := New(context.Background(), Target{Kind: KindMy}, o)
		if err != nil {
			b.Fatal(err)
		}
		var read, bad atomic.Int64
		ch := make(chan connectors.Item, 64)
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for it := range ch {
					f, err := c.Open(context.Background(), it)
					if err == nil {
						_, err = io.Copy(io.Discard, f)
						f.Close()
					}
					if err != nil {
						bad.Add(1)
						continue
					}
					read.Add(1)
				}
			}()
		}
		err = c.Walk(context.Background(), func(it connectors.Item) error { ch <- it; return nil })
		close(ch)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		el := time.Since(start).Seconds()
		st := s.Stats()
		useSum += float64(st.OK-st0.OK) / el / quota
		fpsSum += float64(read.Load()) / el
		failed += bad.Load() + files - read.Load() - bad.Load()
		retries += c.Stats().Retries
		c.Close()
		n++
	}
	b.ReportMetric(useSum/float64(n), "quota-use")
	b.ReportMetric(fpsSum/float64(n), "files/s")
	b.ReportMetric(float64(failed)/float64(n), "failed-files")
	b.ReportMetric(float64(retries)/float64(n), "retries")
}
