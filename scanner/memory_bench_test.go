package scanner

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/state"
)

// BenchmarkStateMillionItems writes a state of STATE_ITEMS (default
// 1,000,000) synthetic items, 1% of them with a result, and loads it as a
// scan does. It reports the state's bytes per item and the peak RSS of the
// process (the target: ≤ 400 bytes per item, ≤ 300 MB).
//
//	go test -run '^$' -bench StateMillionItems -benchtime 1x ./scanner
func BenchmarkStateMillionItems(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("STATE_ITEMS"); v != "" {
		fmt.Sscan(v, &n)
	}
	for range b.N {
		path := filepath.Join(b.TempDir(), "s.db")
		st, err := state.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s := &Scanner{opt: Options{FingerprintKey: []byte("k"), State: st}}
		if _, err := st.BeginRun("r", "bench", time.Now()); err != nil {
			b.Fatal(err)
		}
		t := &Target{Name: "/srv/share", Source: "local", Identity: "file:///srv/share"}
		tg, _ := st.Target(t.identity())
		result := []byte(`[{"rule":"credentials/password-table","display":"/srv/share/d0001/f000123.csv","line":2,"count":219,"details":["columns 'brukernavn' + 'passord'"],"confidence":3,"fingerprint":"5b0c2f1e9a7d4c3b2a1f0e9d8c7b6a59:1","exposure":"organization"}]`)
		start := time.Now()
		batch := make([]state.Item, 0, 4096)
		for i := range n {
			it := connectors.Item{ID: fmt.Sprintf("d%04d/f%06d.txt", i/1000, i), Size: int64(1000 + i%5000), ModTime: time.Unix(1_700_000_000+int64(i), 0)}
			k := s.keyOf(t, it)
			rec := state.Item{Target: tg.ID, Key: append([]byte(nil), k[:]...), Path: "d" + it.ID[1:], Size: it.Size, ModTime: it.ModTime,
				Marker: s.markerOf(it), Ruleset: 7, Outcome: "scanned"}
			if i%100 == 0 {
				rec.Results = result
			}
			batch = append(batch, rec)
			if len(batch) == cap(batch) {
				if err := st.Put(batch); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
		if err := st.Put(batch); err != nil {
			b.Fatal(err)
		}
		write := time.Since(start)
		st.Close()
		st, err = state.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s.opt.State = st
		start = time.Now()
		mem, err := s.loadMemory(t)
		if err != nil || len(mem.prior) != n {
			b.Fatalf("loaded %d items: %v", len(mem.prior), err)
		}
		load := time.Since(start)
		runtime.KeepAlive(mem)
		st.Close()
		size := int64(0)
		for _, suf := range []string{"", "-wal"} {
			if fi, err := os.Stat(path + suf); err == nil {
				size += fi.Size()
			}
		}
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		b.ReportMetric(float64(size)/float64(n), "bytes/item")
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
		b.ReportMetric(write.Seconds(), "write-s")
		b.ReportMetric(load.Seconds(), "load-s")
	}
}
