package credentials

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// classes counts the character classes of v: lower, upper, digit, other
// (symbols), and reports whether v has white space.
func classes(v string) (lower, upper, digit, other, space int) {
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z':
			lower++
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= '0' && r <= '9':
			digit++
		case unicode.IsSpace(r):
			space++
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r):
			upper++
		default:
			other++
		}
	}
	return
}

// placeholders are values that stand for "no password here".
var placeholders = map[string]bool{
	"": true, "-": true, "--": true, "?": true, "??": true, "n/a": true, "na": true, "n.a.": true, "none": true,
	"null": true, "nil": true, "ingen": true, "inget": true, "intet": true, "ei": true, "kein": true,
	"keine": true, "hidden": true, "[hidden]": true, "skjult": true, "dold": true, "piilotettu": true,
	"redacted": true, "[redacted]": true, "masked": true, "sensurert": true, "tbd": true, "todo": true,
	"unknown": true, "ukjent": true, "okänt": true, "ukendt": true, "yes": true, "no": true, "ja": true,
	"nei": true, "nej": true, "j": true, "n": true, "y": true, "true": true, "false": true, "sant": true,
	"usant": true, "kyllä": true, "nein": true, "já": true, "nei.": true, "0": true, "1": true,
	"empty": true, "tom": true, "tomt": true, "blank": true, "leer": true, "tyhjä": true, "undefined": true,
	"(none)": true, "(empty)": true, "(blank)": true, "(hidden)": true, "disabled": true, "locked": true,
	"sperret": true, "låst": true, "deaktivert": true, "aktiv": true, "inaktiv": true, "active": true,
	"inactive": true, "enabled": true, "ok": true, "x": true,
}

// templateValues are example passwords in documentation and templates.
// They count only in start-password table columns (a column of "changeme"
// headed "Startpassord" is the shared default handed to every pupil), not
// in other tables, free text, combo lists or templates.
var templateValues = map[string]bool{
	"changeme": true, "change_me": true, "change-me": true, "changeit": true, "yourpassword": true,
	"your_password": true, "your-password": true, "mypassword": true, "my_password": true, "password": true,
	"passord": true, "passwort": true, "lösenord": true, "salasana": true, "kodeord": true, "secret": true,
	"example": true, "sample": true, "foobar": true, "foo": true, "bar": true, "test": true, "testing": true,
	"admin": true, "pass": true, "pwd": true, "abc": true, "1234": true, "12345": true, "xxxxxx": true,
	"dittpassord": true, "passordher": true, "hemmelig": true, "geheim": true, "passw0rd": true,
	"p@ssw0rd": true, "p@ssword": true, "password1": true, "password123": true, "qwerty": true,
	"123456": true, "changeme123": true, "s3cr3t": true, "supersecret": true, "topsecret": true,
}

