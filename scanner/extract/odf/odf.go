// Package odf extracts text from OpenDocument files: text (odt, ott),
// spreadsheets (ods, ots), presentations (odp) and drawings (odg), zipped
// or flat XML (fodt, fods, fodp).
//
// Body text is the main section; every table is a table section of its
// own ("sheet <name>" in a spreadsheet, "table N" elsewhere), one row a
// line with row and column repeats expanded within the sheet grid and
// trailing empty rows and cells dropped. Headers and footers (styles.xml)
// and embedded sub-documents ("Object N/content.xml") are read too; Basic
// macro modules are handed on as nested files. A password-protected
// document (encryption data in its manifest) gives extract.ErrEncrypted.
//
// Not read: text in embedded pictures, chart data tables, form controls.
package odf

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// Extract extracts the text of an OpenDocument file into sink. It honours
// ctx and in.Limits, returns errors wrapping extract.ErrMalformed,
// extract.ErrLimit or extract.ErrEncrypted, and never panics.
func Extract(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer extract.Recover(&err, "odf")
	lim := in.Limits.WithDefaults()
	ctx, cancel := extract.WithTimeLimit(ctx, lim.MaxDuration)
	defer cancel()

	ra, size, err := in.ReaderAt()
	if err != nil {
		return err
	}
	var head [512]byte
	n, _ := ra.ReadAt(head[:], 0)
	if n >= 2 && head[0] == 'P' && head[1] == 'K' {
		zc, err := extract.OpenZip(ctx, ra, size, sink, lim)
		if err != nil {
			return err
		}
		c := &container{Container: zc}
		if err := c.zipped(); err != nil {
			return err
		}
		return c.Err()
	}
	if !isFlat(head[:n]) {
		return extract.MalformedError("odf: neither a zip package nor a flat OpenDocument XML file")
	}
	c := &container{Container: extract.NewContainer(ctx, sink, lim)}
	c.flat = func() io.ReadCloser { return io.NopCloser(io.NewSectionReader(ra, 0, size)) }
	p := c.Stream("document", c.flat())
	if err := c.content(p, ""); err != nil {
		return err
	}
	return c.Err()
}

func isFlat(head []byte) bool {
	h := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	return bytes.HasPrefix(h, []byte("<")) && bytes.Contains(head, []byte("opendocument"))
}

func (c *container) zipped() error {
	if err := c.checkEncrypted(); err != nil {
		return err
	}
	main := c.Lookup("content.xml")
	if main == nil {
		return extract.MalformedError("odf: package has no content.xml")
	}
	if err := c.part("content.xml", ""); err != nil {
		return err
	}
	if err := c.part("styles.xml", "styles"); err != nil {
		return err
	}
	for _, f := range c.Files() {
		name := f.Name
		switch {
		case strings.HasPrefix(name, "Object ") && strings.HasSuffix(name, "/content.xml") && strings.Count(name, "/") == 1:
			if err := c.part(name, strings.TrimSuffix(name, "/content.xml")); err != nil {
				return err
			}
		case (strings.HasPrefix(name, "Basic/") || strings.HasPrefix(name, "Scripts/")) && !strings.HasSuffix(name, "/"):
			if err := c.HandOn(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkEncrypted reads the manifest: encryption-data on any entry means
// the content is encrypted with a password.
func (c *container) checkEncrypted() error {
	p, err := c.Open("META-INF/manifest.xml")
	if err != nil || p == nil {
		return err
	}
	defer p.Close()
	d := extract.NewXMLDecoder(io.LimitReader(p, 16<<20))
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return c.NoteXML(p.Name(), err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "encryption-data" {
			return fmt.Errorf("odf: document is password-protected: %w", extract.ErrEncrypted)
		}
	}
}

func (c *container) part(name, prefix string) error {
	p, err := c.Open(name)
	if err != nil || p == nil {
		return err
	}
	defer p.Close()
	return c.content(p, prefix)
}

// content extracts an ODF XML document (content.xml, styles.xml or a flat
// file): body text first, then each table as a section. A spreadsheet is
// all tables and is read in one pass; text documents take a second pass so
// that neither body nor tables need buffering.
func (c *container) content(p *extract.Part, prefix string) error {
	d := extract.NewXMLDecoder(p)
	kind, err := bodyKind(d)
	if err != nil {
		return c.NoteXML(p.Name(), err)
	}
	label := func(s string) string {
		if prefix == "" {
			return s
		}
		if s == "" {
			return prefix
		}
		return prefix + ": " + s
	}
	if kind == "spreadsheet" {
		return c.tables(d, p.Name(), label, true)
	}
	f := &flow{body: true, space: true}
	step := extract.XMLStep(d, p.Name(), false, f.token)
	if err := c.Emit(label(""), false, extract.NewPull(step, c.Limits().MaxMemberBytes)); err != nil {
		return err
	}
	if f.tables == 0 {
		return nil
	}
	var p2 *extract.Part
	if c.Zipped() {
		p2, err = c.Open(p.Name())
	} else {
		p2 = c.Stream(p.Name(), c.flat())
	}
	if err != nil || p2 == nil {
		return err
	}
	defer p2.Close()
	return c.tables(extract.NewXMLDecoder(p2), p.Name(), label, false)
}

// bodyKind reads up to the first child of office:body and returns its local
// name (text, spreadsheet, presentation, drawing); styles.xml has no body
// and gives "".
func bodyKind(d *xml.Decoder) (string, error) {
	inBody := false
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err == io.EOF {
				return "", nil
			}
			return "", err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if inBody {
			return se.Name.Local, nil
		}
		switch se.Name.Local {
		case "body":
			inBody = true
		case "master-styles":
			return "", nil // styles.xml: headers and footers follow
		}
	}
}

// tables streams each table not nested in another as a section: "sheet
// <name>" in a spreadsheet, "table N" elsewhere.
func (c *container) tables(d *xml.Decoder, partName string, label func(string) string, sheets bool) error {
	n := 0
	isSkipped := func(local string) bool { return skipped[local] }
	return c.EmitTables(d, partName, isSkipped, func(se xml.StartElement) (string, func([]byte, xml.Token) ([]byte, bool), bool) {
		if se.Name.Local != "table" {
			return "", nil, false
		}
		n++
		name := fmt.Sprintf("table %d", n)
		if sheets {
			name = "sheet " + extract.Attr(se, "name")
		}
		return label(name), (&table{depth: 1}).token, true
	})
}
