// Package report writes a scan's Report as SARIF 2.1.0, a terminal summary
// or JSON. Nothing it writes holds a clear secret: results carry only masked
// samples, counts and locations.
package report

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/credsweep/credsweep/scanner"
)

// URI returns the SARIF artifact URI of a location (see
// scanner.Location.URI: the scanner owns location identity).
func URI(l scanner.Location) string { return l.URI() }

// printable makes a name safe to show on one line: invalid UTF-8 and
// control characters (a newline in a file name) become escapes.
func printable(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for _, r := range s {
			if unicode.IsControl(r) {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

// display is the human form of a location, masked.
func display(l scanner.Location) string {
	return printable(l.Display)
}

// terminalDisplay is the human form for the local terminal: unmasked only
// when the scan kept clear names (--show-samples).
func terminalDisplay(l scanner.Location) string {
	if l.Clear != "" {
		return printable(l.Clear)
	}
	return display(l)
}
