package ooxml

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
)

func FuzzOOXML(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, uint8(0))
		}
	}
	f.Add(buildPptx(f), uint8(0))
	f.Add(bombXlsx(f, 20), uint8(0))
	// Part seeds: the fuzzer mutates XML, which Extract sees inside an
	// otherwise valid package (mutated zips mostly fail the CRC early).
	f.Add([]byte(`<w:document `+wns+`><w:body>`+wp("a", "\t", "b")+wtable([]string{"x", "y|z" + wtable([]string{"n"})})+`</w:body></w:document>`), uint8(1))
	f.Add([]byte(`<worksheet `+sns+`><sheetData><row r="2"><c r="B2" t="s"><v>1</v></c><c r="D2"><v>1.5E10</v></c><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`), uint8(2))
	f.Add([]byte(`<sst `+sns+`><si><t>a_x000D_</t></si><si><r><t>b</t></r><rPh><t>c</t></rPh></si></sst>`), uint8(3))
	lim := extract.Limits{MaxMemberBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxRatio: 100, MaxEntries: 1000, MaxDuration: 2 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		switch mode % 4 {
		case 1:
			data = buildZip(t, []zpart{
				{"[Content_Types].xml", contentTypes("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
				{"word/document.xml", string(data)},
			})
		case 2, 3:
			sheet, strs := string(data), `<sst><si><t>s0</t></si><si><t>s1</t></si></sst>`
			if mode%4 == 3 {
				sheet, strs = `<worksheet><sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row></sheetData></worksheet>`, string(data)
			}
			data = buildZip(t, []zpart{
				{"[Content_Types].xml", contentTypes("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")},
				{"xl/workbook.xml", `<workbook ` + sns + `><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
				{"xl/_rels/workbook.xml.rels", rels + `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
				{"xl/worksheets/sheet1.xml", sheet},
				{"xl/sharedStrings.xml", strs},
			})
		}
		s := &recSink{}
		in := extract.Input{Size: int64(len(data)), At: bytes.NewReader(data), Limits: lim}
		_ = Extract(context.Background(), in, s)
	})
}

// BenchmarkXlsx measures sheet streaming on a 50,000-row workbook of names,
// passwords and 11-digit IDs, in bytes of xlsx per second.
func BenchmarkXlsx(b *testing.B) {
	data := benchWorkbook(b, 50000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		s := &discardSink{}
		in := extract.Input{Size: int64(len(data)), At: bytes.NewReader(data)}
		if err := Extract(context.Background(), in, s); err != nil {
			b.Fatal(err)
		}
	}
}

// benchWorkbook is a workbook of n rows of names, passwords and IDs.
func benchWorkbook(t testing.TB, n int) []byte {
	var rows strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&rows, `<row r="%d" spans="1:4"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>Pw%06d!</t></is></c><c r="C%d" s="1"><v>%d</v></c><c r="D%d"><v>%d.5</v></c></row>`,
			i, i, i%4, i, i, i, 1010190000+i, i, i)
	}
	return buildXlsx(t, false, zpart{"Elever", rows.String()})
}

// discardSink reads everything and keeps nothing.
type discardSink struct{}

func (discardSink) Text(_ string, _ bool, r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}

func (discardSink) File(_ string, _ int64, r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}

func (discardSink) Skip(string, string) {}
