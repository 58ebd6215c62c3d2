package odf

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func FuzzODF(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, false)
		}
	}
	// Content seeds: the fuzzer mutates XML that Extract sees inside a
	// valid package (mutated zips mostly fail their CRC early).
	f.Add([]byte(content(odtBody)), true)
	f.Add([]byte(content(odsBody)), true)
	lim := extract.Limits{MaxMemberBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxRatio: 100, MaxEntries: 1000, MaxDuration: 2 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte, asContent bool) {
		if asContent {
			data = buildODF(t, "application/vnd.oasis.opendocument.text", zpart{"content.xml", string(data)})
		}
		in := extract.Input{Size: int64(len(data)), At: bytes.NewReader(data), Limits: lim}
		_ = Extract(context.Background(), in, &extracttest.Recorder{})
	})
}
