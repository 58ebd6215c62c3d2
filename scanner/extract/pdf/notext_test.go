package pdf

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

// The reasons as the issue words them, written out rather than taken from
// the package's constants.
const (
	wantScanned  = "no text layer (scanned image; no OCR)"
	wantEmpty    = "no text (empty pages)"
	wantDrawings = "no text layer (drawings only)"
	wantNoPages  = "no text (no pages)"
)

// TestNoTextLayer reads PDFs made by real software (testdata/README.md):
// one without any text is skipped with a reason, one with text on any
// page is scanned.
func TestNoTextLayer(t *testing.T) {
	tests := []struct {
		file     string
		skip     string   // reason for Skip(""), "" = none
		pages    []string // sections with text
		contains string
	}{
		{"scanned.pdf", wantScanned, nil, ""},
		{"inline-image.pdf", wantScanned, nil, ""},
		{"empty.pdf", wantEmpty, nil, ""},
		{"drawing.pdf", wantDrawings, nil, ""},
		{"text.pdf", "", []string{"page 1"}, "Passord: Sommer2018!"},
		{"mixed.pdf", "", []string{"page 1"}, "Passord: Sommer2018!"},
		{"users.pdf", "", []string{"page 1", "page 2", "table on page 1"}, "ola.nordmann\tSommer2018!"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := run(t, b, extract.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkSkip(t, s, tc.skip)
			var names []string
			for _, x := range s.Texts {
				names = append(names, x.Name)
			}
			if strings.Join(names, ",") != strings.Join(tc.pages, ",") {
				t.Errorf("text sections %q, want %q", names, tc.pages)
			}
			if !strings.Contains(s.AllText(""), tc.contains) {
				t.Errorf("text %q lacks %q", s.AllText(""), tc.contains)
			}
		})
	}
}

func checkSkip(t *testing.T, s *extracttest.Recorder, want string) {
	t.Helper()
	got, ok := s.Skips[""]
	switch {
	case want == "" && ok:
		t.Errorf("skipped as %q, want scanned", got)
	case want != "" && got != want:
		t.Errorf("Skip(\"\") reason = %q (given: %v), want %q", got, ok, want)
	}
	if len(s.Skips) > 1 || (len(s.Skips) == 1 && !ok) {
		t.Errorf("skips = %v, want at most the file's own", s.Skips)
	}
}

// TestNoTextLayerCases covers what the fixtures do not: images drawn
// through a form, white space only, pages without contents, no pages.
func TestNoTextLayerCases(t *testing.T) {
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	image := "<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"
	const formContent = "q 9 0 0 9 0 0 cm /Im1 Do Q"
	doc := func(pages ...string) []byte {
		kids := make([]string, len(pages))
		objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "", font, image}
		for i, content := range pages {
			n := len(objs) + 1
			kids[i] = itoa(n) + " 0 R"
			res := "<< /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R /Fm1 " + itoa(n+2) + " 0 R >> >>"
			objs = append(objs,
				"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources "+res+" /Contents "+itoa(n+1)+" 0 R >>",
				stream(content, false),
				"<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] /Resources << /XObject << /Im1 4 0 R >> >> /Length "+itoa(len(formContent))+" >>\nstream\n"+formContent+"\nendstream")
		}
		objs[1] = "<< /Type /Pages /Kids [" + strings.Join(kids, " ") + "] /Count " + itoa(len(pages)) + " >>"
		return buildPDF("1.4", objs, "")
	}
	text := "BT /F1 12 Tf 20 100 Td (Passord: hemmelig) Tj ET"
	img := "q 100 0 0 100 0 0 cm /Im1 Do Q"
	tests := []struct {
		name string
		data []byte
		skip string
		text bool
	}{
		{"image page", doc(img), wantScanned, false},
		{"image in a form", doc("/Fm1 Do"), wantScanned, false},
		{"image then text page", doc(img, text), "", true},
		{"text then image page", doc(text, img), "", true},
		{"white space and an image", doc("BT /F1 12 Tf 20 100 Td (   ) Tj ET " + img), wantScanned, false},
		{"white space only", doc("BT /F1 12 Tf 20 100 Td (   ) Tj ET"), wantEmpty, false},
		{"path only", doc("0 0 m 100 100 l S"), wantDrawings, false},
		{"no operators", doc(""), wantEmpty, false},
		{"no pages", buildPDF("1.4", []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"}, ""), wantNoPages, false},
		{"page without contents", buildPDF("1.4", []string{
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
		}, ""), wantEmpty, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := run(t, tc.data, extract.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			checkSkip(t, s, tc.skip)
			if got := strings.Contains(s.AllText(""), "Passord: hemmelig"); got != tc.text {
				t.Errorf("text found = %v, want %v (text %q)", got, tc.text, s.AllText(""))
			}
		})
	}
}

// A cancelled extraction never claims the file has no text.
func TestNoTextSkipNotOnCancel(t *testing.T) {
	b, err := os.ReadFile("testdata/scanned.pdf")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := &extracttest.Recorder{}
	in := extract.Input{Size: int64(len(b)), R: strings.NewReader(string(b)), At: strings.NewReader(string(b))}
	err = Extract(ctx, in, s)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if len(s.Skips) != 0 {
		t.Errorf("skips = %v after cancellation", s.Skips)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
