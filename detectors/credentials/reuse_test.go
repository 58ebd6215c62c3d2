package credentials

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// scanLines scans text in blocks of every lines lines; with reuse, one
// buffer holds each block and is overwritten after its Scan, as the
// scanner's buffers are.
func scanLines(text []byte, every int, table, reuse bool) string {
	s := New().NewSession(detectors.Section{File: "f.txt", Table: table})
	var out []string
	emit := func(f detectors.Finding) { out = append(out, fmt.Sprintf("%+v", f)) }
	lines := bytes.SplitAfter(text, []byte("\n"))
	var buf []byte
	for k := 0; k < len(lines); k += every {
		block := bytes.Join(lines[k:min(k+every, len(lines))], nil)
		if len(block) == 0 {
			continue
		}
		if reuse {
			buf = append(buf[:0], block...)
			block = buf
		}
		s.Scan(block, k+1, emit)
		if reuse {
			for i := range buf {
				buf[i] = '#'
			}
		}
	}
	s.Finish(emit)
	return strings.Join(out, "\n")
}

// TestHeldLinesSurviveBlockReuse: lines held for the headerless-table
// decision across blocks must not change when the block buffer is reused.
func TestHeldLinesSurviveBlockReuse(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	texts := [][]byte{
		[]byte("ola\tx9#Kq2!mZ\nkari\tPq7$wL3@n\nper\tZx8&uY4%b\nanne\tMn5*tR6^c\nliv\tBv3!eW9#d\n"),
		[]byte("a;b\nola;x9#Kq2!mZ\nkari;Pq7$wL3@n\n\nper;Zx8&uY4%b\nanne;Mn5*tR6^c\npassord: Sommer2018!\n"),
	}
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			texts = append(texts, b)
		}
	}
	for _, text := range texts {
		for _, every := range []int{1, 2, 3, 7, 50} {
			for _, table := range []bool{false, true} {
				want := scanLines(text, every, table, false)
				if got := scanLines(text, every, table, true); got != want {
					t.Fatalf("blocks of %d lines, table %v: reused buffer changes findings on %q\nreused: %s\nfresh:  %s", every, table, text, got, want)
				}
			}
		}
	}
}
