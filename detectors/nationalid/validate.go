package nationalid

import "time"

// The check functions below work on ASCII digit strings of the exact length
// their shape needs (the tokenizer guarantees it); the exported Valid*
// functions accept the usual printed forms and normalise first.

func dig(c byte) int { return int(c - '0') }

func num2(s string, i int) int { return dig(s[i])*10 + dig(s[i+1]) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i]-'0' > 9 {
			return false
		}
	}
	return true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	switch m {
	case 2:
		if isLeap(y) {
			return d <= 29
		}
		return d <= 28
	case 4, 6, 9, 11:
		return d <= 30
	}
	return d <= 31
}

// mod11 returns the check digit (11 − Σ wᵢdᵢ mod 11) mod 11 over the first
// len(w) digits of s, or -1 when it would be 10 (no valid number).
func mod11(s string, w []int) int {
	sum := 0
	for i, x := range w {
		sum += x * dig(s[i])
	}
	r := (11 - sum%11) % 11
	if r == 10 {
		return -1
	}
	return r
}

var (
	noK1 = []int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	noK2 = []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
	isW  = []int{3, 2, 7, 6, 5, 4, 3, 2}
	dkW  = []int{4, 3, 2, 7, 6, 5, 4, 3, 2, 1}
)

// noKind tells which sub-kind of Norwegian number matched.
type noKind uint8

const (
	noInvalid noKind = iota
	noPlain
	noD      // D-number: day + 40
	noH      // month + 40: H-number or NAV Dolly synthetic number
	noTenor  // month + 80: Skatteetaten Tenor synthetic number
	noFH     // FH-number: first digit 8 or 9, no date
	noDH     // D-number with month + 40 (Dolly D-number)
	noDTenor // D-number with month + 80 (Tenor D-number)
)

// checkNO validates 11 digits as a fødselsnummer, D-, H-, FH- or synthetic
// number: both control digits, and (except FH) the date with the century
// given by the individual number.
func checkNO(s string) noKind {
	if len(s) != 11 || mod11(s, noK1) != dig(s[9]) || mod11(s, noK2) != dig(s[10]) {
		return noInvalid
	}
	if s[0] >= '8' {
		return noFH
	}
	day, month, yy := num2(s, 0), num2(s, 2), num2(s, 4)
	ind := dig(s[6])*100 + dig(s[7])*10 + dig(s[8])
	kind, d := noPlain, false
	if day > 40 {
		day -= 40
		kind, d = noD, true
	}
	switch {
	case month > 80:
		month -= 80
		kind = noTenor
		if d {
			kind = noDTenor
		}
	case month > 40:
		month -= 40
		kind = noH
		if d {
			kind = noDH
		}
	}
	var y int
	switch {
	case ind <= 499:
		y = 1900 + yy
	case ind <= 749 && yy >= 54:
		y = 1800 + yy
	case yy < 40:
		y = 2000 + yy
	case ind >= 900:
		y = 1900 + yy
	default:
		return noInvalid
	}
	if !validDate(y, month, day) {
		return noInvalid
	}
	return kind
}

