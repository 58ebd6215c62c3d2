package credentials

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/credsweep/credsweep/detectors"
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
var passStems = detectors.Words(
	"passord", "passwd", "password", "passwort", "lösenord", "losenord", "adgangskode", "kodeord",
	"salasana", "lykilorð", "lykilord", "kennwort", "passphrase", "passfrase", "passwrd", "passordet",
)

// passExact are short password words accepted only on their own.
var passExact = detectors.Words(
	"pwd", "pw", "pass", "passw", "lösen", "losen", "kode", "pinkode", "pincode", "userpwd", "pword",
	"psw", "passwd", "adgangskoden", "koden", "engangskode", "tilgangskode", "påloggingskode",
	"startkode", "engangskoden",
)

// headerQualifiers are the words a header may put around a password or
// identity word ("Nytt passord", "Initial password", "Elevens brukernavn"):
// a header row repeated inside a table is recognised only when its key cells
// are made of vocabulary words and these.
var headerQualifiers = detectors.Words(
	"nytt", "ny", "nye", "new", "initial", "initiell", "first", "første", "forste", "start", "første",
	"default", "standard", "temp", "temporary", "midlertidig", "midlertidlig", "engangs", "onetime",
	"one", "time", "elev", "elevens", "elever", "ansatt", "ansatte", "lærer", "larer", "student",
	"user", "users", "bruker", "brukerens", "brukar", "bruger", "användare", "anvandare", "käyttäjä",
	"kayttaja", "notanda", "benutzer", "account", "konto", "ad", "feide", "windows", "win", "skole",
	"skola", "skole", "wifi", "wlan", "office", "o365", "m365", "office365", "365", "email", "epost",
	"mail", "login", "logon", "pålogging", "palogging", "inlogg", "inloggning", "nuværende", "current",
	"aktuelt", "gjeldende", "nuvarande", "clear", "klartekst", "klartext", "cleartext", "plain",
	"plaintext", "text", "tekst", "the", "for", "til", "för", "of", "id", "navn", "namn", "name",
	"nimi", "nafn", "nr", "nummer", "number", "no", "adresse", "address", "adress", "uusi", "nýtt",
	"neues", "neu", "erst", "alku", "väliaikainen", "tilfældig", "tillfälligt", "tillfällig", "nytt-",
)

