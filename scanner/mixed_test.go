package scanner

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
	"unicode/utf16"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/detectors/credentials"
)

// passwordTable is a 50-row export with a header.
func passwordTable() []byte {
	var b bytes.Buffer
	b.WriteString("Brukernavn;Passord\r\n")
	for i := range 50 {
		fmt.Fprintf(&b, "elev%03d;Vq%dx!Tr%d\r\n", i, 1000+i*37, i)
	}
	return b.Bytes()
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func realPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 300, 300))
	rng := rand.New(rand.NewPCG(3, 4))
	for x := range 300 {
		for y := range 300 {
			img.Set(x, y, color.RGBA{uint8(rng.Uint32()), uint8(rng.Uint32()), uint8(rng.Uint32()), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestTextInsideBinaryIsScanned(t *testing.T) {
	table := passwordTable()
	withNUL := append(append(append([]byte{}, table[:300]...), 0), table[300:]...)
	pngSig := []byte("\x89PNG\r\n\x1a\n")
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 200<<10)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	cases := []struct {
		name     string
		data     []byte
		accounts int
		outcome  Outcome
	}{
		{"one NUL inside", withNUL, 50, Scanned},
		{"64 leading NULs", append(make([]byte, 64), table...), 50, Scanned},
		{"behind a PNG signature", append(pngSig, table...), 50, Scanned},
		{"UTF-16LE without BOM, then NUL padding", append(utf16le(string(table)), make([]byte, 4096)...), 50, Scanned},
		{"between binary noise", append(append(append([]byte{}, noise...), table...), noise...), 50, Scanned},
		{"a real PNG", realPNG(t), 0, Skipped},
		{"random bytes", noise, 0, Skipped},
	}
	s := newTestScanner(t, func(o *Options) { o.Detectors = []detectors.Detector{credentials.New()} })
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTree(t, map[string][]byte{"f.bin": c.data})
			rep := scanDir(t, s, dir)
			got := 0
			for _, r := range rep.Results {
				got += r.Count
			}
			if got != c.accounts {
				t.Errorf("%d accounts, want %d", got, c.accounts)
			}
			st := rep.Stats
			if c.outcome == Scanned && st.Scanned != 1 || c.outcome == Skipped && st.Skipped != 1 {
				t.Errorf("stats %+v, want one %s file", st, c.outcome)
			}
		})
	}
}

func FuzzMixedReader(f *testing.F) {
	f.Add(passwordTable())
	f.Add(append(make([]byte, 64), "ola;pass\n"...))
	f.Add(utf16le("Brukernavn;Passord\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var out bytes.Buffer
		m := newMixedReader(bytes.NewReader(b))
		if _, err := out.ReadFrom(m); err != nil {
			t.Fatal(err)
		}
		if bytes.IndexByte(out.Bytes(), 0) >= 0 {
			t.Fatal("a NUL reached the detectors")
		}
		if m.text+m.binary != (len(b)+mixedChunk-1)/mixedChunk {
			t.Fatalf("%d+%d chunks for %d bytes", m.text, m.binary, len(b))
		}
	})
}