func luhn(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		x := dig(s[i])
		if (len(s)-i)%2 == 0 {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return sum%10 == 0
}

// seResult says whether a Swedish number is valid and a samordningsnummer.
type seResult uint8

const (
	seInvalid seResult = iota
	sePerson
	seCoord // samordningsnummer: day + 60
)

func seCheckDate(y, month, day int) seResult {
	r := sePerson
	if day > 60 {
		day -= 60
		r = seCoord
	}
	if !validDate(y, month, day) {
		return seInvalid
	}
	return r
}

// seCentury gives the full year of a 10-digit personnummer: the latest year
// not after refYear, one century earlier with the '+' sign (age 100+).
func seCentury(yy, refYear int, plus bool) int {
	y := refYear/100*100 + yy
	if y > refYear {
		y -= 100
	}
	if plus {
		y -= 100
	}
	return y
}

// checkSE10 validates a 10-digit YYMMDDNNNC and returns its full year.
func checkSE10(s string, refYear int, plus bool) (seResult, int) {
	if len(s) != 10 || !luhn(s) {
		return seInvalid, 0
	}
	y := seCentury(num2(s, 0), refYear, plus)
	return seCheckDate(y, num2(s, 2), num2(s, 4)), y
}

// se12 is the 12-digit form of a 10-digit number born in year y.
func se12(s string, y int) string {
	return string([]byte{byte('0' + y/1000), byte('0' + y/100%10)}) + s
}

// checkSE12 validates YYYYMMDDNNNC (century 18, 19 or 20, not after refYear).
func checkSE12(s string, refYear int) seResult {
	if len(s) != 12 || !luhn(s[2:]) {
		return seInvalid
	}
	y := num2(s, 0)*100 + num2(s, 2)
	if y < 1800 || y > refYear {
		return seInvalid
	}
	return seCheckDate(y, num2(s, 4), num2(s, 6))
}

// checkDK validates DDMMYYSSSS: a date whose century follows from the 7th
// digit. No checksum: numbers issued since 2007 need not pass modulus 11.
func checkDK(s string) bool {
	if len(s) != 10 {
		return false
	}
	yy, c := num2(s, 4), dig(s[6])
	var y int
	switch {
	case c <= 3:
		y = 1900 + yy
	case c == 4 || c == 9:
		y = 1900 + yy
		if yy <= 36 {
			y = 2000 + yy
		}
	default: // 5–8
		y = 1800 + yy
		if yy <= 57 {
			y = 2000 + yy
		}
	}
	return validDate(y, num2(s, 2), num2(s, 0))
}

// dkMod11 reports whether a CPR passes the pre-2007 modulus 11 test.
func dkMod11(s string) bool {
	sum := 0
	for i, w := range dkW {
		sum += w * dig(s[i])
	}
	return sum%11 == 0
}

// checkIS validates a personal kennitala DDMMYYRRCK (organisations, day+40,
// are not personal and fail).
func checkIS(s string) bool {
	if len(s) != 10 {
		return false
	}
	var y int
	switch s[9] {
	case '9':
		y = 1900
	case '0':
		y = 2000
	case '8':
		y = 1800
	default:
		return false
	}
	if !validDate(y+num2(s, 4), num2(s, 2), num2(s, 0)) {
		return false
	}
	return mod11(s, isW) == dig(s[8])
}

const fiCheckChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// fiResult says whether a HETU is valid and whether it is temporary.
type fiResult uint8

const (
	fiInvalid fiResult = iota
	fiPerson
	fiTemporary // individual number 900–999
)

// checkFI validates DDMMYYCZZZQ (upper case).
func checkFI(s string) fiResult {
	if len(s) != 11 || !allDigits(s[:6]) || !allDigits(s[7:10]) {
		return fiInvalid
	}
	var y int
	switch s[6] {
	case '+':
		y = 1800
	case '-', 'Y', 'X', 'W', 'V', 'U':
		y = 1900
	case 'A', 'B', 'C', 'D', 'E', 'F':
		y = 2000
	default:
		return fiInvalid
	}
	if !validDate(y+num2(s, 4), num2(s, 2), num2(s, 0)) {
		return fiInvalid
	}
	z := dig(s[7])*100 + dig(s[8])*10 + dig(s[9])
	if z < 2 {
		return fiInvalid
	}
	n := 0
	for i := 0; i < 6; i++ {
		n = n*10 + dig(s[i])
	}
	n = n*1000 + z
	if fiCheckChars[n%31] != s[10] {
		return fiInvalid
	}
	if z >= 900 {
		return fiTemporary
	}
	return fiPerson
}

// strip removes the separators people print inside numbers.
func strip(s string, keep func(byte) bool) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if keep(s[i]) {
			out = append(out, s[i])
		}
	}
	return string(out)
}

