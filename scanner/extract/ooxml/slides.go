package ooxml

import (
	"encoding/xml"
	"strconv"
)

// pptx extracts each slide as "slide N" and its speaker notes as "notes N",
// in presentation order.
func (c container) pptx(main string) error {
	var ids []string
	if _, err := c.readTokens(main, func(se xml.StartElement) {
		if se.Name.Local == "sldId" && len(ids) < 1<<16 {
			ids = append(ids, relID(se))
		}
	}); err != nil {
		return err
	}
	rels, err := c.rels(main)
	if err != nil {
		return err
	}
	byID := map[string]rel{}
	for _, r := range rels {
		byID[r.id] = r
	}
	n := 0
	for _, id := range ids {
		r, ok := byID[id]
		if !ok || r.external || relType(r.typ) != "slide" {
			continue
		}
		n++
		if err := c.slide(r.target, n); err != nil {
			return err
		}
	}
	return nil
}

func (c container) slide(partName string, n int) error {
	num := strconv.Itoa(n)
	if _, err := c.flowPart(partName, "slide "+num, false, flowAll); err != nil {
		return err
	}
	return c.relatedFlows(partName, "notesSlide", "notes "+num)
}
