package nationalid

import (
	"sort"
	"strings"

	"github.com/credsweep/credsweep/detectors/grams"
)

// label is what a keyword, column header or file name says about nearby
// numbers: pri countries are named outright, sec countries use the word
// too (Norwegian "personnummer"), neg marks non-ID numbers.
type label struct {
	pri, sec uint8
	neg      bool
}

func (l label) empty() bool { return l.pri == 0 && l.sec == 0 && !l.neg }

// merge combines two labels of the same scope.
func (l label) merge(o label) label {
	return label{pri: l.pri | o.pri, sec: l.sec | o.sec, neg: l.neg || o.neg}
}

type keyword struct {
	word  string // lower case, as folded by fold
	whole bool   // must end at a word boundary
	lab   label
	lang  language // a language cue, not a label (see languageCues)
	ctry  bool     // heads a country column (context.go), not a label
}

var (
	pos = func(pri, sec uint8) label { return label{pri: pri, sec: sec} }
	neg = label{neg: true}
)

// keywordList is matched at word starts, case-insensitively, with the
// countries' own labels (countries.go). Long words match as prefixes so
// inflections count (fødselsnummeret, kennitölu).
var keywordList = []keyword{
	// Any country
	{word: "national id", lab: pos(bAll, 0)},
	{word: "national-id", lab: pos(bAll, 0)},
	{word: "national_id", lab: pos(bAll, 0)},
	{word: "nationalid", lab: pos(bAll, 0)},
	{word: "national identi", lab: pos(bAll, 0)},
	{word: "national number", lab: pos(bAll, 0)},
	{word: "ssn", whole: true, lab: pos(bAll, 0)},
	{word: "social security", lab: pos(bAll, 0)},
	{word: "birth number", lab: pos(bAll, 0)},
	{word: "birthnumber", lab: pos(bAll, 0)},
	{word: "birth_number", lab: pos(bAll, 0)},
	{word: "personal number", lab: pos(bAll, 0)},
	{word: "personal identi", lab: pos(bAll, 0)},
	{word: "personal id", lab: pos(bAll, 0)},
	{word: "person number", lab: pos(bAll, 0)},
	{word: "identitetsnum", lab: pos(bAll, 0)},
	// Numbers that are not personal IDs
	{word: "konto", whole: true, lab: neg},
	{word: "kontonr", lab: neg},
	{word: "kontonum", lab: neg},
	{word: "konto-nr", lab: neg},
	{word: "bankkonto", lab: neg},
	{word: "account", lab: neg},
	{word: "acct", lab: neg},
	{word: "iban", lab: neg},
	{word: "bic", whole: true, lab: neg},
	{word: "swift", lab: neg},
	{word: "faktura", lab: neg},
	{word: "invoice", lab: neg},
	{word: "kid", whole: true, lab: neg},
	{word: "kid-nr", lab: neg},
	{word: "kidnr", lab: neg},
	{word: "ordre", lab: neg},
	{word: "order", lab: neg},
	{word: "tlf", whole: true, lab: neg},
	{word: "tel", whole: true, lab: neg},
	{word: "tel.", lab: neg},
	{word: "telefon", lab: neg},
	{word: "teleph", lab: neg},
	{word: "phone", lab: neg},
	{word: "mobil", lab: neg},
	{word: "puh", whole: true, lab: neg},
	{word: "puhelin", lab: neg},
	{word: "sími", lab: neg},
	{word: "simi", whole: true, lab: neg},
	{word: "fax", whole: true, lab: neg},
	{word: "orgnr", lab: neg},
	{word: "org.nr", lab: neg},
	{word: "org nr", lab: neg},
	{word: "org-nr", lab: neg},
	{word: "organisasjonsn", lab: neg},
	{word: "organisationsn", lab: neg},
	{word: "organisation number", lab: neg},
	{word: "organization number", lab: neg},
	{word: "cvr", lab: neg},
	{word: "y-tunnus", lab: neg},
	{word: "isbn", lab: neg},
	{word: "issn", lab: neg},
	{word: "ref", whole: true, lab: neg},
	{word: "ref.", lab: neg},
	{word: "referen", lab: neg},
	{word: "referanse", lab: neg},
	{word: "kortnum", lab: neg},
	{word: "kortnr", lab: neg},
	{word: "card", lab: neg},
	{word: "ean", whole: true, lab: neg},
	{word: "gtin", lab: neg},
	{word: "serienum", lab: neg},
	{word: "serial", lab: neg},
	{word: "sendingsn", lab: neg},
	{word: "tracking", lab: neg},
	{word: "transak", lab: neg},
	{word: "transact", lab: neg},
	{word: "ocr", whole: true, lab: neg},
	{word: "bankgiro", lab: neg},
	{word: "plusgiro", lab: neg},
	{word: "lasku", lab: neg},
	{word: "tilinum", lab: neg},
	{word: "viitenum", lab: neg},
	{word: "reikning", lab: neg},
	{word: "saksnum", lab: neg},
	{word: "saksnr", lab: neg},
	{word: "sagsnum", lab: neg},
	{word: "sagsnr", lab: neg},
	{word: "ärende", lab: neg},
	{word: "diarienum", lab: neg},
	{word: "journalnr", lab: neg},
	{word: "kundenum", lab: neg},
	{word: "kundenr", lab: neg},
	{word: "kundnum", lab: neg},
	{word: "kundnr", lab: neg},
	{word: "customer", lab: neg},
	{word: "varenr", lab: neg},
	{word: "artikkel", lab: neg},
	{word: "artikel", lab: neg},
	{word: "timestamp", lab: neg},
	{word: "tidsstempel", lab: neg},
}

