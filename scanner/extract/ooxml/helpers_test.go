package ooxml

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
)

var update = flag.Bool("update", false, "rewrite testdata fixtures")

// section is one text part the sink received.
type section struct {
	name  string
	table bool
	text  string
}

// recSink records what an extractor emits.
type recSink struct {
	texts []section
	files map[string][]byte
	skips map[string]string
	stop  error // returned from Text when set
}

func (s *recSink) Text(name string, table bool, r io.Reader) error {
	b, err := io.ReadAll(r)
	s.texts = append(s.texts, section{name, table, string(b)})
	if err != nil {
		return err
	}
	return s.stop
}

func (s *recSink) File(name string, size int64, r io.Reader) error {
	b, err := io.ReadAll(r)
	if s.files == nil {
		s.files = map[string][]byte{}
	}
	s.files[name] = b
	return err
}

func (s *recSink) Skip(name, reason string) {
	if s.skips == nil {
		s.skips = map[string]string{}
	}
	s.skips[name] = reason
}

func (s *recSink) get(name string) (section, bool) {
	for _, t := range s.texts {
		if t.name == name {
			return t, true
		}
	}
	return section{}, false
}

// part is a file of a zip fixture; order matters for some tests.
type zpart struct {
	name, body string
}

func buildZip(t testing.TB, parts []zpart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, p.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func run(t testing.TB, data []byte, lim extract.Limits) (*recSink, error) {
	t.Helper()
	s := &recSink{}
	in := extract.Input{Name: "x", Size: int64(len(data)), R: bytes.NewReader(data), At: bytes.NewReader(data), Limits: lim}
	return s, Extract(context.Background(), in, s)
}

// fixture returns testdata/name, writing it from build with -update.
func fixture(t *testing.T, name string, build func(testing.TB) []byte) []byte {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, build(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	return b
}

const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`

func contentTypes(main, ct string, extra ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/` + main + `" ContentType="` + ct + `"/>` + strings.Join(extra, "") + `</Types>`
}

func rootRels(main string) string {
	return rels + `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="` + main + `"/></Relationships>`
}

const wns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

func wp(runs ...string) string {
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>`)
	for _, r := range runs {
		switch r {
		case "\t":
			b.WriteString(`<w:r><w:tab/></w:r>`)
		case "\n":
			b.WriteString(`<w:r><w:br/></w:r>`)
		default:
			b.WriteString(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + r + `</w:t></w:r>`)
		}
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

func wtable(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr/>`)
	for _, r := range rows {
		b.WriteString(`<w:tr>`)
		for _, c := range r {
			b.WriteString(`<w:tc><w:tcPr/>`)
			for _, para := range strings.Split(c, "|") {
				b.WriteString(wp(para))
			}
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

func buildDocx(t testing.TB, macro bool) []byte {
	ct := "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	if macro {
		ct = "application/vnd.ms-word.document.macroEnabled.main+xml"
	}
	body := wp("Elevliste for ", "skolen") + wp("Kolonne", "\t", "to", "\n", "ny linje") +
		wtable([]string{"Brukernavn", "Passord"}, []string{"ola.nordmann", "Sommer2018!"}, []string{"kari|normann", "Vinter" + wtable([]string{"x", "y"})}) +
		wp("Mellom tabellene") +
		`<mc:AlternateContent><mc:Choice Requires="wps">` + wp("tekstboks") + `</mc:Choice><mc:Fallback>` + wp("tekstboks") + `</mc:Fallback></mc:AlternateContent>` +
		wtable([]string{"a", "b", "c"}) + wp("Slutt")
	parts := []zpart{
		{"[Content_Types].xml", contentTypes("word/document.xml", ct, `<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>`)},
		{"_rels/.rels", rootRels("word/document.xml")},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wns + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`},
		{"word/_rels/document.xml.rels", rels + `<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
			`<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="/word/comments.xml"/>` +
			`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.com/" TargetMode="External"/></Relationships>`},
		{"word/header1.xml", `<w:hdr ` + wns + `>` + wp("Konfidensielt") + `</w:hdr>`},
		{"word/comments.xml", `<w:comments ` + wns + `><w:comment w:id="0">` + wp("husk å bytte passord") + `</w:comment></w:comments>`},
		{"word/embeddings/oleObject1.bin", "embedded bytes"},
	}
	if macro {
		parts = append(parts, zpart{"word/vbaProject.bin", "vba"})
	}
	return buildZip(t, parts)
}

const sns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

func buildXlsx(t testing.TB, macro bool, sheets ...zpart) []byte {
	ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	if macro {
		ct = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
	}
	wb := `<workbook ` + sns + `><sheets>`
	wr := rels + `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
		`<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
	parts := []zpart{
		{"[Content_Types].xml", contentTypes("xl/workbook.xml", ct)},
		{"_rels/.rels", rootRels("xl/workbook.xml")},
		{"xl/styles.xml", `<styleSheet ` + sns + `><numFmts count="2"><numFmt numFmtId="164" formatCode="00000000000"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>` +
			`<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/></cellXfs></styleSheet>`},
		{"xl/sharedStrings.xml", `<sst ` + sns + ` count="4" uniqueCount="4"><si><t>Brukernavn</t></si><si><t>Passord</t></si>` +
			`<si><r><t>ola.</t></r><r><rPr><b/></rPr><t>nordmann</t></r><rPh><t>ignored</t></rPh></si><si><t xml:space="preserve">tab	and
newline_x000D_</t></si></sst>`},
	}
	for i, s := range sheets {
		id := "rId" + string(rune('1'+i))
		wb += `<sheet name="` + s.name + `" sheetId="` + string(rune('1'+i)) + `" r:id="` + id + `"/>`
		wr += `<Relationship Id="` + id + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet` + string(rune('1'+i)) + `.xml"/>`
		parts = append(parts, zpart{"xl/worksheets/sheet" + string(rune('1'+i)) + ".xml", `<?xml version="1.0"?><worksheet ` + sns + `><sheetData>` + s.body + `</sheetData></worksheet>`})
	}
	parts = append(parts, zpart{"xl/workbook.xml", wb + `</sheets></workbook>`}, zpart{"xl/_rels/workbook.xml.rels", wr + `</Relationships>`})
	if macro {
		parts = append(parts, zpart{"xl/vbaProject.bin", "vba"})
	}
	return buildZip(t, parts)
}

// Two sheets: shared and inline strings, gaps, an 11-digit ID stored in
// scientific notation, booleans, a missing row.
func buildUserXlsx(t testing.TB) []byte {
	return buildXlsx(t, false,
		zpart{"Elever", `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>Fødselsnummer</t></is></c></row>` +
			`<row r="2" spans="1:4"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><r><t>Sommer</t></r><r><t>2018!</t></r></is></c><c r="C2" s="3"/><c r="D2" s="1"><v>1.0101901234E10</v></c><c r="E2" s="1"><v>1019012345</v></c><c r="F2" s="2"><v>7</v></c></row>` +
			`<row r="5"><c r="C5" t="b"><v>1</v></c><c r="E5"><v>12.5</v></c><c r="F5" t="str"><f>A1</f><v>formel</v></c></row>`},
		zpart{"Ark 2", `<row><c t="s"><v>3</v></c><c><v>00123</v></c></row>`},
	)
}

const pns = `xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"`

func ap(s string) string {
	return `<a:p><a:r><a:rPr lang="nb-NO"/><a:t>` + s + `</a:t></a:r></a:p>`
}

func buildPptx(t testing.TB) []byte {
	rt := "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	return buildZip(t, []zpart{
		{"[Content_Types].xml", contentTypes("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")},
		{"_rels/.rels", rootRels("ppt/presentation.xml")},
		{"ppt/presentation.xml", `<p:presentation ` + pns + `><p:sldIdLst><p:sldId id="257" r:id="rId3"/><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>`},
		{"ppt/_rels/presentation.xml.rels", rels + `<Relationship Id="rId2" Type="` + rt + `slide" Target="slides/slide2.xml"/><Relationship Id="rId3" Type="` + rt + `slide" Target="slides/slide1.xml"/></Relationships>`},
		{"ppt/slides/slide1.xml", `<p:sld ` + pns + `><p:cSld><p:spTree><p:sp><p:txBody>` + ap("Velkommen") +
			`<a:p><a:r><a:t>Wi-Fi passord:</a:t></a:r><a:r><a:t> Gjest2018</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`},
		{"ppt/slides/_rels/slide1.xml.rels", rels + `<Relationship Id="rId1" Type="` + rt + `notesSlide" Target="../notesSlides/notesSlide1.xml"/></Relationships>`},
		{"ppt/notesSlides/notesSlide1.xml", `<p:notes ` + pns + `><p:cSld><p:spTree><p:sp><p:txBody>` + ap("admin / hemmelig") + `</p:txBody></p:sp></p:spTree></p:cSld></p:notes>`},
		{"ppt/slides/slide2.xml", `<p:sld ` + pns + `><p:cSld><p:spTree><p:graphicFrame><a:graphic><a:graphicData><a:tbl>` +
			`<a:tr><a:tc><a:txBody>` + ap("Bruker") + `</a:txBody></a:tc><a:tc><a:txBody>` + ap("Kode") + `</a:txBody></a:tc></a:tr>` +
			`<a:tr><a:tc><a:txBody>` + ap("ola") + `</a:txBody></a:tc><a:tc><a:txBody>` + ap("1234") + `</a:txBody></a:tc></a:tr>` +
			`</a:tbl></a:graphicData></a:graphic></p:graphicFrame></p:spTree></p:cSld></p:sld>`},
	})
}
