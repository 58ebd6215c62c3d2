package ooxml

import (
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// docx extracts a WordprocessingML document: the body, then each top-level
// table as a section of its own, then headers, footers, notes and comments.
func (c *container) docx(main string) error {
	tables, err := c.flowPart(main, "", false, flowBody)
	if err != nil {
		return err
	}
	if tables > 0 {
		if err := c.tableSections(main); err != nil {
			return err
		}
	}
	rels, err := c.rels(main)
	if err != nil {
		return err
	}
	for _, r := range rels {
		switch relType(r.typ) {
		case "header", "footer", "footnotes", "endnotes", "comments", "commentsExtended":
			if r.external || relType(r.typ) == "commentsExtended" {
				continue
			}
			name := strings.TrimSuffix(path.Base(r.target), path.Ext(r.target))
			if _, err := c.flowPart(r.target, name, false, flowAll); err != nil {
				return err
			}
		}
	}
	return nil
}

// flowPart streams the paragraphs of a part as one text section. It returns
// how many top-level tables flowBody left out.
func (c *container) flowPart(partName, name string, table bool, mode int) (int, error) {
	p, err := c.open(partName)
	if err != nil || p == nil {
		return 0, err
	}
	defer c.finish(p)
	d := newDecoder(p)
	f := &flow{mode: mode}
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
				dst, _ = f.start(dst, t)
			case xml.EndElement:
				dst, _ = f.end(dst, t)
			case xml.CharData:
				dst = f.text(dst, t)
			}
		}
		return dst, nil
	}
	return f.tables, c.emit(name, table, newPull(step, c.lim.MaxMemberBytes))
}

// tableSections streams each top-level table of a part as a section "table
// N", one row a line, reading the part once more: the body pass left the
// tables out so that neither needs buffering.
func (c *container) tableSections(partName string) error {
	p, err := c.open(partName)
	if err != nil || p == nil {
		return err
	}
	defer c.finish(p)
	d := newDecoder(p)
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
			c.note(xmlErr(p.name, err))
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if t.Name.Local == "Fallback" {
				skip = 1
				continue
			}
			if t.Name.Local != "tbl" {
				continue
			}
			n++
			f := &flow{mode: flowTable, tblDepth: 1}
			done := false
			step := func(dst []byte) ([]byte, error) {
				for len(dst) < chunk && !done {
					tok, err := d.RawToken()
					if err != nil {
						if err == io.EOF {
							err = io.ErrUnexpectedEOF
						}
						return dst, xmlErr(p.name, err)
					}
					switch t := tok.(type) {
					case xml.StartElement:
						dst, _ = f.start(dst, t)
					case xml.EndElement:
						dst, done = f.end(dst, t)
					case xml.CharData:
						dst = f.text(dst, t)
					}
				}
				if done {
					return dst, io.EOF
				}
				return dst, nil
			}
			pl := newPull(step, c.lim.MaxMemberBytes)
			if err := c.emit(fmt.Sprintf("table %d", n), true, pl); err != nil {
				return err
			}
			if pl.err != nil && pl.err != io.EOF {
				return nil // noted by emit; the decoder cannot go on
			}
			// The sink may stop reading early; skip the rest of the table.
			for pl.err == nil {
				_, pl.err = step(nil)
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
