package nationalid

import (
	"strings"
	"time"
)

// NameReading is what a token of a name (a file, folder, archive member or
// sheet name) is as a national ID number.
type NameReading struct {
	// Rule is the rule of the strongest reading.
	Rule string
	// Checked is true when the reading passed a checksum, not only a date:
	// then the name is reported as a finding. Every reading is masked.
	Checked bool
}

// InName reads one token of a name. A name has no context to tell an ID
// from an order number, so every reading that passes its country's date
// (and checksum, where the country has one) counts: masking errs towards
// hiding. Tokens may carry the usual separator ("010190-12345",
// "19900101-1234", "131052-308T").
func InName(tok string) (NameReading, bool) {
	if len(tok) < 10 || len(tok) > 13 {
		return NameReading{}, false
	}
	tok = strings.ToUpper(tok)
	digits := make([]byte, 0, 12)
	sep := byte(0)
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case sep == 0 && (len(digits) == 6 || len(digits) == 8) && strings.IndexByte("-+ ABCDEFUVWXY", c) >= 0:
			sep = c
		case i == len(tok)-1 && len(digits) == 9 && sep != 0 && strings.IndexByte(fiCheckChars, c) >= 0:
			// HETU check character.
			digits = append(digits, c)
		default:
			return NameReading{}, false
		}
	}
	d := string(digits)
	year := time.Now().Year()
	switch len(d) {
	case 11:
		if sep == 0 || sep == ' ' || sep == '-' {
			if checkNO(d) != noInvalid {
				return NameReading{Rule: RuleNO, Checked: true}, true
			}
		}
	case 12:
		if checkSE12(d, year) != seInvalid {
			return NameReading{Rule: RuleSE, Checked: true}, true
		}
	case 10:
		if sep != 0 && checkFI(d[:6]+string(sep)+d[6:]) != fiInvalid {
			return NameReading{Rule: RuleFI, Checked: true}, true
		}
		if !allDigits(d) {
			return NameReading{}, false
		}
		plus := sep == '+'
		switch r, _ := checkSE10(d, year, plus); {
		case checkIS(d) && !plus:
			return NameReading{Rule: RuleIS, Checked: true}, true
		case r != seInvalid:
			return NameReading{Rule: RuleSE, Checked: true}, true
		case checkDK(d) && !plus:
			return NameReading{Rule: RuleDK, Checked: dkMod11(d)}, true
		}
	}
	return NameReading{}, false
}
