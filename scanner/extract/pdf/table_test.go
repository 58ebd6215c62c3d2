package pdf

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
)

// TestLibreOfficeTables reads PDFs made by LibreOffice
// (testdata/libreoffice/make.sh): a Writer table going on over the next
// page without and with a repeated heading row, and Calc sheets whose
// Passord column is printed on a later page, in both page orders. Every
// account must come back as one row of one table part holding its user
// name and password as cells, and the rows must not stay in the pages'
// own text.
func TestLibreOfficeTables(t *testing.T) {
	b, err := os.ReadFile("testdata/libreoffice/truth.json")
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]struct {
		Accounts [][2]string `json:"accounts"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		t.Fatal(err)
	}
	if len(truth) != 5 {
		t.Fatalf("%d files in truth.json", len(truth))
	}
	for file, want := range truth {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "libreoffice", file))
			if err != nil {
				t.Fatal(err)
			}
			s, err := run(t, data, extract.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			var tables []string
			var pages strings.Builder
			for _, x := range s.Texts {
				if x.Table {
					tables = append(tables, x.Data)
				} else {
					pages.WriteString(x.Data)
				}
			}
			if len(tables) != 1 {
				t.Fatalf("%d table parts, want 1: %q", len(tables), tables)
			}
			rows := map[string]bool{}
			header := ""
			for i, r := range strings.Split(strings.TrimSuffix(tables[0], "\n"), "\n") {
				cells := strings.Split(r, "\t")
				if i == 0 {
					header = r
				}
				for _, u := range cells {
					for _, p := range cells {
						rows[u+"\x00"+p] = true
					}
				}
			}
			if !strings.Contains(header, "Brukernavn") || !strings.Contains(header, "Passord") {
				t.Errorf("first row %q is not the heading", header)
			}
			for _, a := range want.Accounts {
				if !rows[a[0]+"\x00"+a[1]] {
					t.Errorf("no row has user %s with its password", a[0])
				}
				if strings.Contains(pages.String(), a[1]) {
					t.Errorf("password of %s left in the page text", a[0])
				}
			}
		})
	}
}

// it is an item of size 10 at (x, y), as wide as its text at 5 units a
// character.
func it(x, y float64, text string) item {
	w := 5 * float64(len(text))
	return item{x0: x, x1: x + w, end: x + w, y: y, size: 10, text: text}
}

// rowsOf lays out rows of cells at the given column xs, 12 units apart
// from y down.
func rowsOf(y float64, xs []float64, rows ...[]string) []item {
	var out []item
	for i, r := range rows {
		for j, c := range r {
			if c != "" {
				out = append(out, it(xs[j], y-12*float64(i), c))
			}
		}
	}
	return out
}

func manyXs(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = 10 * float64(i)
	}
	return xs
}

func manyCells(n int) []string { return strings.Split(strings.Repeat("x", n), "") }

func TestPageBlocks(t *testing.T) {
	xs := []float64{50, 150, 250}
	tests := []struct {
		name  string
		items []item
		want  []string // tables, rows joined by \n
		rest  string
	}{
		{"simple", append([]item{it(50, 800, "Elevliste 7B")}, rowsOf(780, xs, []string{"Navn", "Brukernavn", "Passord"},
			[]string{"Ola Nordmann", "ola", "Sommer18!"}, []string{"Kari", "kari", "Vinter19#"})...),
			[]string{"Navn\tBrukernavn\tPassord\nOla Nordmann\tola\tSommer18!\nKari\tkari\tVinter19#"}, "Elevliste 7B"},
		// A right-aligned number ends 2 units before the next column's
		// text: narrower than a space, still a column.
		{"narrow gutter", []item{
			it(60, 700, "Nr"), it(72, 700, "Navn"), {x0: 62, x1: 70, end: 70, y: 688, size: 10, text: "12"}, it(72, 688, "Ola"),
			{x0: 66, x1: 70, end: 70, y: 676, size: 10, text: "3"}, it(72, 676, "Kari")},
			[]string{"Nr\tNavn\n12\tOla\n3\tKari"}, ""},
		// Prose across the columns ends the table; a line that fills only
		// a cell the row above left empty is that row's text wrapped in
		// its cell; a line far below is not a row.
		{"prose ends", append(rowsOf(700, xs, []string{"a", "b", "c"}, []string{"d", "", "f"}, []string{"", "h", ""}, []string{"g", "h", "i"}),
			it(50, 652, "Dette er en lang setning som går over alle kolonnene i tabellen"), it(50, 500, "x"), it(250, 500, "y")),
			[]string{"a\tb\tc\nd\th\tf\ng\th\ti"}, "Dette er en lang setning som går over alle kolonnene i tabellen\nx\ty"},
		{"no table", []item{it(50, 700, "Hei"), it(50, 688, "Passord: Sommer18!")}, nil, "Hei\nPassord: Sommer18!"},
		// More columns than a table has: text, not a table.
		{"too many columns", rowsOf(700, manyXs(70), manyCells(70), manyCells(70)), nil,
			strings.Repeat("x ", 69) + "x\n" + strings.Repeat("x ", 69) + "x"},
		// Pieces of a cell are joined with a space, or without one when
		// they touch.
		{"pieces", []item{it(50, 700, "Brukernavn"), it(150, 700, "Passord"), it(50, 688, "ola"), it(68, 688, "nordmann"),
			{x0: 150, x1: 160, end: 170, clipped: true, y: 688, size: 10, text: "So"}, it(160, 688, "mmer")},
			[]string{"Brukernavn\tPassord\nola nordmann\tSommer"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks, rest := pageBlocks(1, pageLines(tc.items))
			var got []string
			for _, b := range blocks {
				var rows []string
				for _, r := range b.rows {
					rows = append(rows, strings.Join(r, "\t"))
				}
				got = append(got, strings.Join(rows, "\n"))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("tables %q, want %q", got, tc.want)
			}
			if r := strings.Join(rest, "\n"); r != tc.rest {
				t.Errorf("rest %q, want %q", r, tc.rest)
			}
		})
	}
}

func TestAssemble(t *testing.T) {
	left, right := []float64{50, 150}, []float64{50, 300}
	page := func(n int, xs []float64, rows ...[]string) []block {
		b, _ := pageBlocks(n, pageLines(rowsOf(700, xs, rows...)))
		return b
	}
	cat := func(bs ...[]block) []block {
		var out []block
		for _, b := range bs {
			out = append(out, b...)
		}
		return out
	}
	tests := []struct {
		name   string
		blocks []block
		want   []string
	}{
		{"continues", cat(page(1, left, []string{"Brukernavn", "Passord"}, []string{"ola", "S1"}), page(2, left, []string{"kari", "S2"}, []string{"per", "S3"})),
			[]string{"table on pages 1-2:Brukernavn\tPassord\nola\tS1\nkari\tS2\nper\tS3\n"}},
		// Calc "top to bottom, then right": pages 1-2 hold the left
		// columns, pages 3-4 the right ones, row by row.
		{"columns later", cat(page(1, left, []string{"Nr", "Brukernavn"}, []string{"1", "ola"}), page(2, left, []string{"2", "kari"}, []string{"3", "per"}),
			page(3, right, []string{"E-post", "Passord"}, []string{"ola@x", "S1"}), page(4, right, []string{"kari@x", "S2"}, []string{"per@x", "S3"})),
			[]string{"table on pages 1-4:Nr\tBrukernavn\tE-post\tPassord\n1\tola\tola@x\tS1\n2\tkari\tkari@x\tS2\n3\tper\tper@x\tS3\n"}},
		// "left to right, then down".
		{"columns beside", cat(page(1, left, []string{"Nr", "Brukernavn"}, []string{"1", "ola"}), page(2, right, []string{"E-post", "Passord"}, []string{"ola@x", "S1"}),
			page(3, left, []string{"2", "kari"}, []string{"3", "per"}), page(4, right, []string{"kari@x", "S2"}, []string{"per@x", "S3"})),
			[]string{"table on pages 1-4:Nr\tBrukernavn\tE-post\tPassord\n1\tola\tola@x\tS1\n2\tkari\tkari@x\tS2\n3\tper\tper@x\tS3\n"}},
		// Two tables of the same shape and the same columns on two pages
		// are not one table printed in strips; the second continues the
		// first (same columns, top of the next page).
		{"same columns", cat(page(1, left, []string{"Brukernavn", "Passord"}, []string{"ola", "S1"}), page(2, left, []string{"Brukernavn", "Passord"}, []string{"kari", "S2"})),
			[]string{"table on pages 1-2:Brukernavn\tPassord\nola\tS1\nBrukernavn\tPassord\nkari\tS2\n"}},
		// Different row counts: not beside each other.
		{"unrelated", cat(page(1, left, []string{"a", "b"}, []string{"c", "d"}), page(2, right, []string{"e", "f"}, []string{"g", "h"}, []string{"i", "j"})),
			[]string{"table on page 1:a\tb\nc\td\n", "table on page 2:e\tf\ng\th\ni\tj\n"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, tb := range assemble(tc.blocks) {
				name, data := tb.text()
				got = append(got, name+":"+string(data))
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestCellsDrawnApart draws a spreadsheet the way Calc prints one: every
// cell its own text object, an e-mail address clipped at its cell's edge
// (drawn on under the next cell), a right-aligned number closer to the
// next column than a space, and the heading's words with a space glyph
// between them.
func TestCellsDrawnApart(t *testing.T) {
	var c strings.Builder
	row := func(y int, cells ...string) {
		xs := []string{"60", "80", "200", "300"}
		for i, cell := range cells {
			if cell == "" {
				continue
			}
			x := xs[i]
			if i == 0 && len(cell) == 1 {
				x = "73" // right-aligned: ends 1 unit before the next column
			}
			if i == 2 {
				// The address runs on past 300 but is clipped at 298.
				fmt.Fprintf(&c, "q 200 %d 98 12 re W n BT /F1 10 Tf %s %d Td (%s) Tj ET Q\n", y-2, x, y, cell)
				continue
			}
			fmt.Fprintf(&c, "BT /F1 10 Tf %s %d Td (%s) Tj ET\n", x, y, cell)
		}
	}
	row(700, "Nr", "Brukernavn", "E-post adresse", "Passord")
	row(688, "1", "ola", "ola.nordmann@elev.example.com", "Sommer18!")
	row(676, "2", "kari", "kari.nordmann@elev.example.com", "Vinter19#")
	data := buildPDF("1.4", []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		stream(c.String(), true),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}, "")
	s, err := run(t, data, extract.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p, ok := s.Section("table on page 1")
	if !ok || !p.Table {
		t.Fatalf("no table part: %+v", s.Texts)
	}
	want := "Nr\tBrukernavn\tE-post adresse\tPassord\n" +
		"1\tola\tola.nordmann@elev.example.com\tSommer18!\n" +
		"2\tkari\tkari.nordmann@elev.example.com\tVinter19#\n"
	if p.Data != want {
		t.Errorf("table\n%q\nwant\n%q", p.Data, want)
	}
}
