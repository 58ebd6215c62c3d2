package ooxml

import (
	"encoding/xml"
	"fmt"
	"path"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// docx extracts a WordprocessingML document: the body, then each top-level
// table as a section of its own, then headers, footers, notes and comments.
func (c container) docx(main string) error {
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
func (c container) flowPart(partName, name string, table bool, mode int) (int, error) {
	p, err := c.Open(partName)
	if err != nil || p == nil {
		return 0, err
	}
	defer p.Close()
	f := &flow{mode: mode}
	step := flowStep(f, p, p.Name(), false)
	return f.tables, c.Emit(name, table, extract.NewPull(step, c.Limits().MaxMemberBytes))
}

// relatedFlows streams, as sections called name, the parts that partName
// relates to with relationship type typ (speaker notes of a slide, the
// comments of a sheet).
func (c container) relatedFlows(partName, typ, name string) error {
	rels, err := c.rels(partName)
	if err != nil {
		return err
	}
	for _, r := range rels {
		if relType(r.typ) == typ && !r.external {
			if _, err := c.flowPart(r.target, name, false, flowAll); err != nil {
				return err
			}
		}
	}
	return nil
}

// tableSections streams each top-level table of a part as a section "table
// N", one row a line, reading the part once more: the body pass left the
// tables out so that neither needs buffering.
func (c container) tableSections(partName string) error {
	p, err := c.Open(partName)
	if err != nil || p == nil {
		return err
	}
	defer p.Close()
	n := 0
	isFallback := func(local string) bool { return local == "Fallback" }
	return c.EmitTables(extract.NewXMLDecoder(p), p.Name(), isFallback, func(se xml.StartElement) (string, func([]byte, xml.Token) ([]byte, bool), bool) {
		if se.Name.Local != "tbl" {
			return "", nil, false
		}
		n++
		f := &flow{mode: flowTable, tblDepth: 1}
		return fmt.Sprintf("table %d", n), f.token, true
	})
}