// stopValues are words that follow a password keyword in policies and
// instructions ("Passord: må ha minst 8 tegn", "Password is required").
var stopValues = map[string]bool{
	"må": true, "ma": true, "must": true, "muss": true, "should": true, "skal": true, "ska": true, "skall": true,
	"minst": true, "at": true, "least": true, "mindst": true, "vähintään": true, "mindestens": true, "be": true,
	"is": true, "er": true, "är": true, "ist": true, "required": true, "påkrevd": true, "obligatorisk": true,
	"krävs": true, "kræves": true, "pakollinen": true, "erforderlich": true, "optional": true, "valgfritt": true,
	"sendt": true, "sent": true, "skickat": true, "skickas": true, "sendes": true, "lähetetty": true,
	"gesendet": true, "se": true, "see": true, "siehe": true, "katso": true, "sjå": true, "via": true,
	"sms": true, "e-post": true, "epost": true, "email": true, "e-mail": true, "mail": true, "the": true,
	"your": true, "ditt": true, "din": true, "dit": true, "dein": true, "ihr": true, "same": true,
	"samme": true, "samma": true, "som": true, "as": true, "like": true, "wie": true, "reset": true,
	"forgotten": true, "glemt": true, "glömt": true, "unohtunut": true, "vergessen": true, "changed": true,
	"endret": true, "ändrat": true, "ændret": true, "vaihdettu": true, "geändert": true, "expired": true,
	"utløpt": true, "policy": true, "regler": true, "rules": true, "krav": true, "requirements": true,
	"length": true, "lengde": true, "characters": true, "tegn": true, "tecken": true, "merkkiä": true,
	"zeichen": true, "stafir": true, "incorrect": true, "feil": true, "fel": true, "forkert": true,
	"väärä": true, "falsch": true, "wrong": true, "invalid": true, "ugyldig": true, "ogiltigt": true,
	"protected": true, "beskyttet": true, "encrypted": true, "kryptert": true, "krypterat": true,
	"a": true, "an": true, "og": true, "and": true, "och": true, "und": true, "ja": true, "or": true,
	"eller": true, "oder": true, "tai": true, "for": true, "til": true, "to": true, "of": true, "in": true,
	"i": true, "på": true, "with": true, "med": true, "mit": true, "from": true, "fra": true, "från": true,
	"will": true, "vil": true, "kan": true, "can": true, "kann": true, "voi": true, "may": true,
	"not": true, "ikke": true, "inte": true, "nicht": true, "ikkje": true, "enter": true, "type": true,
	"skriv": true, "oppgi": true, "ange": true, "angiv": true, "eingeben": true, "syötä": true,
	"hier": true, "here": true, "her": true, "här": true, "tähän": true, "field": true, "felt": true,
	"this": true, "that": true, "denne": true, "dette": true, "detta": true, "this:": true, "has": true,
	"have": true, "har": true, "hat": true, "been": true, "blitt": true, "blivit": true, "needs": true,
	"needed": true, "trengs": true, "behövs": true, "brauchen": true, "benötigt": true, "manager": true,
	"generator": true, "hash": true, "hashes": true, "salt": true, "strength": true, "complexity": true,
}

// isMask reports values made only of mask characters: "********", "•••",
// "xxxx", "____", "....".
func isMask(v string) bool {
	if v == "" {
		return true
	}
	x := true
	for _, r := range v {
		switch r {
		case '*', '•', '●', '·', '∙', '_', '.', '#', '…', '○', '◦', '─', '-', '=', '?', ' ':
		case 'x', 'X':
		default:
			return false
		}
		if r != 'x' && r != 'X' {
			x = false
		}
	}
	return !x || utf8.RuneCountInString(v) >= 2
}

// isTemplateSyntax reports "<your password>", "{{pw}}", "${PASS}", "%PW%",
// "[password]".
func isTemplateSyntax(v string) bool {
	if len(v) < 2 {
		return false
	}
	f, l := v[0], v[len(v)-1]
	switch {
	case f == '<' || f == '[' || f == '(' || f == '{' && len(v) > 1 && v[1] == '{':
		return true
	case strings.HasPrefix(v, "${") || strings.HasPrefix(v, "$(") || strings.HasPrefix(v, "#{"):
		return true
	case f == '%' && l == '%', f == '(' && l == ')', f == '{' && l == '}' && !strings.HasPrefix(v, "{SSHA") && !strings.HasPrefix(v, "{SHA"):
		return true
	}
	return false
}

// isDateLike reports dates, times and timestamps: only digits and date
// separators, with at least one separator (a PIN "4821" is not a date).
func isDateLike(v string) bool {
	digits, seps := 0, 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' || c == '.' || c == '/' || c == ':' || c == ' ' || c == 'T' || c == 'Z' || c == '+' || c == ',':
			seps++
		default:
			return false
		}
	}
	return seps > 0 && digits >= 3
}

// tableValueOK reports whether a cell of a password column holds a
// password worth counting.
func tableValueOK(v string) bool {
	n := utf8.RuneCountInString(v)
	if n < 3 || n > 128 {
		return false
	}
	lv := strings.ToLower(v)
	if placeholders[lv] || isMask(v) || isTemplateSyntax(v) || isDateLike(v) || !hasAlnum(v) {
		return false
	}
	if strings.Contains(v, "://") || strings.Contains(v, "@") && strings.Contains(v, ".") && !strings.ContainsAny(v, " ") && isEmail(v) {
		return false
	}
	_, _, _, _, sp := classes(v)
	if sp > 0 {
		// Passphrases exist, but a sentence ("sendt på SMS", "se e-post")
		// is an instruction.
		if sp > 3 {
			return false
		}
		for _, w := range strings.Fields(lv) {
			if stopValues[w] || placeholders[w] {
				return false
			}
		}
	}
	return true
}

