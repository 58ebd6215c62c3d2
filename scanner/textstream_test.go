package scanner

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var b []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// collectText runs input through decoding and line blocking and returns the
// text and the line number each line was reported at.
func collectText(t *testing.T, in []byte) (string, map[string]int) {
	t.Helper()
	dec, _ := decodeText(bytes.NewReader(in), in[:min(len(in), 4096)])
	var lb lineBlocks
	var all strings.Builder
	lines := map[string]int{}
	_, err := lb.run(dec, func(block []byte, first int) error {
		all.Write(block)
		for i, l := range strings.Split(strings.TrimSuffix(string(block), "\n"), "\n") {
			if _, seen := lines[l]; !seen {
				lines[l] = first + i
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all.String(), lines
}

func TestDecodeEncodings(t *testing.T) {
	const text = "navn;fødselsnummer\r\nÆrlig Øst;01019012345\r\nÅse;31129912345\r\n"
	cp1252, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	latin1, _ := charmap.ISO8859_1.NewEncoder().Bytes([]byte(text))
	tests := []struct {
		name string
		in   []byte
	}{
		{"utf-8", []byte(text)},
		{"utf-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...)},
		{"utf-16le BOM", utf16Bytes(text, false, true)},
		{"utf-16be BOM", utf16Bytes(text, true, true)},
		{"utf-16le no BOM", utf16Bytes(text, false, false)},
		{"utf-16be no BOM", utf16Bytes(text, true, false)},
		{"windows-1252", cp1252},
		{"iso-8859-1", latin1},
	}
	want := strings.ReplaceAll(text, "\r\n", "\n")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, lines := collectText(t, tt.in)
			if got != want {
				t.Fatalf("got %q, want %q", got, want)
			}
			if lines["Åse;31129912345"] != 3 {
				t.Errorf("line numbers: %v", lines)
			}
		})
	}
}

func TestLineBlocksBoundaries(t *testing.T) {
	// Lines straddling block boundaries keep their numbers; a CRLF split
	// across reads gives one line end, not two.
	var b strings.Builder
	n := 0
	for b.Len() < 3*blockSize {
		n++
		b.WriteString(strings.Repeat("x", n%97))
		b.WriteString("\r\n")
	}
	got, lines := collectText(t, []byte(b.String()))
	if strings.Count(got, "\n") != n {
		t.Fatalf("got %d lines, want %d", strings.Count(got, "\n"), n)
	}
	if strings.Contains(got, "\r") {
		t.Fatal("CR left in output")
	}
	if lines[strings.Repeat("x", 96)] != 96 {
		t.Fatalf("line of 96 x at %d", lines[strings.Repeat("x", 96)])
	}
}

func TestLineBlocksHugeLineBoundedMemory(t *testing.T) {
	// 8 MiB without a newline, with a marker straddling a cut: every block
	// is at most blockSize+overlap, the marker is seen whole in one block.
	const marker = "MARKER-01019012345"
	size := 8 << 20
	src := io.MultiReader(
		bytes.NewReader(bytes.Repeat([]byte("a"), blockSize-overlap-5)),
		strings.NewReader(marker),
		bytes.NewReader(bytes.Repeat([]byte("b"), size)),
	)
	var lb lineBlocks
	found := false
	maxBlock := 0
	_, err := lb.run(src, func(block []byte, first int) error {
		if first != 1 {
			t.Fatalf("first line %d, want 1", first)
		}
		maxBlock = max(maxBlock, len(block))
		if bytes.Contains(block, []byte(marker)) {
			found = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Error("marker across a cut was not seen whole")
	}
	if maxBlock > blockSize+overlap {
		t.Errorf("block of %d bytes", maxBlock)
	}
}

func TestLineBlocksInvalidUTF8(t *testing.T) {
	in := []byte("ok line\nbad \xff\xfe\x80 line\n")
	got, _ := collectText(t, in)
	if !strings.Contains(got, "ok line\n") || !strings.Contains(got, "bad ÿþ€ line") {
		t.Fatalf("got %q", got)
	}
}

func FuzzLineBlocks(f *testing.F) {
	f.Add([]byte("a\r\nb\rc\n"))
	f.Add(utf16Bytes("fnr: 01019012345\n", false, false))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 0xff, '\n'})
	f.Fuzz(func(t *testing.T, in []byte) {
		dec, _ := decodeText(bytes.NewReader(in), in[:min(len(in), 4096)])
		var lb lineBlocks
		last := 0
		_, _ = lb.run(dec, func(block []byte, first int) error {
			if first < last {
				t.Fatalf("line numbers went back: %d after %d", first, last)
			}
			last = first
			if bytes.IndexByte(block, '\r') >= 0 {
				t.Fatal("CR in block")
			}
			return nil
		})
	})
}

// TestUTF8TrustedAfterValidBlocks: a stream whose first blocks are valid
// UTF-8 is taken as UTF-8 from then on (validation is costly on Nordic
// text); a stream that starts in Windows-1252 is decoded block by block.
func TestUTF8TrustedAfterValidBlocks(t *testing.T) {
	line := "navn;fødselsnummer;kommentar\n"
	utf := strings.Repeat(line, (trustAfter*blockSize)/len(line)+1000)
	run := func(in []byte) string {
		var lb lineBlocks
		var out strings.Builder
		if _, err := lb.run(bytes.NewReader(in), func(b []byte, _ int) error { out.Write(b); return nil }); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	// Valid UTF-8 first, then a stray Windows-1252 line: passed through.
	got := run([]byte(utf + "S\xf8lvi\n"))
	if !strings.HasSuffix(got, "S\xf8lvi\n") {
		t.Errorf("tail of a trusted UTF-8 stream was rewritten: %q", got[len(got)-10:])
	}
	// Windows-1252 from the start: every block decoded.
	cp := strings.Repeat("navn;f\xf8dselsnummer\n", (3*blockSize)/20)
	got = run([]byte(cp))
	if strings.Contains(got, "\xf8") || !strings.Contains(got[len(got)-100:], "fødselsnummer") {
		t.Error("a Windows-1252 stream was not decoded to the end")
	}
}

// utf8Cases are texts whose validity utf8.Valid decides: letters of one
// to four bytes, each kind of invalid sequence (stray continuation,
// overlong, surrogate, above U+10FFFF, cut short) and Windows-1252 æøå,
// at the start, in the middle and at the end.
var utf8Cases = []string{
	"", "a", "æ", "på skolen", "Ærlig talt, ØRSTA og Åsane", strings.Repeat("brukernavn ", 10) + "ø",
	"€ 100", "𝄞 note", "Привет мир", "日本語のテキスト",
	"\x80", "a\xbfb", "\xc0\xafx", "\xe0\x80\xafx", "\xed\xa0\x80x", "\xf4\x90\x80\x80", "\xc3", "ab\xc3",
	"\xe6\xf8\xe5", "p\xe5 skolen", strings.Repeat("x", 40) + "\xc3\x28" + strings.Repeat("y", 40),
	strings.Repeat("x", 31) + "\xc3\xa6", strings.Repeat("x", 32) + "\xc3", strings.Repeat("æ", 40),
}

func TestValidUTF8(t *testing.T) {
	for _, c := range utf8Cases {
		for _, pad := range []string{"", strings.Repeat("z", 33), strings.Repeat("ø", 17)} {
			for _, b := range []string{c, pad + c, c + pad, pad + c + pad} {
				if got, want := validUTF8([]byte(b)), utf8.Valid([]byte(b)); got != want {
					t.Errorf("validUTF8(%q) = %v, utf8.Valid says %v", b, got, want)
				}
			}
		}
	}
}

func FuzzValidUTF8(f *testing.F) {
	for _, c := range utf8Cases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := validUTF8(b), utf8.Valid(b); got != want {
			t.Fatalf("validUTF8(%q) = %v, utf8.Valid says %v", b, got, want)
		}
	})
}

// BenchmarkValidUTF8 is Nordic prose (a non-ASCII letter about every 60
// bytes), against utf8.Valid.
func BenchmarkValidUTF8(b *testing.B) {
	words := []string{"passord", "brukernavn", "elev", "skole", "fødselsnummer", "og", "i", "på", "lærer", "klasse", "møte", "Bergen"}
	var text []byte
	for i := 0; len(text) < 1<<20; i++ {
		text = append(text, words[i*7%len(words)]...)
		text = append(text, ' ')
	}
	for _, f := range []struct {
		name string
		fn   func([]byte) bool
	}{{"validUTF8", validUTF8}, {"utf8.Valid", utf8.Valid}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if !f.fn(text) {
					b.Fatal("invalid")
				}
			}
		})
	}
}