func notSep(c byte) bool { return c != ' ' && c != '-' }

// ValidNO reports whether s is a valid Norwegian fødselsnummer, D-, H-,
// FH- or synthetic test number ("01019012345" or "010190 12345").
func ValidNO(s string) bool {
	s = strip(s, notSep)
	return allDigits(s) && checkNO(s) != noInvalid
}

// ValidSE reports whether s is a valid Swedish personnummer or
// samordningsnummer in any usual form: YYMMDD-NNNC, YYMMDD+NNNC,
// YYMMDDNNNC, YYYYMMDDNNNC or YYYYMMDD-NNNC.
func ValidSE(s string) bool {
	ref := time.Now().Year()
	plus := len(s) == 11 && s[6] == '+'
	if plus {
		s = s[:6] + s[7:]
	}
	s = strip(s, notSep)
	if !allDigits(s) {
		return false
	}
	switch len(s) {
	case 10:
		r, _ := checkSE10(s, ref, plus)
		return r != seInvalid
	case 12:
		return checkSE12(s, ref) != seInvalid
	}
	return false
}

// ValidDK reports whether s is a possible Danish CPR number (DDMMYY-SSSS or
// DDMMYYSSSS): its date is valid for the century its 7th digit gives.
func ValidDK(s string) bool {
	s = strip(s, notSep)
	return allDigits(s) && checkDK(s)
}

// ValidFI reports whether s is a valid Finnish henkilötunnus DDMMYYCZZZQ,
// including temporary numbers (ZZZ 900–999).
func ValidFI(s string) bool {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return checkFI(string(b)) != fiInvalid
}

// ValidIS reports whether s is a valid personal Icelandic kennitala
// (DDMMYY-RRCK or DDMMYYRRCK).
func ValidIS(s string) bool {
	s = strip(s, notSep)
	return allDigits(s) && checkIS(s)
}

var (
	eeW1 = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 1}
	eeW2 = []int{3, 4, 5, 6, 7, 8, 9, 1, 2, 3}
)

// eeCheckDigit is the isikukood check digit of the first ten digits: the
// weighted sum mod 11, with the second weights when that is 10, and 0 when
// it is 10 again.
func eeCheckDigit(s string) int {
	r := 0
	for i, x := range eeW1 {
		r += x * dig(s[i])
	}
	if r %= 11; r != 10 {
		return r
	}
	r = 0
	for i, x := range eeW2 {
		r += x * dig(s[i])
	}
	if r %= 11; r == 10 {
		return 0
	}
	return r
}

// checkEE validates an Estonian isikukood GYYMMDDSSSC: G 1–8 gives sex and
// century (1, 2: 1800s; 3, 4: 1900s; 5, 6: 2000s; 7, 8: 2100s), then the
// birth date, a serial number and the check digit.
func checkEE(s string) bool {
	if len(s) != 11 || s[0] < '1' || s[0] > '8' {
		return false
	}
	y := 1800 + 100*((dig(s[0])-1)/2) + num2(s, 1)
	if !validDate(y, num2(s, 3), num2(s, 5)) {
		return false
	}
	return eeCheckDigit(s) == dig(s[10])
}

// ValidEE reports whether s is a valid Estonian isikukood (11 digits,
// spaces and dashes ignored).
func ValidEE(s string) bool {
	s = strip(s, notSep)
	return allDigits(s) && checkEE(s)
}

// Valid reports whether s is a valid national ID number of the country
// with the given code ("no", "se", "dk", "fi", "is", "ee"); false for an
// unknown code.
func Valid(code, s string) bool {
	c, ok := byCode[code]
	return ok && countries[c].valid(s)
}

// RuleOf returns the rule ID of the country with the given code.
func RuleOf(code string) (string, bool) {
	c, ok := byCode[code]
	if !ok {
		return "", false
	}
	return ruleIDs[c], true
}
