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
// "19900101-1234", "131052-308T"). The countries are tried in nameOrder
// (countries.go): an 11-digit number valid in Norway and Estonia is
// Norwegian.
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
	for _, c := range nameOrder {
		if checked, ok := countries[c].inName(d, sep, year); ok {
			return NameReading{Rule: ruleIDs[c], Checked: checked}, true
		}
	}
	return NameReading{}, false
}

// The per-country readers of InName.

func nameNO(d string, sep byte, _ int) (bool, bool) {
	ok := len(d) == 11 && (sep == 0 || sep == ' ' || sep == '-') && checkNO(d) != noInvalid
	return ok, ok
}

func nameSE(d string, sep byte, year int) (bool, bool) {
	switch {
	case len(d) == 12:
		ok := checkSE12(d, year) != seInvalid
		return ok, ok
	case len(d) == 10 && allDigits(d):
		r, _ := checkSE10(d, year, sep == '+')
		return r != seInvalid, r != seInvalid
	}
	return false, false
}

func nameDK(d string, sep byte, _ int) (bool, bool) {
	if len(d) != 10 || sep == '+' || !allDigits(d) || !checkDK(d) {
		return false, false
	}
	return dkMod11(d), true
}

func nameFI(d string, sep byte, _ int) (bool, bool) {
	ok := len(d) == 10 && sep != 0 && checkFI(d[:6]+string(sep)+d[6:]) != fiInvalid
	return ok, ok
}

func nameIS(d string, sep byte, _ int) (bool, bool) {
	ok := len(d) == 10 && sep != '+' && allDigits(d) && checkIS(d)
	return ok, ok
}

func nameEE(d string, sep byte, _ int) (bool, bool) {
	ok := len(d) == 11 && sep == 0 && checkEE(d)
	return ok, ok
}
