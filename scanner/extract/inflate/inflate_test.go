package inflate

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	kflate "github.com/klauspost/compress/flate"
)

// reference inflates with compress/flate, the independent decoder every
// answer is compared with; it reads at most limit bytes.
func reference(in []byte, limit int64) ([]byte, error) {
	fr := flate.NewReader(bytes.NewReader(in))
	defer fr.Close()
	return io.ReadAll(io.LimitReader(fr, limit))
}

func inflate(in []byte, limit int64) ([]byte, error) {
	var z Reader
	z.Reset(in)
	defer z.Close()
	return io.ReadAll(io.LimitReader(&z, limit))
}

// agree checks that both decoders give the same bytes, and that one fails
// when the other does (the messages differ).
func agree(t testing.TB, name string, in []byte, limit int64) {
	t.Helper()
	want, werr := reference(in, limit)
	got, gerr := inflate(in, limit)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("%s: compress/flate says %v, inflate says %v", name, werr, gerr)
	}
	// A truncated member is reported as truncated, a damaged one as
	// damaged: the outcome (partial or failed) depends on the kind.
	if errors.Is(werr, io.ErrUnexpectedEOF) != errors.Is(gerr, io.ErrUnexpectedEOF) {
		t.Fatalf("%s: compress/flate says %v, inflate says %v", name, werr, gerr)
	}
	if werr == nil && !bytes.Equal(got, want) {
		t.Fatalf("%s: %d bytes differ from compress/flate's %d (first difference at %d)", name, len(got), len(want), firstDiff(got, want))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestOfficeDocuments decodes every member of the documents in
// testdata/office, written by LibreOffice, Microsoft Office, pandoc and
// openpyxl (see testdata/office/make.sh): deflate streams from real
// compressors.
func TestOfficeDocuments(t *testing.T) {
	files, _ := filepath.Glob("../../../testdata/office/*")
	members := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			continue // not zip-based
		}
		for _, m := range zr.File {
			if m.Method != zip.Deflate {
				continue
			}
			rc, err := m.OpenRaw()
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(rc)
			agree(t, filepath.Base(f)+"/"+m.Name, raw, 1<<30)
			members++
		}
	}
	if members < 50 {
		t.Fatalf("only %d deflated members found in testdata/office", members)
	}
}

// texts are inputs with the shapes that stress a decoder: empty, one
// byte, runs (distance 1), short periods (distances 2-7), prose, digits,
// random bytes (stored and literal-only blocks), and sizes that fill the
// 256 KiB window several times.
func texts() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	m := map[string][]byte{"empty": {}, "one": {'x'}}
	m["run"] = bytes.Repeat([]byte{'a'}, 700<<10)
	for p := 2; p < 9; p++ {
		m[fmt.Sprintf("period%d", p)] = bytes.Repeat([]byte("abcdefghi"[:p]), 100<<10/p)
	}
	words := []string{"passord", "brukernavn", "elev", "skole", "fødselsnummer", "Bergen", "klasse", "og", "i", "på", "lærer", "æøå"}
	var prose bytes.Buffer
	for prose.Len() < 3<<20 {
		prose.WriteString(words[r.IntN(len(words))])
		prose.WriteByte(" \n,."[r.IntN(4)])
	}
	m["prose"] = prose.Bytes()
	var digits bytes.Buffer
	for digits.Len() < 1<<20 {
		fmt.Fprintf(&digits, "%011d;%d\n", r.Int64N(1e11), r.IntN(1000))
	}
	m["digits"] = digits.Bytes()
	random := make([]byte, 600<<10)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	m["random"] = random
	mixed := append(append(append([]byte{}, random[:70<<10]...), prose.Bytes()[:200<<10]...), random[:70<<10]...)
	m["mixed"] = mixed
	return m
}

