package pdf

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func FuzzPDF(f *testing.F) {
	if b, err := os.ReadFile("testdata/users.pdf"); err == nil {
		f.Add(b)
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
