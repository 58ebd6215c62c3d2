package pdf

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func FuzzPDF(f *testing.F) {
	for _, name := range []string{"testdata/users.pdf", "testdata/libreoffice/calc_columns.pdf"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add(textPDF("2.0"))
	f.Add(buildPDF("1.4", []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		stream("BT /F1 12 Tf 10 TL 72 700 Td (a) ' 1 2 (b) \" [(c) 500 (d)] TJ T* (e) Tj ET", true),
		"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>",
		stream("/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0041> <0042> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end", false),
	}, ""))
	f.Fuzz(func(t *testing.T, data []byte) {
		in := extract.Input{Size: int64(len(data)), At: bytes.NewReader(data), Limits: extract.Limits{MaxMemberBytes: 1 << 20, MaxDuration: 2 * time.Second}}
		_ = Extract(context.Background(), in, &extracttest.Recorder{})
	})
}

// FuzzTables feeds the table rebuild positioned text: every 5 bytes are
// an item (x, width, line, size, text) on one of up to 4 pages. It must
// not panic, every row must have its table's columns, and each table is
// named by its pages.
func FuzzTables(f *testing.F) {
	f.Add([]byte("\x10\x20\x01\x0aA\x40\x20\x01\x0aB\x10\x20\x02\x0aC\x40\x20\x02\x0aD\x10\x20\x81\x0aE\x40\x20\x81\x0aF\x10\x20\x82\x0aG\x40\x20\x82\x0aH"))
	f.Add([]byte("\x10\x08\x01\x0aN\x18\x20\x01\x0aA\x14\x04\x02\x0a1\x18\x20\x02\x0aB\x10\xf0\x03\x0aP"))
	words := []string{"Brukernavn", "Passord", "ola", "Sommer18!", "1", "Nr", "a b", "x\ty"}
	f.Fuzz(func(t *testing.T, data []byte) {
		var blocks []block
		for page := 0; page < 4; page++ {
			var items []item
			for i := 0; i+5 <= len(data) && len(items) < 400; i += 5 {
				if int(data[i+2]>>6) != page {
					continue
				}
				x, w := float64(data[i]), float64(data[i+1]%64)
				y := 800 - 12*float64(data[i+2]&63)
				size := 1 + float64(data[i+3]%24)
				text := words[int(data[i+4])%len(words)]
				items = append(items, item{x0: x, x1: x + w, end: x + w, y: y, size: size, text: text})
			}
			b, rest := pageBlocks(page+1, pageLines(items))
			for _, bl := range b {
				for _, r := range bl.rows {
					if len(r) != len(bl.cols) {
						t.Fatalf("row of %d cells in a table of %d columns", len(r), len(bl.cols))
					}
				}
				if len(bl.rows) != len(bl.ys) {
					t.Fatal("rows and heights differ")
				}
			}
			blocks = append(blocks, b...)
			_ = rest
		}
		for _, tb := range assemble(blocks) {
			if name, _ := tb.text(); !strings.HasPrefix(name, "table on page") {
				t.Fatalf("name %q", name)
			}
		}
	})
}
