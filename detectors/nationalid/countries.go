package nationalid

import (
	"sort"

	"github.com/credsweep/credsweep/detectors"
)

// countrySpec is everything the detector knows about one country's
// numbers. Adding a country is one constant in rules.go, one entry of
// countries below and its tests; the scanner loops, the labels, the rule
// list, InName, Example and the validators all read this table.
type countrySpec struct {
	// code is Example's country argument ("no"); iso the upper-case
	// country code a "Land" column holds ("NO").
	code, iso string
	rule      detectors.Rule
	// mask is how many leading characters of the normalised number a
	// Masked value shows: the birth date, never the individual part.
	mask int
	// shapeText says what was checked: the number's shape, never a digit.
	shapeText detectors.Safe
	// shapes are the forms its numbers can be written in (tokens.go).
	shapes shape
	// tie orders readings that nothing else separates: lower first (the
	// strongest check first).
	tie int
	// vote: the country's unambiguous numbers vote for the section's
	// country (decide.go). Countries whose numbers are 11 digits have no
	// 10-digit competitor to out-vote.
	vote bool
	// accepts is the allocation-free filter of a token (the hot path);
	// read checks a key seen in the shapes sh and gives the country's
	// reading. They must agree.
	accepts func(d *detector, t *token) bool
	read    func(d *detector, key string, sh shape) (reading, bool)
	// valid is the exported validator of the usual printed forms.
	valid func(s string) bool
	// inName reads the digits of a name token (d, with the separator
	// that followed the date part, 0 if none): ok when it passes,
	// checked when a checksum (not only a date) passed.
	inName func(d string, sep byte, year int) (checked, ok bool)
	// labels are its keywords (keywords.go); country names fill a row's
	// country column (context.go). Both are matched folded (lower case).
	labels []countryWord
	names  []string
	// Example: gen makes a candidate (valid or deliberately not),
	// exampleShape is how accepted re-reads it and exampleAlso the other
	// countries a valid example may pass too.
	gen          func(r *rng, valid bool) string
	exampleShape shape
	exampleAlso  uint8
}

// countryWord is one keyword of a country: also are further countries it
// names outright, sec countries that use the word too (Norwegian
// "personnummer").
type countryWord struct {
	word      string
	whole     bool
	also, sec uint8
}

func w(word string) countryWord                   { return countryWord{word: word} }
func whole(word string) countryWord               { return countryWord{word: word, whole: true} }
func shared(c countryWord, sec uint8) countryWord { c.sec = sec; return c }

// nameOrder is the order InName tries the countries in: a checksum before
// a date-only reading, Norway before Estonia for 11 digits.
var nameOrder = [...]country{cFI, cIS, cSE, cDK, cNO, cEE}

