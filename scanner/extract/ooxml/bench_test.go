package ooxml

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
)

// BenchmarkXlsxShared measures a workbook written the way Excel writes
// one: every text cell a t="s" index into the shared string table (n
// distinct user names and passwords, a small vocabulary of classes), in
// bytes of xlsx per second.
func BenchmarkXlsxShared(b *testing.B) {
	data := benchSharedWorkbook(b, 50000)
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

// BenchmarkSST measures reading the shared strings part alone, fast path
// and encoding/xml, in bytes of XML per second.
func BenchmarkSST(b *testing.B) {
	part := sharedStrings(b, benchSharedWorkbook(b, 50000))[0]
	for _, slow := range []bool{false, true} {
		b.Run(map[bool]string{false: "fast", true: "encoding-xml"}[slow], func(b *testing.B) {
			b.SetBytes(int64(len(part)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := readSST(bufio.NewReaderSize(bytes.NewReader(part), 64<<10), maxSharedBytes, slow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchSharedWorkbook is a workbook of n rows of names, passwords, IDs and
// classes, its text in the shared string table.
func benchSharedWorkbook(t testing.TB, n int) []byte {
	var strs, rows strings.Builder
	strs.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	fmt.Fprintf(&strs, `<sst %s count="%d" uniqueCount="%d">`, sns, 3*n, 2*n+10)
	for i := range 10 {
		fmt.Fprintf(&strs, `<si><t>Klasse %dA</t></si>`, i+1)
	}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&strs, `<si><t>elev%06d@skole.no</t></si><si><r><t>Pw%06d</t></r><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">! </t></r></si>`, i, i)
		fmt.Fprintf(&rows, `<row r="%d" spans="1:4"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c><c r="C%d" s="1"><v>%d</v></c><c r="D%d" t="s"><v>%d</v></c></row>`,
			i, i, 10+2*(i-1), i, 11+2*(i-1), i, 1010190000+i, i, i%10)
	}
	strs.WriteString(`</sst>`)
	data := buildXlsx(t, false, zpart{"Elever", rows.String()})
	return replacePart(t, data, "xl/sharedStrings.xml", strs.String())
}

// replacePart returns the zip package data with the part called name
// holding body instead.
func replacePart(t testing.TB, data []byte, name, body string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []zpart
	for _, f := range zr.File {
		b := body
		if f.Name != name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(rc)
			rc.Close()
			b = string(raw)
		}
		parts = append(parts, zpart{f.Name, b})
	}
	return buildZip(t, parts)
}
