package credentials

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// ordinaryText is ~10 MB of prose, logs and code: what most files are.
func ordinaryText(tb testing.TB) []byte {
	var seed bytes.Buffer
	for _, f := range []string{"prose_no.txt", "prose_se.txt", "policy.txt", "reset_mail.txt", "app.log"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			tb.Fatal(err)
		}
		seed.Write(b)
	}
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&seed, "2024-01-01 12:%02d:45 INFO request id=%d path=/api/v1/users status=200 bytes=%d\n", i%60, i, i*37)
		fmt.Fprintf(&seed, "\tif err := s.Scan(block, %d); err != nil { return fmt.Errorf(\"scan: %%w\", err) }\n", i)
	}
	var out bytes.Buffer
	for out.Len() < 10<<20 {
		out.Write(seed.Bytes())
	}
	return out.Bytes()
}

// bigTable is a Bergen-sized pupil list.
func bigTable(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("Skole;Klasse;Fornavn;Etternavn;Fødselsnummer;Brukernavn;Passord\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "Nygård skole;%dA;Ola;Nordmann;%011d;ola.nordmann%d;Sommer%d!\n", i%10+1, i*7919, i, i)
	}
	return b.Bytes()
}

// scanBlocks feeds data in blocks of about 64 KiB cut at line ends.
func scanBlocks(s detectors.Session, data []byte, emit func(detectors.Finding)) {
	line := 1
	for len(data) > 0 {
		n := min(64<<10, len(data))
		if i := bytes.LastIndexByte(data[:n], '\n'); i >= 0 && n < len(data) {
			n = i + 1
		}
		s.Scan(data[:n], line, emit)
		line += bytes.Count(data[:n], []byte("\n"))
		data = data[n:]
	}
	s.Finish(emit)
}

func BenchmarkProse(b *testing.B) {
	data := ordinaryText(b)
	d := New()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		found := 0
		scanBlocks(d.NewSession(detectors.Section{File: "notes.txt"}), data, func(detectors.Finding) { found++ })
		if found != 0 {
			b.Fatalf("%d findings in ordinary text", found)
		}
	}
}

func BenchmarkTable35k(b *testing.B) {
	data := bigTable(35000)
	d := New()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		found := 0
		scanBlocks(d.NewSession(detectors.Section{File: "elever.csv"}), data, func(detectors.Finding) { found++ })
		if found != 35000 {
			b.Fatalf("%d findings, want 35000", found)
		}
	}
}

// TestStreamingMemory checks that a 35,000-row table is streamed: the
// session keeps no rows.
func TestStreamingMemory(t *testing.T) {
	data := bigTable(35000)
	s := New().NewSession(detectors.Section{File: "elever.csv"}).(*session)
	n := 0
	seen := map[string]bool{}
	scanBlocks(s, data, func(f detectors.Finding) { n++; seen[f.Secret] = true })
	if n != 35000 || len(seen) != 35000 {
		t.Fatalf("%d findings, %d distinct", n, len(seen))
	}
	if len(s.buf) != 0 || len(s.combo.pend) != 0 || cap(s.cells) > 64 {
		t.Fatalf("session holds rows: buf %d pend %d cells %d", len(s.buf), len(s.combo.pend), cap(s.cells))
	}
}

// BenchmarkReferenceLoop is the cheapest possible pass over the same text
// (count one byte value): a yardstick for BenchmarkProse on a busy machine.
func BenchmarkReferenceLoop(b *testing.B) {
	data := ordinaryText(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		n := 0
		for _, c := range data {
			if c == 'q' {
				n++
			}
		}
		if n < 0 {
			b.Fatal(n)
		}
	}
}

// BenchmarkSmallSections is the start of many small files (a share's
// typical file is a few KiB): session set-up and the headerless look-ahead
// dominate.
func BenchmarkSmallSections(b *testing.B) {
	text := ordinaryText(b)[:2<<10]
	text = text[:bytes.LastIndexByte(text, '\n')+1]
	var csv bytes.Buffer
	csv.WriteString("dato;beløp;konto;tekst\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&csv, "2024-01-%02d;%d,50;1234.56.%05d;Varekjøp butikk %d\n", i%28+1, i*13, i, i)
	}
	files := []struct {
		name string
		data []byte
	}{{"notes.txt", text}, {"bilag.csv", csv.Bytes()}, {"app.log", text}}
	d := New()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			scanBlocks(d.NewSession(detectors.Section{File: f.name}), f.data, func(detectors.Finding) {})
		}
	}
}
