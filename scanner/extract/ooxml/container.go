package ooxml

import (
	"encoding/xml"
	"path"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// container is one opened OOXML package; the methods of this package add
// what OPC means (relationships, content types) to the limits and error
// bookkeeping of extract.Container.
type container struct {
	*extract.Container
}

// resolve returns the part name a relationship target points to, relative to
// the part that owns the relationship.
func resolve(owner, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(path.Dir(owner), target)), "/")
}

// relsName is the relationships part of a part.
func relsName(partName string) string {
	dir, file := path.Split(strings.TrimPrefix(partName, "/"))
	return dir + "_rels/" + file + ".rels"
}

// relID is the r:id attribute (whatever its prefix) of an element that
// also has an unprefixed id.
func relID(se xml.StartElement) string {
	for _, a := range se.Attr {
		if a.Name.Local == "id" && a.Name.Space != "" {
			return a.Value
		}
	}
	return ""
}
