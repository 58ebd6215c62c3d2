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
	defer func() {
		if r := recover(); r != nil {
			err = extract.MalformedError("odf: failure on damaged input: %v", r)
		}
	}()
	lim := withDefaults(in.Limits)
	ctx, cancel := context.WithTimeoutCause(ctx, lim.MaxDuration, errTimeLimit)
	defer cancel()

	ra, size, err := in.ReaderAt()
	if err != nil {
		return err
	}
	var head [512]byte
	n, _ := ra.ReadAt(head[:], 0)
	if n >= 2 && head[0] == 'P' && head[1] == 'K' {
		c, err := openContainer(ctx, ra, size, sink, lim)
		if err != nil {
			return err
		}
		if err := c.zipped(); err != nil {
			return err
		}
		return c.result()
	}
	if !isFlat(head[:n]) {
		return extract.MalformedError("odf: neither a zip package nor a flat OpenDocument XML file")
	}
	c := &container{ctx: ctx, lim: lim, sink: sink}
	c.flat = func() io.ReadCloser { return io.NopCloser(io.NewSectionReader(ra, 0, size)) }
	p := c.stream("document", c.flat())
	if err := c.content(p, ""); err != nil {
		return err
	}
	return c.result()
}

func isFlat(head []byte) bool {
	h := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	return bytes.HasPrefix(h, []byte("<")) && bytes.Contains(head, []byte("opendocument"))
}

func (c *container) zipped() error {
	if err := c.checkEncrypted(); err != nil {
		return err
	}
	main := c.lookup("content.xml")
	if main == nil {
		return extract.MalformedError("odf: package has no content.xml")
	}
	if err := c.part("content.xml", ""); err != nil {
		return err
	}
	if err := c.part("styles.xml", "styles"); err != nil {
		return err
	}
	for _, f := range c.zr.File {
		name := f.Name
		switch {
		case strings.HasPrefix(name, "Object ") && strings.HasSuffix(name, "/content.xml") && strings.Count(name, "/") == 1:
			if err := c.part(name, strings.TrimSuffix(name, "/content.xml")); err != nil {
				return err
			}
		case (strings.HasPrefix(name, "Basic/") || strings.HasPrefix(name, "Scripts/")) && !strings.HasSuffix(name, "/"):
			if err := c.handOn(f.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkEncrypted reads the manifest: encryption-data on any entry means
// the content is encrypted with a password.
func (c *container) checkEncrypted() error {
	p, err := c.open("META-INF/manifest.xml")
	if err != nil || p == nil {
		return err
	}
	defer c.finish(p)
	d := newDecoder(io.LimitReader(p, 16<<20))
	for {
		tok, err := d.RawToken()
		if err != nil {
			if cerr := c.ctxErr(); cerr != nil {
				return cerr
			}
			if err != io.EOF {
				c.note(xmlErr(p.name, err))
			}
			return nil
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "encryption-data" {
			return fmt.Errorf("odf: document is password-protected: %w", extract.ErrEncrypted)
		}
	}
}

func (c *container) part(name, prefix string) error {
	p, err := c.open(name)
	if err != nil || p == nil {
		return err
	}
	defer c.finish(p)
	return c.content(p, prefix)
}

// handOn gives a member to the scanner as a nested file.
func (c *container) handOn(name string) error {
	f := c.lookup(name)
	p, err := c.openFile(f)
	if err != nil || p == nil {
		return err
	}
	err = c.sink.File(name, int64(f.UncompressedSize64), p)
	c.finish(p)
	if err != nil {
		return err
	}
	return c.ctxErr()
}

// content extracts an ODF XML document (content.xml, styles.xml or a flat
// file): body text first, then each table as a section. A spreadsheet is
// all tables and is read in one pass; text documents take a second pass so
// that neither body nor tables need buffering.
func (c *container) content(p *part, prefix string) error {
	d := newDecoder(p)
	kind, err := bodyKind(d)
	if err != nil {
		if cerr := c.ctxErr(); cerr != nil {
			return cerr
		}
		c.note(xmlErr(p.name, err))
		return nil
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
		return c.tables(d, p.name, label, true)
	}
	f := &flow{body: true, space: true}
	step := func(dst []byte) ([]byte, error) {
		for len(dst) < chunk {
			tok, err := d.RawToken()
			if err != nil {
				if err == io.EOF {
					return dst, io.EOF
				}
				return dst, xmlErr(p.name, err)
			}
			switch t := tok.(type) {
			case xml.StartElement:
				dst = f.start(dst, t)
			case xml.EndElement:
				dst = f.end(dst, t)
			case xml.CharData:
				dst = f.text(dst, t)
			}
		}
		return dst, nil
	}
	if err := c.emit(label(""), false, newPull(step, c.lim.MaxMemberBytes)); err != nil {
		return err
	}
	if f.tables == 0 {
		return nil
	}
	var p2 *part
	if c.zr != nil {
		p2, err = c.open(p.name)
	} else {
		p2 = c.stream(p.name, c.flat())
	}
	if err != nil || p2 == nil {
		return err
	}
	defer c.finish(p2)
	return c.tables(newDecoder(p2), p.name, label, false)
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
	skip, n := 0, 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err == io.EOF {
				return nil
			}
			if cerr := c.ctxErr(); cerr != nil {
				return cerr
			}
			c.note(xmlErr(partName, err))
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if skipped[t.Name.Local] {
				skip = 1
				continue
			}
			if t.Name.Local != "table" {
				continue
			}
			n++
			name := fmt.Sprintf("table %d", n)
			if sheets {
				name = "sheet " + attr(t, "name")
			}
			tb := &table{d: d, name: partName, depth: 1}
			pl := newPull(tb.step, c.lim.MaxMemberBytes)
			if err := c.emit(label(name), true, pl); err != nil {
				return err
			}
			if pl.err != nil && pl.err != io.EOF {
				return nil // noted by emit; the decoder cannot go on
			}
			// The sink may stop reading early; skip the rest of the table.
			for pl.err == nil {
				_, pl.err = tb.step(nil)
			}
			if pl.err != io.EOF {
				c.note(pl.err)
				return nil
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
			}
		}
	}
}
