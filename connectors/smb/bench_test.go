package smb

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// BenchmarkRead256MB reads one 256 MB file over loopback Samba with Open
// and Read, with a 1 MiB and a 32 KiB caller buffer. Run with
// -benchtime=3x or so.
func BenchmarkRead256MB(b *testing.B) {
	const size = 256 << 20
	srv := sambatest.Start(b, sambatest.Options{})
	dir := srv.ShareDir("data")
	f, err := os.Create(filepath.Join(dir, "big.bin"))
	if err != nil {
		b.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for i := range chunk {
		chunk[i] = byte(i * 7)
	}
	for range size / len(chunk) {
		if _, err := f.Write(chunk); err != nil {
			b.Fatal(err)
		}
	}
	f.Close()
	srv.AddShare("data", dir, sambatest.ShareOptions{})
	srv.AddShare("enc", dir, sambatest.ShareOptions{Encrypt: true})

	for _, tc := range []struct {
		name   string
		share  string
		o      Options
		bufLen int
	}{
		{"buf=1MiB", "data", Options{}, 1 << 20},
		{"buf=32KiB", "data", Options{}, 32 << 10},
		{"signed/buf=1MiB", "data", Options{RequireSigning: true}, 1 << 20},
		{"encrypted/buf=1MiB", "enc", Options{Encrypt: true}, 1 << 20},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c := connect(b, srv, tc.share, tc.o)
			it := c.item(tc.share, "big.bin")
			buf := make([]byte, tc.bufLen)
			b.SetBytes(size)
			b.ResetTimer()
			for b.Loop() {
				file, err := c.Open(context.Background(), it)
				if err != nil {
					b.Fatal(err)
				}
				var n int64
				for {
					k, err := file.Read(buf)
					n += int64(k)
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				file.Close()
				if n != size {
					b.Fatalf("read %d bytes", n)
				}
			}
		})
	}
}

// BenchmarkWalkOpen2000 walks 2,000 4 KiB files in 20 folders and reads
// each one, with 4 readers as the scanner's worker pool would.
func BenchmarkWalkOpen2000(b *testing.B) {
	srv := sambatest.Start(b, sambatest.Options{})
	dir := srv.ShareDir("data")
	content := make([]byte, 4096)
	for i := range 2000 {
		p := filepath.Join(dir, fmt.Sprintf("dir%02d", i%20), fmt.Sprintf("file%04d.txt", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	srv.AddShare("data", dir, sambatest.ShareOptions{})
	c := connect(b, srv, "data", Options{})
	ctx := context.Background()
	b.SetBytes(2000 * 4096)
	start := time.Now()
	for b.Loop() {
		items := make(chan connectors.Item, 64)
		var wg sync.WaitGroup
		var mu sync.Mutex
		files := 0
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := make([]byte, 8192)
				for it := range items {
					f, err := c.Open(ctx, it)
					if err != nil {
						b.Error(err)
						continue
					}
					for {
						if _, err := f.Read(buf); err != nil {
							break
						}
					}
					f.Close()
					mu.Lock()
					files++
					mu.Unlock()
				}
			}()
		}
		err := c.Walk(ctx, func(it connectors.Item) error {
			items <- it
			return nil
		})
		close(items)
		wg.Wait()
		if err != nil || files != 2000 {
			b.Fatalf("walk: %v, %d files", err, files)
		}
	}
	b.ReportMetric(float64(2000*b.N)/time.Since(start).Seconds(), "files/s")
}
