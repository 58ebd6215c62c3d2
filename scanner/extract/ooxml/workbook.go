package ooxml

import (
	"encoding/xml"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// xlsx extracts every worksheet of a workbook as a table section "sheet
// <name>", in workbook order, then the cell comments.
func (c container) xlsx(main string) error {
	type sheet struct{ name, id string }
	var sheets []sheet
	if _, err := c.readTokens(main, func(se xml.StartElement) {
		if se.Name.Local == "sheet" && len(sheets) < maxCols {
			sheets = append(sheets, sheet{name: extract.Attr(se, "name"), id: relID(se)})
		}
	}); err != nil {
		return err
	}
	rels, err := c.rels(main)
	if err != nil {
		return err
	}
	byID := map[string]rel{}
	strs := &sst{}
	fmts := digitFormats{}
	for _, r := range rels {
		byID[r.id] = r
		if relType(r.typ) == "styles" && !r.external {
			if fmts, err = c.loadStyles(r.target); err != nil {
				return err
			}
		}
		if relType(r.typ) == "sharedStrings" && !r.external && strs.count == 0 {
			if strs, err = c.loadSST(r.target); err != nil {
				return err
			}
		}
	}
	for _, sh := range sheets {
		r, ok := byID[sh.id]
		if !ok || r.external {
			continue
		}
		switch relType(r.typ) {
		case "worksheet", "xlMacrosheet", "macrosheet":
		default:
			continue // chart and dialog sheets hold no cells
		}
		name := sh.name
		if name == "" {
			name = strings.TrimSuffix(r.target[strings.LastIndexByte(r.target, '/')+1:], ".xml")
		}
		if err := c.sheet(r.target, "sheet "+name, strs, fmts); err != nil {
			return err
		}
		if err := c.sheetComments(r.target, name); err != nil {
			return err
		}
	}
	return nil
}

func (c container) sheet(partName, name string, strs *sst, fmts digitFormats) error {
	p, err := c.Open(partName)
	if err != nil || p == nil {
		return err
	}
	defer p.Close()
	step := sheetStep(&sheetReader{sst: strs, fmts: fmts}, p, p.Name(), false)
	return c.Emit(name, true, extract.NewPull(step, c.Limits().MaxMemberBytes))
}

// sheetComments emits the notes attached to a sheet's cells; people put
// passwords there too.
func (c container) sheetComments(sheetPart, name string) error {
	return c.relatedFlows(sheetPart, "comments", "comments "+name)
}
