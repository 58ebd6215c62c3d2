package ooxml

import (
	"encoding/xml"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// digitFormats maps a cell style index (c/@s) to a number format that pads
// digits, like "00000000000" or "000000 00000": how national ID numbers
// with a leading zero are kept in number cells. Other styles are absent.
type digitFormats map[int]string

// loadStyles reads the cellXfs of styles.xml and keeps the styles whose
// number format is a pure digit pattern.
func (c container) loadStyles(partName string) (digitFormats, error) {
	codes := map[string]string{}
	var xfs []string
	inXfs := false
	_, err := c.readTokens(partName, func(se xml.StartElement) {
		switch se.Name.Local {
		case "numFmt":
			if p := digitPattern(extract.Attr(se, "formatCode")); p != "" && len(codes) < 1<<12 {
				codes[extract.Attr(se, "numFmtId")] = p
			}
		case "cellXfs":
			inXfs = true
		case "cellStyleXfs", "dxfs":
			inXfs = false
		case "xf":
			if inXfs && len(xfs) < 1<<16 {
				xfs = append(xfs, extract.Attr(se, "numFmtId"))
			}
		}
	})
	out := digitFormats{}
	for i, id := range xfs {
		if p, ok := codes[id]; ok {
			out[i] = p
		}
	}
	return out, err
}

// digitPattern returns a format code with quotes and escapes removed when it
// is only digit placeholders ('0') and separators, else "".
func digitPattern(code string) string {
	code = strings.NewReplacer(`\`, "", `"`, "").Replace(code)
	zeros := 0
	for _, r := range code {
		switch r {
		case '0':
			zeros++
		case ' ', '-', '/':
		default:
			return ""
		}
	}
	if zeros < 2 || len(code) > 64 {
		return ""
	}
	return code
}

// appendPadded writes integer digits into a digit pattern as Excel shows
// them: zeros fill empty leading slots, extra digits go before the first.
func appendPadded(dst, digits []byte, pattern string) []byte {
	slots := strings.Count(pattern, "0")
	for _, b := range digits {
		if b < '0' || b > '9' {
			return append(dst, digits...)
		}
	}
	if len(digits) == 0 {
		return dst
	}
	extra := len(digits) - slots
	i := 0
	if extra > 0 {
		dst = append(dst, digits[:extra]...)
		i = extra
	}
	for k := 0; k < len(pattern); k++ {
		if pattern[k] != '0' {
			dst = append(dst, pattern[k])
			continue
		}
		if slots > len(digits)-i {
			dst = append(dst, '0')
		} else {
			dst = append(dst, digits[i])
			i++
		}
		slots--
	}
	return dst
}
