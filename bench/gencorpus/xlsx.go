package main

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// Workbooks are written the way Excel writes them: every text cell is a
// t="s" index into xl/sharedStrings.xml, numbers are plain cells, and the
// package has styles, a dimension and row spans. Inline strings, which
// only some export libraries write, would leave the shared string reader
// out of the benchmarks.

const (
	nsMain  = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRel   = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// xlsxFixedParts are the parts of a one-sheet workbook besides the sheet
// and the shared strings.
var xlsxFixedParts = map[string]string{
	"[Content_Types].xml": xmlDecl + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
	"_rels/.rels": xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	"xl/workbook.xml": xmlDecl + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="22228"/><workbookPr defaultThemeVersion="166925"/>` +
		`<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`,
	"xl/_rels/workbook.xml.rels": xmlDecl + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId3" Type="` + nsRel + `/styles" Target="styles.xml"/><Relationship Id="rId4" Type="` + nsRel + `/sharedStrings" Target="sharedStrings.xml"/>` +
		`<Relationship Id="rId1" Type="` + nsRel + `/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
	"xl/styles.xml": xmlDecl + `<styleSheet xmlns="` + nsMain + `"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
}

// sharedTable is a shared string table being built: each distinct string
// once, in the order first used.
type sharedTable struct {
	index map[string]int
	list  []string
	uses  int
}

func newSharedTable() *sharedTable { return &sharedTable{index: map[string]int{}} }

// add returns the index of s, adding it when new.
func (t *sharedTable) add(s string) int {
	t.uses++
	if i, ok := t.index[s]; ok {
		return i
	}
	t.index[s] = len(t.list)
	t.list = append(t.list, s)
	return len(t.list) - 1
}

// write writes the table as xl/sharedStrings.xml; the count of uses is
// left out when unknown (zero), as the schema allows.
func (t *sharedTable) write(w io.Writer) {
	count := ""
	if t.uses > 0 {
		count = fmt.Sprintf(` count="%d"`, t.uses)
	}
	fmt.Fprintf(w, `%s<sst xmlns="%s"%s uniqueCount="%d">`, xmlDecl, nsMain, count, len(t.list))
	for _, s := range t.list {
		if strings.TrimSpace(s) != s {
			fmt.Fprintf(w, `<si><t xml:space="preserve">%s</t></si>`, s)
		} else {
			fmt.Fprintf(w, `<si><t>%s</t></si>`, s)
		}
	}
	io.WriteString(w, `</sst>`)
}

// sheetHead starts a worksheet of rows rows and three columns.
func sheetHead(w io.Writer, rows int) {
	fmt.Fprintf(w, `%s<worksheet xmlns="%s" xmlns:r="%s"><dimension ref="A1:C%d"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>`+
		`<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="24" customWidth="1"/><col min="3" max="3" width="40" customWidth="1"/></cols><sheetData>`,
		xmlDecl, nsMain, nsRel, rows)
}

const sheetTail = `</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`

// header writes the bold heading row.
func header(w io.Writer, t *sharedTable) {
	fmt.Fprintf(w, `<row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>%d</v></c><c r="B1" s="1" t="s"><v>%d</v></c><c r="C1" s="1" t="s"><v>%d</v></c></row>`,
		t.add("Navn"), t.add("Beløp"), t.add("Kommentar"))
}

// row writes data row i: a shared name, a number and a shared comment.
func row(w io.Writer, i, name, amount, comment int) {
	fmt.Fprintf(w, `<row r="%d" spans="1:3"><c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>%d</v></c><c r="C%d" t="s"><v>%d</v></c></row>`,
		i, i, name, i, amount, i, comment)
}

func (g *gen) word() string { return words[g.r.IntN(len(words))] }

// xlsxParts returns the parts of a workbook of rows rows.
func (g *gen) xlsxParts(rows int) map[string]string {
	t := newSharedTable()
	var s strings.Builder
	sheetHead(&s, rows)
	header(&s, t)
	for i := 2; i <= rows; i++ {
		name := t.add(g.word() + " " + g.word())
		amount := g.r.IntN(1e6)
		row(&s, i, name, amount, t.add(g.word()+" "+g.word()+" "+g.word()))
	}
	s.WriteString(sheetTail)
	var sst strings.Builder
	t.write(&sst)
	parts := map[string]string{"xl/worksheets/sheet1.xml": s.String(), "xl/sharedStrings.xml": sst.String()}
	for name, body := range xlsxFixedParts {
		parts[name] = body
	}
	return parts
}

// bigVocabulary is how many distinct strings the big workbook draws its
// text cells from: its shared string table stays well under a megabyte
// however large the sheet.
const bigVocabulary = 20000

// bigWorkbook streams one xlsx whose only sheet holds about size bytes of
// XML, for the memory benchmark: the shared string table is written first
// from a bounded vocabulary, then rows pointing into it, so only the
// vocabulary is held in memory while writing.
func (g *gen) bigWorkbook(path string, size int64) {
	f, err := os.Create(path)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	zw := zip.NewWriter(bw)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} {
		w, _ := zw.Create(name)
		io.WriteString(w, xlsxFixedParts[name])
	}
	t := newSharedTable()
	t.add("Navn")
	t.add("Beløp")
	t.add("Kommentar")
	for len(t.list) < bigVocabulary {
		if g.r.IntN(4) == 0 { // names: only some 5,800 distinct pairs
			t.add(g.word() + " " + g.word())
		} else {
			t.add(g.word() + " " + g.word() + " " + g.word())
		}
	}
	t.uses = 0 // unknown until the sheet is written
	w, _ := zw.Create("xl/sharedStrings.xml")
	t.write(w)
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	cw := &countWriter{w: w}
	sheetHead(cw, int(size/110)) // about 110 bytes a row
	header(cw, t)
	for i := 2; cw.n < size; i++ {
		row(cw, i, g.r.IntN(bigVocabulary), g.r.IntN(1e6), g.r.IntN(bigVocabulary))
	}
	io.WriteString(cw, sheetTail)
	if err := zw.Close(); err != nil {
		panic(err)
	}
	if err := bw.Flush(); err != nil {
		panic(err)
	}
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
