package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

// csvText makes n bytes of a pupil list: names, user names, passwords;
// text compresses about 3:1 like real exports.
func csvText(r *rand.Rand, n int) []byte {
	first := []string{"Ola", "Kari", "Per", "Ingrid", "Lars", "Nora", "Emma", "Jakob", "Sofie", "Filip"}
	last := []string{"Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen"}
	var buf bytes.Buffer
	buf.Grow(n + 100)
	for buf.Len() < n {
		f, l := first[r.IntN(len(first))], last[r.IntN(len(last))]
		fmt.Fprintf(&buf, "%s;%s;%s.%s%d;pw%08x;%d\n", f, l, f, l, r.IntN(1000), r.Uint32(), 1+r.IntN(10))
	}
	return buf.Bytes()[:n]
}

func BenchmarkZip(b *testing.B) {
	const members, size = 50, 1 << 20
	r := rand.New(rand.NewPCG(3, 4))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range members {
		w, err := zw.Create(fmt.Sprintf("class%02d/pupils.csv", i))
		if err != nil {
			b.Fatal(err)
		}
		w.Write(csvText(r, size))
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.Logf("archive: %d members, %s unpacked, %s packed", members, humanBytes(members*size), humanBytes(int64(len(data))))
	b.SetBytes(members * size)
	b.ReportAllocs()
	var s extracttest.Drain
	for b.Loop() {
		s.Bytes = 0
		if err := Zip(context.Background(), input("bench.zip", data, extract.DefaultLimits), &s); err != nil {
			b.Fatal(err)
		}
		if s.Bytes != members*size {
			b.Fatalf("read %d bytes", s.Bytes)
		}
	}
}