var countries = [nCountries]countrySpec{
	cNO: {
		code: "no", iso: "NO", mask: 6, tie: 4,
		rule: makeRule(RuleNO, "Norwegian fødselsnummer",
			"Norwegian national identity number (fødselsnummer, D-number)",
			"An 11-digit Norwegian fødselsnummer (DDMMYY + individual number + two control digits), D-number (day + 40), "+
				"H-number (month + 40) or FH-number. Synthetic test numbers (NAV Dolly, Skatteetaten Tenor) are marked as test data.", 8.0),
		shapeText: detectors.Text("11 digits, date and both control digits valid"),
		shapes:    sh11Family,
		accepts: func(d *detector, t *token) bool {
			return checkNO(string(t.key[:t.klen])) != noInvalid
		},
		read:   readNO,
		valid:  ValidNO,
		inName: nameNO,
		labels: []countryWord{
			w("fødselsnum"), w("fødselsnr"), w("fodselsnum"), w("fodselsnr"), w("foedselsnum"), w("foedselsnr"),
			whole("fnr"), whole("f.nr"), whole("f-nr"), w("d-nummer"), whole("d-nr"), w("dnummer"), w("h-nummer"),
			w("fh-nummer"), w("personident"),
		},
		names: []string{"norge", "noreg", "norway", "norja", "noregur", "norwegen", "nor",
			"norsk", "norwegian", "norska", "norskur", "norjalainen"},
		gen: genNO, exampleShape: shC11,
	},
	cSE: {
		code: "se", iso: "SE", mask: 8, tie: 1, vote: true,
		rule: makeRule(RuleSE, "Swedish personnummer",
			"Swedish personal identity number (personnummer, samordningsnummer)",
			"A Swedish personnummer (YYMMDD-NNNC, YYYYMMDDNNNC) or samordningsnummer (day + 60) with a valid Luhn check digit and date.", 8.0),
		shapeText: detectors.Text("date and Luhn check digit valid"),
		shapes:    sh10Family | sh12Family,
		accepts:   acceptsSE,
		read:      readSE,
		valid:     ValidSE,
		inName:    nameSE,
		labels: []countryWord{
			shared(w("personnum"), bNO), shared(w("personnr"), bNO), shared(w("pers.nr"), bNO), shared(w("persnr"), bNO),
			shared(whole("pnr"), bNO), shared(whole("p-nr"), bNO), w("samordningsn"),
		},
		names: []string{"sverige", "sweden", "ruotsi", "svíþjóð", "svithjod", "schweden", "swe",
			"svensk", "swedish", "sænskur", "ruotsalainen"},
		gen: genSE, exampleShape: shDash64,
	},
	cDK: {
		code: "dk", iso: "DK", mask: 6, tie: 3, vote: true,
		rule: makeRule(RuleDK, "Danish CPR number",
			"Danish personal identification number (CPR-nummer)",
			"A Danish CPR number (DDMMYY-SSSS). Numbers issued since 2007 have no check digit, so a valid date and its context "+
				"(a CPR keyword or column) identify it.", 7.5),
		shapeText: detectors.Text("10 digits, valid date"),
		shapes:    sh10Family &^ shPlus64,
		accepts: func(d *detector, t *token) bool {
			return !t.plus && checkDK(string(t.key[:t.klen]))
		},
		read:   readDK,
		valid:  ValidDK,
		inName: nameDK,
		labels: []countryWord{w("cpr")},
		names: []string{"danmark", "denmark", "tanska", "danmörk", "danmork", "dänemark", "daenemark", "dnk",
			"dansk", "danish", "danskur", "tanskalainen"},
		gen: genDK, exampleShape: shDash64,
	},
	cFI: {
		code: "fi", iso: "FI", mask: 6, tie: 2, vote: true,
		rule: makeRule(RuleFI, "Finnish henkilötunnus",
			"Finnish personal identity code (henkilötunnus, HETU)",
			"A Finnish henkilötunnus DDMMYYCZZZQ with its century sign and check character, including temporary codes (900–999).", 8.0),
		shapeText: detectors.Text("date and check character valid"),
		shapes:    shDash64 | shPlus64 | shFI,
		accepts:   acceptsFI,
		read:      readFI,
		valid:     ValidFI,
		inName:    nameFI,
		labels: []countryWord{
			w("henkilötun"), w("henkilotun"), whole("hetu"), whole("sotu"), w("sosiaaliturvatun"),
			{word: "personbeteckning", also: bSE},
		},
		names: []string{"finland", "suomi", "finnland", "fin",
			"finsk", "finnish", "finländsk", "finnskur", "suomalainen"},
		gen: genFI, exampleShape: shFI,
	},
	cIS: {
		code: "is", iso: "IS", mask: 6, tie: 0, vote: true,
		rule: makeRule(RuleIS, "Icelandic kennitala",
			"Icelandic personal identity number (kennitala)",
			"A personal Icelandic kennitala (DDMMYY-RRCK) with a valid check digit and century digit; company numbers are excluded.", 7.5),
		shapeText: detectors.Text("10 digits, date and check digit valid"),
		shapes:    sh10Family &^ shPlus64,
		accepts: func(d *detector, t *token) bool {
			return !t.plus && checkIS(string(t.key[:t.klen]))
		},
		read:   readIS,
		valid:  ValidIS,
		inName: nameIS,
		labels: []countryWord{w("kennit"), w("kt."), w("kt:"), w("kt ")},
		names: []string{"island", "ísland", "iceland", "islanti", "isl",
			"islandsk", "isländsk", "icelandic", "íslenskur", "islenskur", "islantilainen"},
		gen: genIS, exampleShape: shDash64, exampleAlso: bDK,
	},
	cEE: {
		code: "ee", iso: "EE", mask: 7, tie: 5,
		rule: makeRule(RuleEE, "Estonian isikukood",
			"Estonian personal identification code (isikukood)",
			"An 11-digit Estonian isikukood (G YYMMDD SSS C: sex and century digit 1–8, birth date, serial number, check digit "+
				"with the two-stage modulus 11 weights). Without an Estonian label, column or country it is not reported, "+
				"and a number that is also a valid Norwegian fødselsnummer stays Norwegian.", 8.0),
		shapeText: detectors.Text("11 digits, date and check digit valid"),
		shapes:    shC11 | shGrp11,
		accepts: func(d *detector, t *token) bool {
			return checkEE(string(t.key[:t.klen]))
		},
		read:   readEE,
		valid:  ValidEE,
		inName: nameEE,
		labels: []countryWord{w("isikukood"), w("isikukoodi"), w("personal code"), w("personal identification code")},
		names: []string{"eesti", "estland", "estonia", "viro", "eistland", "est",
			"estisk", "estnisk", "estonian", "eistneskur", "virolainen"},
		gen: genEE, exampleShape: shC11,
	},
}

