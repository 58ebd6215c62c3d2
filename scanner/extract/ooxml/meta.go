package ooxml

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// metaLimit bounds the small bookkeeping parts ([Content_Types].xml, rels,
// workbook.xml, presentation.xml) which are read whole into maps.
const metaLimit = 16 << 20

// rel is one relationship of a part.
type rel struct {
	id, typ, target string
	external        bool
}

// readTokens runs fn on each start element of a small part. It returns
// false when the part is missing or skipped.
func (c container) readTokens(name string, fn func(se xml.StartElement)) (bool, error) {
	p, err := c.Open(name)
	if err != nil || p == nil {
		return false, err
	}
	defer p.Close()
	d := extract.NewXMLDecoder(io.LimitReader(p, metaLimit))
	for n := 0; ; n++ {
		tok, err := d.RawToken()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return true, c.NoteXML(p.Name(), err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			fn(se)
		}
	}
}

// contentTypes maps part names (lower case, no leading slash) and, for
// defaults, "*.ext" to content types.
func (c container) contentTypes() (map[string]string, error) {
	ct := map[string]string{}
	_, err := c.readTokens("[Content_Types].xml", func(se xml.StartElement) {
		switch se.Name.Local {
		case "Override":
			ct[strings.ToLower(strings.TrimPrefix(extract.Attr(se, "PartName"), "/"))] = extract.Attr(se, "ContentType")
		case "Default":
			ct["*."+strings.ToLower(extract.Attr(se, "Extension"))] = extract.Attr(se, "ContentType")
		}
	})
	return ct, err
}

// rels returns the relationships of a part, targets resolved to part names.
func (c container) rels(partName string) ([]rel, error) {
	var out []rel
	rn := relsName(partName)
	_, err := c.readTokens(rn, func(se xml.StartElement) {
		if se.Name.Local != "Relationship" || len(out) >= 1<<16 {
			return
		}
		r := rel{id: extract.Attr(se, "Id"), typ: extract.Attr(se, "Type"), target: extract.Attr(se, "Target")}
		r.external = strings.EqualFold(extract.Attr(se, "TargetMode"), "External")
		if !r.external {
			r.target = resolve(partName, r.target)
		}
		out = append(out, r)
	})
	return out, err
}

// relType is the last path element of a relationship type URI
// ("officeDocument", "worksheet", "notesSlide"), the same in the
// transitional and strict namespaces.
func relType(t string) string {
	return t[strings.LastIndexByte(t, '/')+1:]
}
