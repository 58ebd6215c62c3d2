// Package report writes a scan's Report as SARIF 2.1.0, a terminal summary
// or JSON. Nothing it writes holds a clear secret: results carry only masked
// samples, counts and locations.
package report

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/credsweep/credsweep/scanner"
)

// URI returns the SARIF artifact URI of a location: scheme-less and
// relative, every path segment percent-encoded, and "!/" between an
// archive and its members, as GitHub code scanning requires.
func URI(l scanner.Location) string {
	var b strings.Builder
	b.WriteString(escapePath(l.Path))
	for _, m := range l.Members {
		b.WriteString("!/")
		b.WriteString(escapePath(strings.TrimLeft(m, "/")))
	}
	return b.String()
}

func escapePath(p string) string {
	segs := strings.Split(strings.TrimLeft(p, "/"), "/")
	for i, s := range segs {
		s = url.PathEscape(s)
		// PathEscape leaves ':' in a first segment, which would read as a
		// scheme ("C:"), and '!' is our member separator.
		s = strings.ReplaceAll(s, ":", "%3A")
		s = strings.ReplaceAll(s, "!", "%21")
		segs[i] = s
	}
	return strings.Join(segs, "/")
}

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

// display is the human form of a location.
func display(l scanner.Location) string {
	return printable(l.Display)
}
