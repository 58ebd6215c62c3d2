// Package structured is the structured-text layer the detectors share:
// delimited tables (CSV/TSV with ; , tab or |, quoted or not, and the
// tab-separated tables extractors write for Section.Table) and SQL dumps
// (CREATE TABLE column lists, INSERT and REPLACE statements with or
// without a column list, pg_dump COPY blocks).
//
// It parses shapes, not meaning: it says which cell or which SQL column a
// value belongs to and what the column is called. Each detector decides
// what a column name means (a password column, a national ID column).
//
// The package imports nothing from credsweep but detectors, so every
// detector can use it.
package structured

import "github.com/credsweep/credsweep/detectors"

// Delims lists the cell separators a header line of the section may use,
// in the order they are tried: extractor tables are tab-separated,
// text files may use any of ; tab , |.
func Delims(sec detectors.Section) []byte {
	if sec.Table {
		return tabOnly
	}
	return textDelims
}

var (
	tabOnly    = []byte{'\t'}
	textDelims = []byte{';', '\t', ',', '|'}
)

// Quoted reports whether cells of the section honour CSV double quotes:
// text files do, extractor tables (one row per line, no quoting) do not.
func Quoted(sec detectors.Section) bool { return !sec.Table }
