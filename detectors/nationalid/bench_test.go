package nationalid

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

var benchWords = []string{
	"kommunen", "har", "mottatt", "søknaden", "om", "plass", "i", "barnehage", "og", "vil", "behandle", "den",
	"innen", "fristen", "the", "data", "protection", "authority", "decided", "that", "beslutet", "gäller",
	"från", "och", "med", "datum", "kunden", "betaler", "fakturaen", "innen", "forfall", "elev", "klasse",
	"skole", "rektor", "vedtak", "klage", "henvendelse", "Datatilsynet", "Bergen", "Oslo", "Stockholm",
}

// benchCorpus builds about size bytes of mixed Nordic text: mostly words,
// with dates, times, phone numbers, amounts, order numbers, accounts and a
// few national ID numbers.
func benchCorpus(size int) []byte {
	var b bytes.Buffer
	r := rng(42)
	line := 0
	for b.Len() < size {
		line++
		for w := 0; w < 12+r.intn(8); w++ {
			b.WriteString(benchWords[r.intn(len(benchWords))])
			b.WriteByte(' ')
			switch r.intn(40) {
			case 0:
				fmt.Fprintf(&b, "%04d-%02d-%02d ", 1990+r.intn(35), 1+r.intn(12), 1+r.intn(28))
			case 1:
				fmt.Fprintf(&b, "+47 %02d %02d %02d %02d ", r.intn(100), r.intn(100), r.intn(100), r.intn(100))
			case 2:
				fmt.Fprintf(&b, "07%08d ", r.intn(100000000))
			case 3:
				fmt.Fprintf(&b, "%d,%02d kr ", r.intn(100000), r.intn(100))
			case 4:
				fmt.Fprintf(&b, "ordre %d ", 100000+r.intn(900000))
			case 5:
				fmt.Fprintf(&b, "kl. %02d:%02d ", r.intn(24), r.intn(60))
			case 6:
				fmt.Fprintf(&b, "%04d.%02d.%05d ", 1000+r.intn(9000), r.intn(100), r.intn(100000))
			case 7:
				fmt.Fprintf(&b, "%d ", 1500000000+r.intn(200000000))
			}
		}
		if line%500 == 0 {
			fmt.Fprintf(&b, "fnr %s, personnummer %s", Example("no", line), Example("se", line))
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func benchScan(b *testing.B, data []byte) {
	d := New()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	lockThread()
	defer unlockThread()
	b.ResetTimer()
	start := threadCPU()
	for i := 0; i < b.N; i++ {
		s := d.NewSession(detectors.Section{File: "mixed.txt"})
		for off := 0; off < len(data); {
			end := min(off+1<<20, len(data))
			if k := bytes.LastIndexByte(data[off:end], '\n'); k >= 0 && end < len(data) {
				end = off + k + 1
			}
			s.Scan(data[off:end], 1, func(detectors.Finding) {})
			off = end
		}
		s.Finish(func(detectors.Finding) {})
	}
	if cpu := threadCPU() - start; cpu > 0 {
		b.ReportMetric(float64(len(data))*float64(b.N)/cpu.Seconds()/1e6, "cpuMB/s")
	}
}

// BenchmarkScanMixed measures throughput on ~10 MB of realistic mixed text.
func BenchmarkScanMixed(b *testing.B) { benchScan(b, benchCorpus(10<<20)) }

// BenchmarkScanNoDigits is the floor: prose without digits.
func BenchmarkScanNoDigits(b *testing.B) {
	var buf bytes.Buffer
	r := rng(1)
	for buf.Len() < 10<<20 {
		buf.WriteString(benchWords[r.intn(len(benchWords))])
		buf.WriteByte(' ')
		if r.intn(15) == 0 {
			buf.WriteByte('\n')
		}
	}
	benchScan(b, buf.Bytes())
}

// BenchmarkScanOneLongLine is 1 MiB of keywords on one line (minified
// exports): the keyword scan must stay linear in the line's length.
func BenchmarkScanOneLongLine(b *testing.B) {
	benchScan(b, append(bytes.Repeat([]byte("tel 1 ssn og kontonr "), 50000), '\n'))
}

// BenchmarkTokensOnly measures the digit loop alone.
func BenchmarkTokensOnly(b *testing.B) {
	data := benchCorpus(10 << 20)
	b.SetBytes(int64(len(data)))
	var toks []token
	lockThread()
	defer unlockThread()
	b.ResetTimer()
	start := threadCPU()
	for i := 0; i < b.N; i++ {
		toks = findTokens(data, toks[:0], false)
	}
	if cpu := threadCPU() - start; cpu > 0 {
		b.ReportMetric(float64(len(data))*float64(b.N)/cpu.Seconds()/1e6, "cpuMB/s")
	}
}

// BenchmarkScanRegister is the other extreme: a CSV register where every
// line holds IDs, phones and accounts.
func BenchmarkScanRegister(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("ansattnr;navn;fnr;telefon;kontonr;personnummer\n")
	for i := 0; buf.Len() < 10<<20; i++ {
		fmt.Fprintf(&buf, "%d;Person %d;%s;%08d;%s;%s\n", i, i, Example("no", i%5000), 90000000+i, Example("no", 10000+i%5000), Example("se", i%5000))
	}
	benchScan(b, buf.Bytes())
}