// textValueOK reports whether the value after a password keyword in free
// text or a combo list is a plausible password rather than policy text, a
// template or a placeholder.
func textValueOK(v string) bool {
	n := utf8.RuneCountInString(v)
	if n < 4 || n > 64 {
		return false
	}
	lv := strings.ToLower(v)
	if placeholders[lv] || templateValues[lv] || stopValues[lv] || isMask(v) || isTemplateSyntax(v) ||
		isDateLike(v) || strings.Contains(v, "://") || strings.HasSuffix(v, ":") {
		return false
	}
	if isPassWord(v) || idWords[normWord(v)] {
		return false
	}
	_, _, _, _, sp := classes(v)
	return sp == 0 && hasAlnum(v)
}

// strong reports a value that looks like a real password on its own:
// letters mixed with digits or symbols, or mixed case with a digit.
func strong(v string) bool {
	lo, up, di, ot, sp := classes(v)
	if sp > 0 || utf8.RuneCountInString(v) < 6 {
		return false
	}
	return lo+up > 0 && (di > 0 || ot > 0)
}

// isEmail is a cheap shape check: one '@' with a dot in the domain.
func isEmail(v string) bool {
	at := strings.IndexByte(v, '@')
	if at <= 0 || at != strings.LastIndexByte(v, '@') {
		return false
	}
	d := v[at+1:]
	dot := strings.LastIndexByte(d, '.')
	return dot > 0 && dot < len(d)-2
}

// userLike reports a login name or e-mail address: 2-64 characters of
// letters, digits and . _ - @ + \, starting with a letter or digit and
// holding a letter.
func userLike(v string) bool {
	n := utf8.RuneCountInString(v)
	if n < 2 || n > 64 {
		return false
	}
	letter := false
	for i, r := range v {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case r >= '0' && r <= '9':
		case i > 0 && (r == '.' || r == '_' || r == '-' || r == '@' || r == '+' || r == '\\'):
		default:
			return false
		}
	}
	return letter
}

// looksGenerated reports a cell that is plainly a password in a table
// without a header: 6-32 characters, no spaces, a lower-case letter mixed
// with digits or symbols, and not an e-mail, date, path, file name, hex
// string or UUID.
func looksGenerated(v string) bool {
	n := len(v)
	if n < 6 || n > 32 || isEmail(v) || isDateLike(v) || strings.ContainsAny(v, "/\\\"' \t") {
		return false
	}
	lo, up, di, _, sp := classes(v)
	if sp > 0 || lo == 0 || di+up == 0 {
		return false
	}
	// "olnor01" and "ola.nordmann2" are user names: a generated password
	// mixes three classes or has a symbol user names do not use.
	sym := strings.IndexFunc(v, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '_' && r != '-'
	}) >= 0
	if !sym && (up == 0 || di == 0) {
		return false
	}
	if isHex(v) {
		return false
	}
	// "report_2018.pdf", "www.example.no": a dot before a short word is an
	// extension or domain.
	if d := strings.LastIndexByte(v, '.'); d > 0 && d >= n-5 {
		allLetters := true
		for _, r := range v[d+1:] {
			if !unicode.IsLetter(r) {
				allLetters = false
			}
		}
		if allLetters {
			return false
		}
	}
	return true
}

// isHex reports strings of hex digits (and dashes: UUIDs).
func isHex(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '-') {
			return false
		}
	}
	return true
}

// masked is the Masked text of a credential: at most the first half (up to
// 5 runes) of the user name, never the password. The shown part shrinks
// until the text cannot contain the password.
func masked(user, pw string) string {
	const tail = "*** / ********"
	if user == "" {
		return "*****" + tail
	}
	r := []rune(user)
	keep := len(r) / 2
	if keep > 5 {
		keep = 5
	}
	for {
		out := string(r[:keep]) + tail
		if keep == 0 || pw == "" || !strings.Contains(out, pw) {
			return out
		}
		keep--
	}
}

// hasAlnum reports whether v has a letter or digit: a "password" of only
// symbols is a mask or decoration.
// Control characters (NUL above all, the Secret separator) disqualify it.
func hasAlnum(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 && v[i] != '\t' || v[i] == 0x7f {
			return false
		}
	}
	return strings.IndexFunc(v, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
