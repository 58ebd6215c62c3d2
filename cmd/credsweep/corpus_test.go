package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// truth is a generated file share's ground truth: what each file (or
// archive member) must give per rule, which files must give nothing, and
// every planted value that no output may show in clear. Both acceptance
// corpora (corpus and share2) write through it.
type truth struct {
	t       *testing.T
	root    string
	want    map[string]map[string]int // URI → rule → count
	decoys  map[string]bool           // URIs that must give no result
	fuzzy   map[string]bool           // "URI rule" whose count is not asserted exactly
	notes   map[string]bool           // URI → every result must have level note (test data)
	secrets []string
}

func newTruth(t *testing.T, root string) *truth {
	return &truth{t: t, root: root, want: map[string]map[string]int{}, decoys: map[string]bool{},
		fuzzy: map[string]bool{}, notes: map[string]bool{}}
}

// write stores a file under the share root.
func (g *truth) write(rel string, data []byte) {
	g.t.Helper()
	p := filepath.Join(g.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		g.t.Fatal(err)
	}
}

// add records that uri must give rule with n more matches.
func (g *truth) add(uri, rule string, n int) {
	if g.want[uri] == nil {
		g.want[uri] = map[string]int{}
	}
	g.want[uri][rule] += n
}

// corpus is the first acceptance corpus.
type corpus struct {
	*truth
	r *rand.Rand
}

func newCorpus(t *testing.T, root string) *corpus {
	return &corpus{truth: newTruth(t, root), r: rand.New(rand.NewPCG(2018, 35000))}
}

// expect records that uri must give rule with count n (n ≥ 1).
func (c *corpus) expect(uri, rule string, n int) {
	if n > 0 {
		c.add(uri, rule, n)
	}
}

// decoy records that uri must give no result at all.
func (c *corpus) decoy(uri string) { c.decoys[uri] = true }

// plant records values no output may contain.
func (c *corpus) plant(v ...string) { c.secrets = append(c.secrets, v...) }

func (c *corpus) pick(list []string) string { return list[c.r.IntN(len(list))] }

// --- encodings -------------------------------------------------------------

func utf16LEBOM(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2, 2+2*len(u))
	b[0], b[1] = 0xFF, 0xFE
	for _, v := range u {
		b = append(b, byte(v), byte(v>>8))
	}
	return b
}

func utf16BEBOM(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := []byte{0xFE, 0xFF}
	for _, v := range u {
		b = append(b, byte(v>>8), byte(v))
	}
	return b
}

func cp1252(s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// lines joins rows of cells with sep, one row a line.
func lines(sep string, rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, sep))
		b.WriteByte('\n')
	}
	return b.String()
}

// --- containers ------------------------------------------------------------

