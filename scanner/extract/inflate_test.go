package extract

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"testing"
)

// deflatedZip builds a zip whose members are deflated texts of the given sizes.
func deflatedZip(tb testing.TB, sizes ...int) ([]byte, [][]byte) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var texts [][]byte
	for i, n := range sizes {
		var t bytes.Buffer
		for j := 0; t.Len() < n; j++ {
			fmt.Fprintf(&t, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>%d</v></c></row>`, j, j, j*7919%1000, j, j*31)
		}
		text := t.Bytes()[:n]
		w, err := zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", i))
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(text)
		texts = append(texts, text)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), texts
}

// TestInflateWholeAndStreamed reads members inflated from memory (small)
// and streamed (compressed size above wholeLimit), with checksums.
func TestInflateWholeAndStreamed(t *testing.T) {
	data, texts := deflatedZip(t, 0, 1, 5000, 300<<10, 12<<20)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	fastInflate(zr)
	if int64(zr.File[4].CompressedSize64) <= wholeLimit {
		t.Fatalf("last member compresses to %d bytes: not streamed", zr.File[4].CompressedSize64)
	}
	for round := 0; round < 2; round++ { // the second round reuses pooled state
		for i, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc)
			rc.Close()
			if err != nil || !bytes.Equal(got, texts[i]) {
				t.Fatalf("member %d: %d bytes, err %v; want %d bytes", i, len(got), err, len(texts[i]))
			}
		}
	}
}

// TestInflateTruncated: a member cut short is an error, not short text.
func TestInflateTruncated(t *testing.T) {
	data, _ := deflatedZip(t, 200<<10)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f := zr.File[0]
	off, err := f.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	cut := io.NewSectionReader(bytes.NewReader(data), off, int64(f.CompressedSize64)/2)
	rc := Inflate(cut)
	defer rc.Close()
	if _, err := io.ReadAll(rc); err == nil {
		t.Fatal("truncated member inflated without an error")
	}
}

// BenchmarkInflateParts is a package of small parts, as OOXML files are.
func BenchmarkInflateParts(b *testing.B) {
	data, texts := deflatedZip(b, 2000, 40<<10, 200<<10, 600<<10, 8000, 30<<10)
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		b.Fatal(err)
	}
	fastInflate(zr)
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, rc); err != nil {
				b.Fatal(err)
			}
			rc.Close()
		}
	}
}