// countryHeaders head a column of countries or nationalities, in the
// Nordic languages, English and German. They only make a line a table
// header (their column gives each row its country, context.go): in running
// text they label nothing.
var countryHeaders = []struct {
	word  string
	whole bool
}{
	{"land", true}, {"country", false}, {"nationalit", false}, {"statsborgerskap", false}, {"statsborgerskab", false},
	{"medborgarskap", false}, {"kansalaisuus", false}, {"ríkisfang", false}, {"rikisfang", false},
	{"staatsangehörigkeit", false}, {"nationality", false},
}

// fold lower-cases ASCII letters and the second byte of Latin-1
// supplement capitals (Ø Ö Æ Å Þ Ð Á Í ...: C3 80–9E → C3 A0–BE), which
// is all the keywords need.
var fold = func() (f [256]byte) {
	for i := range f {
		c := byte(i)
		switch {
		case c >= 'A' && c <= 'Z':
			c += 32
		case c >= 0x80 && c <= 0x9E:
			c += 0x20
		}
		f[i] = c
	}
	return f
}()

// byte classes for the scanners.
const (
	clDigit  = 1 << iota
	clLetter // ASCII letter or any non-ASCII byte except NBSP's second byte
	clNL
)

var class [256]uint8

// Keywords are found by the hash of their first three folded bytes: a
// 64 Ki-bit filter rejects almost every word start with one load, and
// kwByHash holds the few keywords to compare.
var (
	kwFilter [1024]uint64
	kwByHash [1 << 12][]keyword
)

func tri(a, b, c byte) uint32 {
	return (uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA77 ^ uint32(c)*0xC2B2AE3D) >> 16
}

func init() {
	for i := range class {
		c := byte(i)
		switch {
		case c >= '0' && c <= '9':
			class[i] = clDigit
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= 0x80 && c != 0xA0:
			class[i] = clLetter
		case c == '\n':
			class[i] = clNL
		}
	}
	list := append(countryKeywords(), keywordList...)
	for _, c := range languageCues {
		list = append(list, keyword{word: c.word, whole: c.whole, lang: c.lang})
	}
	for _, c := range countryHeaders {
		list = append(list, keyword{word: c.word, whole: c.whole, ctry: true})
	}
	pieces := map[[3]byte]bool{}
	// Longest first, so "kontonr" wins over "konto".
	sort.SliceStable(list, func(i, j int) bool { return len(list[i].word) > len(list[j].word) })
	for _, k := range list {
		if len(k.word) > maxKeywordBytes {
			panic("nationalid: keyword longer than maxKeywordBytes: " + k.word)
		}
		if strings.IndexByte(k.word, '\n') >= 0 {
			panic("nationalid: keyword with a newline: " + k.word)
		}
		h := tri(k.word[0], k.word[1], k.word[2])
		kwFilter[h>>6] |= 1 << (h & 63)
		kwByHash[h&(1<<12-1)] = append(kwByHash[h&(1<<12-1)], k)
		pieces[[3]byte{k.word[0], k.word[1], k.word[2]}] = true
	}
	for _, c := range []string{"sen", "son", "ade", "vej"} {
		pieces[[3]byte{c[0], c[1], c[2]}] = true
	}
	list3 := make([]grams.Piece, 0, len(pieces))
	for p := range pieces {
		list3 = append(list3, grams.Piece{Bytes: p})
	}
	// Map order must not decide the buckets.
	sort.Slice(list3, func(i, j int) bool { return string(list3[i].Bytes[:]) < string(list3[j].Bytes[:]) })
	kwPieces = grams.New(list3, 2)
}

// kwPieces finds, 32 positions at a time, where a keyword's first three
// bytes or the last three of a word-end cue may be. A keyword's bytes are
// folded (fold); the filter's case folding (|0x20) takes in every byte
// fold maps to them: A-Z to a-z, and 0x80-0x9E (the second byte of a
// Latin-1 capital) to 0xA0-0xBE.
var kwPieces *grams.Filter

func isLetter(c byte) bool { return class[c]&clLetter != 0 }
func isDigit(c byte) bool  { return c-'0' <= 9 }
func isAlnum(c byte) bool  { return class[c]&(clLetter|clDigit) != 0 }

// matchAt returns the keyword starting at b[i] (a word start), if any, and
// its length.
func matchAt(b []byte, i int) (keyword, int, bool) {
	if i+2 >= len(b) {
		return keyword{}, 0, false
	}
	h := tri(fold[b[i]], fold[b[i+1]], fold[b[i+2]])
	if kwFilter[h>>6]&(1<<(h&63)) == 0 {
		return keyword{}, 0, false
	}
outer:
	for _, k := range kwByHash[h&(1<<12-1)] {
		n := len(k.word)
		if i+n > len(b) {
			continue
		}
		for j := 0; j < n; j++ {
			if fold[b[i+j]] != k.word[j] {
				continue outer
			}
		}
		if k.whole && i+n < len(b) && isLetter(b[i+n]) {
			continue
		}
		return k, n, true
	}
	return keyword{}, 0, false
}

// classify labels a short text (a column header, a file name): the union
// of the labels of the keywords it contains at word starts.
func classify(s []byte) label {
	var l label
	for i := 0; i < len(s); i++ {
		if i > 0 && isAlnum(s[i-1]) {
			continue
		}
		if k, n, ok := matchAt(s, i); ok && k.lang == langNone && !k.ctry {
			l = l.merge(k.lab)
			i += n - 1
		}
	}
	return l
}