// zipBytes writes members in the given order (name, body, name, body, ...).
func zipBytes(members ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(members); i += 2 {
		h := &zip.FileHeader{Name: members[i], Method: zip.Deflate}
		if members[i] == "mimetype" {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		w.Write([]byte(members[i+1]))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func tarGz(members ...string) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for i := 0; i+1 < len(members); i += 2 {
		tw.WriteHeader(&tar.Header{Name: members[i], Mode: 0o644, Size: int64(len(members[i+1])), Typeflag: tar.TypeReg})
		tw.Write([]byte(members[i+1]))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

// xlsx builds a workbook; each sheet is a name and rows of cells. Cells
// that are all digits and short are written as numbers, the rest as
// shared strings (as Excel does).
func xlsxDoc(sheets ...sheet) []byte {
	var sst []string
	idx := map[string]int{}
	ct := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	var parts []string
	for i, sh := range sheets {
		n := i + 1
		ct += fmt.Sprintf(`<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, html.EscapeString(sh.name), n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, n, n)
		var s strings.Builder
		s.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for ri, row := range sh.rows {
			fmt.Fprintf(&s, `<row r="%d">`, ri+1)
			for ci, cell := range row {
				if cell == "" {
					continue
				}
				ref := fmt.Sprintf("%c%d", 'A'+ci, ri+1)
				if isSmallNumber(cell) {
					fmt.Fprintf(&s, `<c r="%s"><v>%s</v></c>`, ref, cell)
					continue
				}
				k, ok := idx[cell]
				if !ok {
					k = len(sst)
					idx[cell] = k
					sst = append(sst, cell)
				}
				fmt.Fprintf(&s, `<c r="%s" t="s"><v>%d</v></c>`, ref, k)
			}
			s.WriteString(`</row>`)
		}
		s.WriteString(`</sheetData></worksheet>`)
		parts = append(parts, fmt.Sprintf("xl/worksheets/sheet%d.xml", n), s.String())
	}
	n := len(sheets) + 1
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`, n)
	wb.WriteString(`</sheets></workbook>`)
	var ss strings.Builder
	fmt.Fprintf(&ss, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(sst), len(sst))
	for _, v := range sst {
		fmt.Fprintf(&ss, `<si><t xml:space="preserve">%s</t></si>`, html.EscapeString(v))
	}
	ss.WriteString(`</sst>`)
	all := []string{
		"[Content_Types].xml", ct + `</Types>`,
		"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml", wb.String(),
		"xl/_rels/workbook.xml.rels", rels.String(),
		"xl/sharedStrings.xml", ss.String(),
	}
	return zipBytes(append(all, parts...)...)
}

type sheet struct {
	name string
	rows [][]string
}

func isSmallNumber(s string) bool {
	if len(s) == 0 || len(s) > 9 || s[0] == '0' {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// docx builds a document of paragraphs and, when rows is not nil, a table
// after them.
func docxDoc(paras []string, rows [][]string) []byte {
	var s strings.Builder
	s.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range paras {
		fmt.Fprintf(&s, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, html.EscapeString(p))
	}
	if rows != nil {
		s.WriteString(`<w:tbl>`)
		for _, r := range rows {
			s.WriteString(`<w:tr>`)
			for _, cell := range r {
				fmt.Fprintf(&s, `<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>`, html.EscapeString(cell))
			}
			s.WriteString(`</w:tr>`)
		}
		s.WriteString(`</w:tbl>`)
	}
	s.WriteString(`<w:sectPr/></w:body></w:document>`)
	return zipBytes(
		"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml", s.String())
}

// odf builds an ODF package (ods when spreadsheet, odt otherwise).
func odfDoc(spreadsheet bool, paras []string, rows [][]string) []byte {
	mime, body := "application/vnd.oasis.opendocument.text", "office:text"
	if spreadsheet {
		mime, body = "application/vnd.oasis.opendocument.spreadsheet", "office:spreadsheet"
	}
	var s strings.Builder
	s.WriteString(`<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3"><office:body><` + body + `>`)
	for _, p := range paras {
		fmt.Fprintf(&s, `<text:p>%s</text:p>`, html.EscapeString(p))
	}
	if rows != nil {
		s.WriteString(`<table:table table:name="Ark1">`)
		for _, r := range rows {
			s.WriteString(`<table:table-row>`)
			for _, cell := range r {
				fmt.Fprintf(&s, `<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>`, html.EscapeString(cell))
			}
			s.WriteString(`</table:table-row>`)
		}
		s.WriteString(`</table:table>`)
	}
	s.WriteString(`</` + body + `></office:body></office:document-content>`)
	return zipBytes("mimetype", mime,
		"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="`+mime+`"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
		"content.xml", s.String())
}

// pdfString writes s as a WinAnsi PDF string literal.
func pdfString(b *strings.Builder, s string) {
	b.WriteString("(")
	for _, c := range cp1252(s) {
		switch {
		case c == '(' || c == ')' || c == '\\':
			b.WriteString("\\" + string(c))
		case c >= 0x80:
			fmt.Fprintf(b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString(")")
}

// pdfDoc builds a one-page PDF whose text lines are WinAnsi-encoded.
func pdfDoc(textLines []string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 10 Tf 14 TL 40 800 Td\n")
	for _, l := range textLines {
		pdfString(&content, l)
		content.WriteString(" Tj T*\n")
	}
	content.WriteString("ET")
	return pdfPage(content.String())
}

// pdfTable builds a one-page PDF that places each cell at its column's x
// position, as a spreadsheet printed to PDF does.
func pdfTable(title string, rows [][]string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 9 Tf\n")
	fmt.Fprintf(&content, "1 0 0 1 40 810 Tm ")
	pdfString(&content, title)
	content.WriteString(" Tj\n")
	for i, r := range rows {
		for j, cell := range r {
			fmt.Fprintf(&content, "1 0 0 1 %d %d Tm ", 40+j*150, 780-i*13)
			pdfString(&content, cell)
			content.WriteString(" Tj\n")
		}
	}
	content.WriteString("ET")
	return pdfPage(content.String())
}

func pdfPage(stream string) []byte {
	var content strings.Builder
	content.WriteString(stream)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
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
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

// rtf builds an RTF document with \'xx escapes for non-ASCII letters.
func rtfDoc(paras []string) []byte {
	var b strings.Builder
	b.WriteString(`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}\f0\fs22 `)
	for _, p := range paras {
		for _, c := range cp1252(p) {
			switch {
			case c >= 0x80:
				fmt.Fprintf(&b, `\'%02x`, c)
			case c == '\\' || c == '{' || c == '}':
				b.WriteString(`\` + string(c))
			default:
				b.WriteByte(c)
			}
		}
		b.WriteString("\\par\n")
	}
	b.WriteString("}")
	return []byte(b.String())
}