// TestCompressors round-trips the texts through compress/flate and
// klauspost/compress at every level, Huffman-only and stored included.
func TestCompressors(t *testing.T) {
	for name, text := range texts() {
		for _, level := range []int{flate.HuffmanOnly, flate.NoCompression, 1, 2, 5, 6, 9} {
			var std, kp bytes.Buffer
			sw, _ := flate.NewWriter(&std, level)
			sw.Write(text)
			sw.Close()
			kw, _ := kflate.NewWriter(&kp, level)
			kw.Write(text)
			kw.Close()
			for who, in := range map[string][]byte{"compress/flate": std.Bytes(), "klauspost": kp.Bytes()} {
				got, err := inflate(in, 1<<30)
				if err != nil || !bytes.Equal(got, text) {
					t.Fatalf("%s level %d from %s: %d bytes, %v; want %d bytes (first difference at %d)", name, level, who, len(got), err, len(text), firstDiff(got, text))
				}
			}
		}
	}
}

// TestSmallReads reads through a one-byte buffer and a 7-byte one, so the
// window is drained and slid in every phase.
func TestSmallReads(t *testing.T) {
	text := texts()["prose"][:600<<10]
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, 6)
	w.Write(text)
	w.Close()
	for _, size := range []int{1, 7, 4096} {
		var z Reader
		z.Reset(buf.Bytes())
		var got []byte
		p := make([]byte, size)
		for {
			n, err := z.Read(p)
			got = append(got, p[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(got, text) {
			t.Fatalf("reads of %d: %d bytes, want %d", size, len(got), len(text))
		}
	}
}

// TestInvalid: streams compress/flate rejects are rejected, with
// ErrUnexpectedEOF for the truncated ones.
func TestInvalid(t *testing.T) {
	var good bytes.Buffer
	w, _ := flate.NewWriter(&good, 6)
	w.Write(texts()["prose"][:20000])
	w.Close()
	cases := map[string][]byte{
		"block type 3":             {0x07},
		"stored LEN/NLEN mismatch": {0x01, 0x05, 0x00, 0xfa, 0xfe},
		"stored truncated":         {0x01, 0x05, 0x00, 0xfa, 0xff, 'a', 'b'},
		// A fixed block: literal 'a' then a match at distance 2 with
		// one byte of history.
		"distance too far": fixedBlock(0x30+'a', 8, 1, 7, 1, 5, 0, 7),
		// Literal/length symbol 286 exists only in the fixed code.
		"length symbol 286": fixedBlock(0x30+'a', 8, 0xc6, 8, 0, 7),
		// Distance symbol 30 likewise.
		"distance symbol 30": fixedBlock(0x30+'a', 8, 1, 7, 30, 5, 0, 7),
		// A dynamic block whose code-length code is over-subscribed
		// (four codes of length 1).
		"over-subscribed code": dynamicHeader(29, 0, 0, []uint{1, 1, 1, 1}),
		// An incomplete code-length code (one code of length 2).
		"incomplete code": dynamicHeader(29, 0, 0, []uint{2}),
		"no final block":  {0x00, 0x00, 0x00, 0xff, 0xff},
		"empty input":     {},
		"truncated":       good.Bytes()[:good.Len()/2],
	}
	for name, in := range cases {
		want, werr := reference(in, 1<<30)
		got, gerr := inflate(in, 1<<30)
		if werr == nil {
			t.Fatalf("%s: compress/flate accepts it (%q): not a test of invalid input", name, want)
		}
		if gerr == nil {
			t.Errorf("%s: inflated %d bytes without an error (compress/flate: %v)", name, len(got), werr)
			continue
		}
		if errors.Is(werr, io.ErrUnexpectedEOF) != errors.Is(gerr, io.ErrUnexpectedEOF) {
			t.Errorf("%s: inflate says %v, compress/flate %v", name, gerr, werr)
		}
	}
	// Cut at every length: never a panic, always an error before the end.
	in := good.Bytes()
	for n := range len(in) - 1 {
		if _, err := inflate(in[:n], 1<<30); err == nil {
			t.Fatalf("cut to %d of %d bytes: no error", n, len(in))
		}
	}
}

// TestBomb: a stream that expands a thousandfold stays in the window:
// the reader allocates nothing while it decodes.
func TestBomb(t *testing.T) {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, 9)
	w.Write(make([]byte, 64<<20))
	w.Close()
	var z Reader
	z.Reset(buf.Bytes())
	allocs := testing.AllocsPerRun(1, func() {
		z.Reset(buf.Bytes())
		n, err := io.Copy(io.Discard, struct{ io.Reader }{&z})
		if err != nil || n != 64<<20 {
			t.Fatalf("%d bytes, %v", n, err)
		}
	})
	if allocs > 2 {
		t.Fatalf("%v allocations inflating a bomb", allocs)
	}
}

// bitWriter writes DEFLATE bit fields: values least significant bit
// first, Huffman codes most significant bit first (section 3.1.1).
type bitWriter struct {
	out   []byte
	nbits uint
}

func (w *bitWriter) value(v, n uint) {
	for i := range n {
		if w.nbits%8 == 0 {
			w.out = append(w.out, 0)
		}
		w.out[len(w.out)-1] |= byte(v>>i&1) << (w.nbits % 8)
		w.nbits++
	}
}

func (w *bitWriter) code(c, n uint) {
	for i := n; i > 0; i-- {
		w.value(c>>(i-1)&1, 1)
	}
}

// fixedBlock is a final fixed-code block of the given (code, length)
// pairs.
func fixedBlock(codes ...uint) []byte {
	var w bitWriter
	w.value(1, 1)
	w.value(1, 2)
	for i := 0; i < len(codes); i += 2 {
		w.code(codes[i], codes[i+1])
	}
	return w.out
}

// dynamicHeader starts a final dynamic block: HLIT, HDIST and HCLEN as
// stored, then the code-length code lengths in clOrder.
func dynamicHeader(hlit, hdist, hclen uint, cl []uint) []byte {
	var w bitWriter
	w.value(1, 1)
	w.value(2, 2)
	w.value(hlit, 5)
	w.value(hdist, 5)
	w.value(hclen, 4)
	for i := range hclen + 4 {
		l := uint(0)
		if int(i) < len(cl) {
			l = cl[i]
		}
		w.value(l, 3)
	}
	w.value(0, 16)
	return w.out
}

func FuzzInflate(f *testing.F) {
	for name, text := range texts() {
		if len(text) > 64<<10 {
			text = text[:64<<10]
		}
		for _, level := range []int{flate.HuffmanOnly, 0, 1, 9} {
			var buf bytes.Buffer
			w, _ := flate.NewWriter(&buf, level)
			w.Write(text)
			w.Close()
			f.Add(buf.Bytes())
		}
		_ = name
	}
	f.Add(fixedBlock(0x30+'a', 8, 1, 7, 0, 5, 0, 7))
	f.Fuzz(func(t *testing.T, in []byte) {
		agree(t, "fuzz input", in, 1<<20)
	})
}

// FuzzRoundTrip compresses the input at a level taken from its first
// byte, so the fuzzer explores valid streams too.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("\x06passord=Sommer2024 brukernavn=ola.nordmann passord=Sommer2024"))
	// Writers are kept: a new one allocates up to a MiB, which would
	// make the fuzzer minimise slowly.
	writers := map[int]*kflate.Writer{}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		level := int(in[0])%11 - 2
		var buf bytes.Buffer
		w := writers[level]
		if w == nil {
			w, _ = kflate.NewWriter(&buf, level)
			writers[level] = w
		}
		w.Reset(&buf)
		w.Write(in[1:])
		w.Close()
		got, err := inflate(buf.Bytes(), 1<<30)
		if err != nil || !bytes.Equal(got, in[1:]) {
			t.Fatalf("level %d: %d bytes, %v; want %d", level, len(got), err, len(in)-1)
		}
	})
}

// BenchmarkInflate compares the decoder with klauspost/compress's on the
// same streams (digits: CSV of numbers, as spreadsheets hold; prose).
func BenchmarkInflate(b *testing.B) {
	for _, name := range []string{"digits", "prose"} {
		text := texts()[name]
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, 6)
		w.Write(text)
		w.Close()
		in := buf.Bytes()
		p := make([]byte, 32<<10)
		b.Run(name+"/inflate", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			var z Reader
			for b.Loop() {
				z.Reset(in)
				for {
					if _, err := z.Read(p); err != nil {
						break
					}
				}
			}
		})
		b.Run(name+"/klauspost", func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			fr := kflate.NewReader(bytes.NewReader(in))
			for b.Loop() {
				fr.(kflate.Resetter).Reset(bytes.NewReader(in), nil)
				for {
					if _, err := fr.Read(p); err != nil {
						break
					}
				}
			}
		})
	}
}