// digitQualifiers are the only header words with digits: product names and
// short column numbers ("O365-passord", "Passord 2"). Any other digit in a
// key cell is the shape of a value ("Passord2021.").
var digitQualifiers = detectors.Words("o365", "m365", "office365", "365", "win10", "win11", "1", "2", "3")

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
var idStems = [3]detectors.Vocabulary{
	detectors.Words("brukernavn", "brukarnamn", "brukernamn", "brukerid", "bruker", "brukar", "användarnamn",
		"anvandarnamn", "användarid", "användare", "anvandare", "brugernavn", "brugerid", "bruger",
		"käyttäjätunnus", "kayttajatunnus", "käyttäjänimi", "kayttajanimi", "käyttäjä", "tunnus",
		"notandanafn", "notandi", "username", "userid", "user", "login", "logon", "loginname",
		"samaccountname", "accountname", "account", "konto", "uid", "upn", "userprincipalname",
		"benutzername", "benutzer", "anmeldename", "feide", "feidenavn", "elevnummer", "ansattnummer"),
	detectors.Words("epost", "epostadresse", "email", "emailaddress", "mail", "mailadresse", "sähköposti",
		"sahkoposti", "netfang", "emailadresse"),
	detectors.Words("elev", "elevnavn", "navn", "name", "namn", "nimi", "nafn", "fornavn", "etternavn", "förnamn",
		"efternamn", "efternavn", "etunimi", "sukunimi", "vorname", "nachname", "fullname", "student",
		"pupil", "ansatt", "employee", "lærer", "teacher", "person", "elev"),
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
// column, and the vocabulary word it matched: messages quote that word,
// never the cell.
func isPassHeader(cell string) (detectors.Safe, bool) {
	if len(cell) > 48 || valueShaped(cell) {
		return detectors.Safe{}, false
	}
	n := normWord(cell)
	if n == "" || utf8.RuneCountInString(n) > 32 {
		return detectors.Safe{}, false
	}
	if w, ok := passExact.Find(n); ok {
		return w, true
	}
	for i := range passStems.Len() {
		st := passStems.At(i)
		if j := strings.Index(n, st); j >= 0 {
			if hasNeg(n[:j] + n[j+len(st):]) {
				return detectors.Safe{}, false
			}
			return passStems.Entry(i), true
		}
	}
	return detectors.Safe{}, false
}

// idRank returns 1..3 for an identity header (1 = user name) and 0 for
// anything else, and the vocabulary word it matched.
func idRank(cell string) (int, detectors.Safe) {
	if len(cell) > 48 || valueShaped(cell) {
		return 0, detectors.Safe{}
	}
	n := normWord(cell)
	if n == "" || utf8.RuneCountInString(n) > 28 || hasNeg(n) {
		return 0, detectors.Safe{}
	}
	for rank, stems := range idStems {
		for i := range stems.Len() {
			st := stems.At(i)
			if strings.HasPrefix(n, st) || strings.HasSuffix(n, st) {
				return rank + 1, stems.Entry(i)
			}
		}
	}
	return 0, detectors.Safe{}
}

// valueShaped reports a cell that has the shape of a value rather than a
// column title: an e-mail address, punctuation that passwords use, or
// digits inside a word ("Passord2021.", "amaaun717"). Product names with
// digits ("O365") and short column numbers ("Passord 2") are titles.
func valueShaped(cell string) bool {
	if isEmail(strings.TrimSpace(cell)) || strings.ContainsAny(cell, "!#$%&*+=?@^~|<>{}[]\\\";`") {
		return true
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(cell), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 && !digitQualifiers.Has(w) {
			return true
		}
	}
	return false
}

// exactHeader reports whether a key cell is made only of header vocabulary:
// a password or identity word with the fixed qualifiers around it. A row
// inside a table becomes a new header only when its key cells pass this.
func exactHeader(cell string) bool {
	if n := normWord(cell); passExact.Has(n) || passStems.Has(n) || idStems[0].Has(n) || idStems[1].Has(n) {
		return true
	}
	words := strings.FieldsFunc(strings.ToLower(cell), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	key := false
	for _, w := range words {
		switch {
		case passExact.Has(w) || passStems.Has(w) || idStems[0].Has(w) || idStems[1].Has(w) || idStems[2].Has(w):
			key = true
		case headerQualifiers.Has(w) || digitQualifiers.Has(w):
		default:
			if !compoundKey(w) {
				return false
			}
			key = true
		}
	}
	return key
}

// compoundKey reports a compound of qualifiers and one key word
// ("elevpassord", "startpassord", "brukernavnet" is not one).
func compoundKey(w string) bool {
	for _, v := range []detectors.Vocabulary{passStems, idStems[0], idStems[1]} {
		for i := range v.Len() {
			st := v.At(i)
			j := strings.Index(w, st)
			if j < 0 {
				continue
			}
			pre, post := w[:j], w[j+len(st):]
			if (pre == "" || headerQualifiers.Has(pre) || headerQualifiers.Has(strings.TrimSuffix(pre, "s"))) &&
				(post == "" || post == "et" || post == "en" || post == "s") {
				return true
			}
		}
	}
	return false
}

// isPassWord reports whether one word of free text is a password keyword
// ("Passord", "passwordet", "Kennwort", "pwd"), rejecting words that only
// contain the letters ("passenger", "compass").
func isPassWord(w string) bool {
	_, ok := passWord(w)
	return ok
}

// passWord is isPassWord with the vocabulary word that matched.
func passWord(w string) (detectors.Safe, bool) {
	n := normWord(w)
	if e, ok := passExact.Find(n); ok {
		return e, true
	}
	if utf8.RuneCountInString(n) > 24 {
		return detectors.Safe{}, false
	}
	// Compounds and definite forms: "passordet", "engangspassord",
	// "lösenordet", "salasanasi"; a long word is prose, not a label.
	for i := range passStems.Len() {
		st := passStems.At(i)
		if j := strings.Index(n, st); j >= 0 && len(n) <= len(st)+12 {
			if hasNeg(n[:j] + n[j+len(st):]) {
				return detectors.Safe{}, false
			}
			return passStems.Entry(i), true
		}
	}
	return detectors.Safe{}, false
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
