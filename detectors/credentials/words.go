package credentials

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normWord lower-cases s and keeps only letters and digits, so "E-post",
// "user_name" and "Initial Password:" become "epost", "username" and
// "initialpassword".
func normWord(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// passStems are password words that may appear inside a longer header
// ("elevpassord", "initialpassword", "lösenordet").
var passStems = []string{
	"passord", "passwd", "password", "passwort", "lösenord", "losenord", "adgangskode", "kodeord",
	"salasana", "lykilorð", "lykilord", "kennwort", "passphrase", "passfrase", "passwrd", "passordet",
}

// passExact are short password words accepted only on their own.
var passExact = map[string]bool{
	"pwd": true, "pw": true, "pass": true, "passw": true, "lösen": true, "losen": true, "kode": true,
	"pinkode": true, "pincode": true, "userpwd": true, "pword": true, "psw": true, "passwd": true,
	"adgangskoden": true, "koden": true, "engangskode": true, "tilgangskode": true, "påloggingskode": true,
	"startkode": true, "engangskoden": true,
}

// negTokens turn a password header into metadata about the password: its
// age, expiry, policy, hash or whether one is required.
var negTokens = []string{
	"sist", "last", "endret", "ändrat", "ändrad", "ændret", "geändert", "vaihdettu", "changed", "change",
	"expir", "utløp", "utgå", "udløb", "vanhen", "ablauf", "abgelaufen", "required", "påkrevd", "krävs",
	"kræv", "pakollinen", "erforderlich", "policy", "regel", "rule", "krav", "hint", "hash", "length",
	"lengde", "längd", "længde", "pituus", "länge", "date", "dato", "datum", "päivä", "tid", "time",
	"zeit", "age", "alder", "status", "flag", "never", "aldri", "aldrig", "notreq", "cannot", "must",
	"muss", "skal", "antall", "anzahl", "attempt", "forsøk", "försök", "fail",
	"feil", "fel", "reminder", "question", "spørsmål", "fråga", "reset", "nullstill", "återställ",
	"nulstil", "sent", "sendt", "skickat", "verified", "strength", "styrke", "styrka", "complex",
	"encrypt", "krypt", "salt", "manager", "less", "protected", "set",
}

// idStems are identity header words, ranked: user names first, then e-mail,
// then person names. A header matches when it starts or ends with a stem.
var idStems = [3][]string{
	{"brukernavn", "brukarnamn", "brukernamn", "brukerid", "bruker", "brukar", "användarnamn",
		"anvandarnamn", "användarid", "användare", "anvandare", "brugernavn", "brugerid", "bruger",
		"käyttäjätunnus", "kayttajatunnus", "käyttäjänimi", "kayttajanimi", "käyttäjä", "tunnus",
		"notandanafn", "notandi", "username", "userid", "user", "login", "logon", "loginname",
		"samaccountname", "accountname", "account", "konto", "uid", "upn", "userprincipalname",
		"benutzername", "benutzer", "anmeldename", "feide", "feidenavn", "elevnummer", "ansattnummer"},
	{"epost", "epostadresse", "email", "emailaddress", "mail", "mailadresse", "sähköposti",
		"sahkoposti", "netfang", "emailadresse"},
	{"elev", "elevnavn", "navn", "name", "namn", "nimi", "nafn", "fornavn", "etternavn", "förnamn",
		"efternamn", "efternavn", "etunimi", "sukunimi", "vorname", "nachname", "fullname", "student",
		"pupil", "ansatt", "employee", "lærer", "teacher", "person", "elev"},
}

// benignWords contain a negative token but describe a usable password:
// "midlertidig" (temporary) holds "tid" (time).
var benignWords = []string{"midlertidig", "midlertidlig"}

// hasNeg reports whether a normalised header carries a negative token.
func hasNeg(n string) bool {
	if len(n) < 3 {
		return false
	}
	for _, w := range benignWords {
		n = strings.ReplaceAll(n, w, "")
	}
	for _, t := range negTokens {
		if strings.Contains(n, t) {
			return true
		}
	}
	return false
}

// isPassHeader reports whether a header cell names a clear-text password
// column.
func isPassHeader(cell string) bool {
	if len(cell) > 48 {
		return false
	}
	n := normWord(cell)
	if n == "" || utf8.RuneCountInString(n) > 32 {
		return false
	}
	if passExact[n] {
		return true
	}
	for _, st := range passStems {
		if i := strings.Index(n, st); i >= 0 {
			return !hasNeg(n[:i] + n[i+len(st):])
		}
	}
	return false
}

// idRank returns 1..3 for an identity header (1 = user name) and 0 for
// anything else.
func idRank(cell string) int {
	if len(cell) > 48 {
		return 0
	}
	n := normWord(cell)
	if n == "" || utf8.RuneCountInString(n) > 28 || hasNeg(n) {
		return 0
	}
	for rank, stems := range idStems {
		for _, st := range stems {
			if strings.HasPrefix(n, st) || strings.HasSuffix(n, st) {
				return rank + 1
			}
		}
	}
	return 0
}

// isPassWord reports whether one word of free text is a password keyword
// ("Passord", "passwordet", "Kennwort", "pwd"), rejecting words that only
// contain the letters ("passenger", "compass").
func isPassWord(w string) bool {
	n := normWord(w)
	if passExact[n] {
		return true
	}
	if utf8.RuneCountInString(n) > 24 {
		return false
	}
	// Compounds and definite forms: "passordet", "engangspassord",
	// "lösenordet", "salasanasi"; a long word is prose, not a label.
	for _, st := range passStems {
		if i := strings.Index(n, st); i >= 0 && len(n) <= len(st)+12 {
			return !hasNeg(n[:i] + n[i+len(st):])
		}
	}
	return false
}

// idWords are identity words in free text, lower-case.
var idWords = map[string]bool{
	"brukernavn": true, "brukarnamn": true, "brukernamn": true, "bruker": true, "brukerid": true,
	"brukernavnet": true, "användarnamn": true, "användarnamnet": true, "användare": true, "användarid": true,
	"anvandarnamn": true, "brugernavn": true, "brugernavnet": true, "bruger": true, "brugerid": true,
	"käyttäjätunnus": true, "käyttäjätunnuksesi": true, "käyttäjänimi": true, "tunnus": true,
	"kayttajatunnus": true, "notandanafn": true, "notandanafnið": true, "username": true, "user": true,
	"userid": true, "login": true, "logon": true, "loginname": true, "account": true, "benutzername": true,
	"benutzer": true, "epost": true, "email": true, "mail": true, "konto": true, "uid": true,
	"feide": true, "feidenavn": true, "brukarnavn": true, "anmeldename": true, "kontonavn": true,
}

// fillerWords may sit between a keyword and its value: "Passordet ditt er",
// "your new password is", "dit nye kodeord er".
var fillerWords = map[string]bool{
	"ditt": true, "din": true, "dit": true, "dine": true, "your": true, "new": true, "nytt": true, "ny": true,
	"nye": true, "nya": true, "nytt:": true, "uusi": true, "nýtt": true, "neues": true, "neue": true, "dein": true,
	"ihr": true, "jeres": true, "deres": true, "the": true, "temporary": true, "midlertidig": true,
	"midlertidige": true, "tillfälligt": true, "tilfældige": true, "initial": true, "nytt-": true,
	"name": true, "navn": true, "id": true, "for": true, "för": true, "til": true, "to": true,
	"sitt": true, "ditt:": true, "på": true, "deiner": true, "sinun": true, "þitt": true, "þinn": true,
}

// verbWords say "is": after one of them no ':' is needed.
var verbWords = map[string]bool{
	"er": true, "is": true, "är": true, "ar": true, "on": true, "ist": true, "lautet": true, "blir": true,
	"bliver": true, "blev": true, "ble": true, "was": true, "var": true, "er:": true, "is:": true,
}
