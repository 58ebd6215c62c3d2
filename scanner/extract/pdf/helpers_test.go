package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

func run(t testing.TB, data []byte, lim extract.Limits) (*extracttest.Recorder, error) {
	t.Helper()
	s := &extracttest.Recorder{}
	in := extract.Input{Size: int64(len(data)), R: bytes.NewReader(data), At: bytes.NewReader(data), Limits: lim}
	return s, Extract(context.Background(), in, s)
}

// buildPDF writes objects 1..n with a correct xref table; the catalog must
// be object 1. trailer adds entries to the trailer dictionary.
func buildPDF(version string, objs []string, trailer string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n", version)
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, x)
	return b.Bytes()
}

func stream(content string, compress bool) string {
	if !compress {
		return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
	}
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	io.WriteString(w, content)
	w.Close()
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.String())
}

// textPDF is a two-page document in Helvetica: a heading, a username and
// password table laid out with Td moves, and a second page drawn through a
// form XObject with a TJ array.
func textPDF(version string) []byte {
	page1 := "BT /F1 12 Tf 72 720 Td (Elevliste 7B) Tj ET\n" +
		"BT /F1 10 Tf 72 690 Td (Brukernavn) Tj 150 0 Td (Passord) Tj ET\n" +
		"BT /F1 10 Tf 72 675 Td (ola.nordmann) Tj 150 0 Td (Sommer2018!) Tj ET\n" +
		"BT /F1 10 Tf 72 660 Td (Bj\\370rn) Tj ET"
	page2 := "q 1 0 0 1 0 0 cm /X1 Do Q"
	form := "BT /F1 11 Tf 72 700 Td [(F\\370dsels) -20 (nummer:) -300 (01019012345)] TJ ET"
	return buildPDF(version, []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X1 8 0 R >> >> >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		stream(page1, false),
		stream(page2, true),
		fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n%s\nendstream", len(form), form),
	}, "")
}
