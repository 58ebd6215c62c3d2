package odf

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

var update = flag.Bool("update", false, "rewrite testdata fixtures")

type zpart struct{ name, body string }

// buildODF writes a package the way LibreOffice does: mimetype first and
// stored, then the XML parts.
func buildODF(t testing.TB, mime string, parts ...zpart) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	io.WriteString(w, mime)
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

func run(t testing.TB, data []byte, lim extract.Limits) (*extracttest.Recorder, error) {
	t.Helper()
	s := &extracttest.Recorder{}
	in := extract.Input{Size: int64(len(data)), R: bytes.NewReader(data), At: bytes.NewReader(data), Limits: lim}
	return s, Extract(context.Background(), in, s)
}

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

const ns = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3"`

func content(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` + ns + `><office:automatic-styles><style:style style:name="P1"/></office:automatic-styles><office:body>` + body + `</office:body></office:document-content>`
}

const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`

const odtBody = `<office:text><text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>` +
	`<text:h text:outline-level="1">Elevliste</text:h>` +
	`<text:p text:style-name="P1">Brukernavn<text:tab/>og<text:s text:c="3"/>passord<text:line-break/>neste linje <text:span>med span</text:span><office:annotation><dc:creator>Lærer</dc:creator><dc:date>2018-01-01</dc:date><text:p>kommentar</text:p></office:annotation></text:p>` +
	`<table:table table:name="Tabell1"><table:table-column table:number-columns-repeated="3"/>` +
	`<table:table-header-rows><table:table-row><table:table-cell office:value-type="string"><text:p>Brukernavn</text:p></table:table-cell><table:table-cell><text:p>Passord</text:p></table:table-cell><table:table-cell><text:p>Fødselsnummer</text:p></table:table-cell></table:table-row></table:table-header-rows>` +
	`<table:table-row><table:table-cell><text:p>ola</text:p><text:p>nordmann</text:p></table:table-cell><table:table-cell><text:p>Sommer	2018</text:p></table:table-cell><table:table-cell><table:table><table:table-row><table:table-cell><text:p>01019012345</text:p></table:table-cell></table:table-row></table:table></table:table-cell></table:table-row>` +
	`</table:table>` +
	`<text:list><text:list-item><text:p>Punkt</text:p></text:list-item></text:list>` +
	`</office:text>`

func buildODT(t testing.TB) []byte {
	return buildODF(t, "application/vnd.oasis.opendocument.text",
		zpart{"content.xml", content(odtBody)},
		zpart{"styles.xml", `<office:document-styles ` + ns + `><office:styles/><office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Topphemmelig</text:p></style:header></style:master-page></office:master-styles></office:document-styles>`},
		zpart{"META-INF/manifest.xml", manifest},
		zpart{"Basic/Standard/Module1.xml", `<script:module>Sub Main: pw = "x" : End Sub</script:module>`},
	)
}

const odsBody = `<office:spreadsheet><table:calculation-settings/>` +
	`<table:table table:name="Elever"><table:table-column table:number-columns-repeated="16384"/>` +
	`<table:table-row><table:table-cell office:value-type="string"><text:p>Brukernavn</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Passord</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>ID</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16379"/></table:table-row>` +
	`<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>` +
	`<table:table-row><table:table-cell office:value-type="string"><text:p>ola</text:p></table:table-cell><table:table-cell office:value-type="string" table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell><table:table-cell/><table:table-cell office:value-type="float" office:value="10101901234"><text:p>1.01E+10</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1019012345"><text:p>01019012345</text:p></table:table-cell></table:table-row>` +
	`<table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="string"><text:p>same</text:p></table:table-cell></table:table-row>` +
	`<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>` +
	`</table:table>` +
	`<table:table table:name="Ark 2"><table:table-row><table:covered-table-cell/><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>` +
	`</office:spreadsheet>`

func buildODS(t testing.TB) []byte {
	return buildODF(t, "application/vnd.oasis.opendocument.spreadsheet",
		zpart{"content.xml", content(odsBody)},
		zpart{"META-INF/manifest.xml", manifest},
	)
}

func buildEncrypted(t testing.TB) []byte {
	return buildODF(t, "application/vnd.oasis.opendocument.text",
		zpart{"content.xml", "\x8f\x13 encrypted bytes \x00\x01"},
		zpart{"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="1234"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="x"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="x"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>`},
	)
}
