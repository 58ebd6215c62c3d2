package extract

import (
	"encoding/xml"
	"io"
)

// TableFunc tells EmitTables whether start element se opens a table to
// stream as a section: it returns the section's name and the XMLStep
// callback that renders the table (reporting true once the table has
// ended), or ok false for any other element.
type TableFunc func(se xml.StartElement) (name string, render func(dst []byte, tok xml.Token) ([]byte, bool), ok bool)

// EmitTables reads the rest of the XML part from d and streams each table
// that open recognises as a table section of its own, in document order
// (see Emit). Subtrees of elements for which skip(local name) is true are
// passed over; a table nested in another is rendered by the outer table's
// callback. When the sink stops reading a table early the rest of it is
// decoded and dropped, so that the next table is found. A decoding error is
// noted and ends the part (the decoder cannot go on); the error returned is
// the sink's or that of Stopped.
func (c *Container) EmitTables(d *xml.Decoder, part string, skip func(local string) bool, open TableFunc) error {
	depth := 0 // inside a skipped subtree when > 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return c.NoteXML(part, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth > 0 {
				depth++
				continue
			}
			if skip(t.Name.Local) {
				depth = 1
				continue
			}
			name, render, ok := open(t)
			if !ok {
				continue
			}
			pl := NewPull(XMLStep(d, part, true, render), c.lim.MaxMemberBytes)
			if err := c.Emit(name, true, pl); err != nil {
				return err
			}
			if pl.Err() != nil {
				return nil // noted by Emit
			}
			if err := pl.Drain(); err != nil {
				c.Note(err)
				return nil
			}
		case xml.EndElement:
			if depth > 0 {
				depth--
			}
		}
	}
}