// Derived tables.
var (
	ruleIDs [nCountries]string
	rules   []detectors.Rule
	// tieOrder breaks ties between readings; in a Danish section CPR goes
	// before the Swedish and Finnish readings.
	tieOrder, tieOrderDK [nCountries]country
	// voters are the countries whose unambiguous numbers vote.
	voters uint8
	// byShape lists, per shape bit, the countries written in it: a
	// token's candidates (shC9 has none: only its padded form counts).
	byShape [16][]country
	// byCode finds a country by its code.
	byCode = map[string]country{}
	// rowCountry maps a country column's folded cell to its country.
	rowCountry = map[string]country{}
)

func init() {
	for c := range countries {
		s := &countries[c]
		ruleIDs[c] = s.rule.ID
		rules = append(rules, s.rule)
		tieOrder[c] = country(c)
		if s.vote {
			voters |= 1 << c
		}
		byCode[s.code] = country(c)
		rowCountry[s.code] = country(c)
		for _, n := range s.names {
			rowCountry[foldString(n)] = country(c)
		}
	}
	for b := range byShape {
		for c := range countries {
			if sh := shape(1) << b; sh != shC9 && countries[c].shapes&sh != 0 {
				byShape[b] = append(byShape[b], country(c))
			}
		}
	}
	sort.SliceStable(tieOrder[:], func(a, b int) bool { return countries[tieOrder[a]].tie < countries[tieOrder[b]].tie })
	// Danish order: CPR right after the first (kennitala) and before the
	// Swedish and Finnish readings.
	k := 0
	for _, c := range tieOrder {
		if c == cDK {
			continue
		}
		if k == 1 {
			tieOrderDK[k] = cDK
			k++
		}
		tieOrderDK[k] = c
		k++
	}
}

// foldString folds a literal like fold folds the scanned bytes.
func foldString(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = fold[c]
	}
	return string(b)
}

// shapeCountries are the countries a shape can belong to at all.
func shapeCountries(sh shape) uint8 {
	var m uint8
	for c := range countries {
		if countries[c].shapes&sh != 0 {
			m |= 1 << c
		}
	}
	return m
}

// countryKeywords are the labels of the table as keywords.
func countryKeywords() []keyword {
	var out []keyword
	for c := range countries {
		for _, x := range countries[c].labels {
			out = append(out, keyword{word: x.word, whole: x.whole, lab: pos(1<<c|x.also, x.sec)})
		}
	}
	return out
}
