package nationalid

// A dash number like 181102-4205 is both a Danish CPR number and a Swedish
// personnummer when it passes the Luhn check, and Danes call their CPR
// number "personnummer" too. The section's language settles it: words
// that only Danish (or Norwegian, which has no 10-digit IDs) uses raise DK
// over SE, Swedish words the reverse. The cues are found by the keyword
// scanner (so only in a section's first 64 KiB and around numbers) but are
// never labels: they only count.

// language indexes the cue counters.
type language uint8

const (
	langNone language = iota
	langDK            // Danish or Norwegian
	langSE            // Swedish
	nLang
)

// languageCues are matched like keywords, at word starts.
var languageCues = []struct {
	word  string
	whole bool
	lang  language
}{
	// Danish / Norwegian function words and letter phrases.
	{"og ", false, langDK}, {"ikke", true, langDK}, {"være", true, langDK}, {"født", false, langDK},
	{"kommune", false, langDK}, {"adresse", false, langDK}, {"navn", true, langDK}, {"hilsen", true, langDK},
	{"venlig", true, langDK}, {"kære", true, langDK}, {"hedder", true, langDK}, {"bopæl", false, langDK},
	{"postnr", false, langDK}, {"jeg", true, langDK}, {"også", true, langDK}, {"efter", true, langDK},
	// Danish towns, as in "8000 Aarhus C".
	{"københavn", false, langDK}, {"kobenhavn", false, langDK}, {"aarhus", true, langDK}, {"århus", true, langDK},
	{"odense", true, langDK}, {"aalborg", true, langDK}, {"esbjerg", true, langDK}, {"randers", true, langDK},
	{"kolding", true, langDK}, {"horsens", true, langDK}, {"vejle", true, langDK}, {"roskilde", true, langDK},
	{"herning", true, langDK}, {"silkeborg", true, langDK}, {"frederiksberg", true, langDK},
	// Swedish.
	{"och", true, langSE}, {"inte", true, langSE}, {"är", true, langSE}, {"för", true, langSE},
	{"född", false, langSE}, {"namn", true, langSE}, {"adress", true, langSE}, {"kommun", true, langSE},
	{"ogiltig", false, langSE}, {"avvisa", false, langSE}, {"felaktig", false, langSE},
	{"kontrollsiffr", false, langSE}, {"hälsningar", true, langSE}, {"vänliga", true, langSE},
	{"också", true, langSE}, {"efternamn", true, langSE}, {"förnamn", true, langSE}, {"län", true, langSE},
}

// wordEndCue counts the cue a word's ending gives: capitalised Danish and
// Norwegian surnames in -sen (Nielsen, Sørensen) and Danish street names in
// -gade and -vej (Vestergade, Søndervej); Swedish surnames end in -sson.
// It runs on every word the keyword scanner passes, so it rejects on the
// last byte first.
func wordEndCue(w []byte) language {
	n := len(w)
	if n < 5 {
		return langNone
	}
	switch w[n-1] {
	case 'n', 'e', 'j':
	default:
		return langNone
	}
	if !(w[0] >= 'A' && w[0] <= 'Z' || w[0] == 0xC3 && w[1] >= 0x80 && w[1] <= 0x9E) {
		return langNone
	}
	switch {
	case string(w[n-4:]) == "sson":
		return langSE
	case string(w[n-3:]) == "sen", string(w[n-4:]) == "gade", string(w[n-3:]) == "vej":
		return langDK
	}
	return langNone
}

// languageOf says which language a section's cues point to: one side needs
// two cues and more than twice the other's.
func languageOf(c *[nLang]int) language {
	dk, se := c[langDK], c[langSE]
	switch {
	case dk >= 2 && dk > 2*se:
		return langDK
	case se >= 2 && se > 2*dk:
		return langSE
	}
	return langNone
}
