package odf

import (
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// container is one opened OpenDocument file: a zip package, or a flat XML
// document read as a single part.
type container struct {
	*extract.Container
	flat func() io.ReadCloser // a flat XML document, read from its start
}
