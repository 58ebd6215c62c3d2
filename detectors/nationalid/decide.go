package nationalid

import (
	"math/bits"
	"sort"

	"github.com/credsweep/credsweep/detectors"
)

// strength says how much a form proves on its own.
type strength uint8

const (
	weak   strength = iota // needs context: compact 10 and 12 digits, spaced, FH
	dashed                 // reported at low confidence without context
	strong                 // reported without context
)

// reading is one country's reading of a number.
type reading struct {
	secret string
	detail detectors.Safe
	test   bool
	str    strength
}

type interpretation struct {
	valid uint8 // countries whose rules the number passes
	r     [nCountries]reading
}

var noDetail = map[noKind]detectors.Safe{
	noD:      detectors.Text("D-number"),
	noH:      detectors.Text("H-number or synthetic test number"),
	noTenor:  detectors.Text("synthetic test number (Tenor)"),
	noFH:     detectors.Text("FH-number"),
	noDH:     detectors.Text("D-number; H-number or synthetic test number"),
	noDTenor: detectors.Text("D-number; synthetic test number (Tenor)"),
}

// plausible reports without allocating whether any rule accepts the token
// (the filter before any context work).
func (d *detector) plausible(t *token) bool {
	for _, c := range byShape[bits.TrailingZeros16(uint16(t.sh))&15] {
		if countries[c].accepts(d, t) {
			return true
		}
	}
	return false
}

// interpret checks a key (see token) in every shape it was seen in.
func (d *detector) interpret(key string, sh shape) interpretation {
	var in interpretation
	for c := range countries {
		if countries[c].shapes&sh == 0 {
			continue
		}
		if r, ok := countries[c].read(d, key, sh); ok {
			in.r[c] = r
			in.valid |= 1 << c
		}
	}
	return in
}

func readNO(d *detector, key string, sh shape) (reading, bool) {
	k := checkNO(key)
	if k == noInvalid {
		return reading{}, false
	}
	r := reading{secret: key, detail: noDetail[k], test: k == noH || k == noTenor || k == noDH || k == noDTenor, str: strong}
	if k == noFH {
		r.str = weak
	}
	return r, true
}

// str10 is the strength of a 10-digit form: dashed only written with a dash.
func str10(sh shape) strength {
	if sh&shDash64 != 0 {
		return dashed
	}
	return weak
}

func acceptsSE(d *detector, t *token) bool {
	k := t.key[:t.klen]
	if t.sh&sh12Family != 0 {
		return checkSE12(string(k), d.refYear) != seInvalid
	}
	r, _ := checkSE10(string(k), d.refYear, t.plus)
	return r != seInvalid
}

func readSE(d *detector, key string, sh shape) (reading, bool) {
	switch {
	case sh&sh12Family != 0:
		if r := checkSE12(key, d.refYear); r != seInvalid {
			str := weak
			if sh&shDash84 != 0 {
				str = dashed
			}
			return seReading(key, r, str), true
		}
	case sh&shPlus64 != 0:
		digits := key[:10]
		if r, y := checkSE10(digits, d.refYear, true); r != seInvalid {
			return seReading(se12(digits, y), r, dashed), true
		}
	default:
		if r, y := checkSE10(key, d.refYear, false); r != seInvalid {
			return seReading(se12(key, y), r, str10(sh)), true
		}
	}
	return reading{}, false
}

func readDK(d *detector, key string, sh shape) (reading, bool) {
	if !checkDK(key) {
		return reading{}, false
	}
	return reading{secret: key, str: str10(sh)}, true
}

func readIS(d *detector, key string, sh shape) (reading, bool) {
	if !checkIS(key) {
		return reading{}, false
	}
	return reading{secret: key, str: str10(sh)}, true
}

// acceptsFI: a HETU with a letter, or a 10-digit dash or plus number read
// with its century sign.
func acceptsFI(d *detector, t *token) bool {
	k := t.key[:t.klen]
	if t.sh&shFI != 0 {
		return checkFI(string(k)) != fiInvalid
	}
	var h [11]byte
	copy(h[:], k[:6])
	h[6] = '-'
	if t.plus {
		h[6] = '+'
	}
	copy(h[7:], k[6:])
	return checkFI(string(h[:])) != fiInvalid
}

func readFI(d *detector, key string, sh shape) (reading, bool) {
	var h string
	switch {
	case sh&shFI != 0:
		h = key
	case sh&shPlus64 != 0:
		h = key[:6] + "+" + key[6:10]
	default:
		h = key[:6] + "-" + key[6:]
	}
	f := checkFI(h)
	if f == fiInvalid {
		return reading{}, false
	}
	str := strong
	if sh&shFI == 0 {
		str = dashed
	}
	return fiReading(h, f, str), true
}

// readEE: an isikukood proves little on its own (one check digit, and 11
// digits are the Norwegian shape too), so it needs context.
func readEE(d *detector, key string, sh shape) (reading, bool) {
	if !checkEE(key) {
		return reading{}, false
	}
	return reading{secret: key, str: weak}, true
}

func seReading(full string, r seResult, str strength) reading {
	rd := reading{secret: full, str: str}
	if r == seCoord {
		rd.detail = detectors.Text("samordningsnummer")
	}
	return rd
}

func fiReading(h string, f fiResult, str strength) reading {
	rd := reading{secret: h, str: str}
	if f == fiTemporary {
		rd.detail = detectors.Text("temporary identity code")
	}
	return rd
}

func score(l label, c country) int {
	s := 0
	if l.pri&(1<<c) != 0 {
		s += 2
	}
	if l.sec&(1<<c) != 0 {
		s++
	}
	return s
}

// pick returns the valid country with the best score under l, ties broken
// by the row's countries (pref), then the section's vote, then tieOrder;
// ok is false when none scores.
func pick(valid uint8, l label, pref uint8, vote *[nCountries]int, order *[nCountries]country) (country, bool) {
	best, bestScore, found := country(0), 0, false
	for _, c := range order {
		if valid&(1<<c) == 0 {
			continue
		}
		sc := score(l, c)
		if sc == 0 {
			continue
		}
		if !found || sc > bestScore {
			best, bestScore, found = c, sc, true
			continue
		}
		if sc < bestScore {
			continue
		}
		cp, bp := pref&(1<<c) != 0, pref&(1<<best) != 0
		if cp && !bp || cp == bp && vote[c] > vote[best] {
			best = c
		}
	}
	return best, found
}

// decide turns the section's numbers into findings, one rule each.
func (s *session) decide() []detectors.Finding {
	ins := make([]interpretation, len(s.list))
	var vote [nCountries]int
	for i := range s.list {
		e := &s.list[i]
		ins[i] = s.d.interpret(e.key, e.sh)
		if v := ins[i].valid & voters; e.negOcc == 0 && bits.OnesCount8(v) == 1 {
			vote[bits.TrailingZeros8(v)]++
		}
	}
	fileOnlyNeg := s.file.neg && s.file.pri|s.file.sec == 0
	dv := s.vote(ins)
	order := &tieOrder
	if dv.lang == langDK {
		order = &tieOrderDK
	}
	var out []detectors.Finding
	seen := map[string]bool{}
	for i := range s.list {
		e := &s.list[i]
		in := ins[i]
		if in.valid == 0 || (e.negOcc > 0 && e.posOcc == 0) {
			continue
		}
		conf := detectors.ConfidenceHigh
		desc := e.desc
		own, file := dv.relabel(e.own, e.sh, e.col, e.row), dv.relabel(s.file, e.sh, e.col, e.row)
		c, ok := pick(in.valid, own, e.row, &vote, order)
		if !ok && own.pri != 0 {
			// Its own column or keyword names a country whose rules it
			// fails ("Ogiltiga personnummer" above 040909-2198, a
			// 10-digit value in a "Fødselsnummer" column): a rejected or
			// mangled number, not one of the file's other countries. A
			// Danish "personnummer" was relabelled to CPR above.
			continue
		}
		if !ok && e.row != 0 {
			// The row's country column: a preference, not a veto (a Swede
			// working in Norway has a Norwegian D-number).
			c, ok = pick(in.valid, label{pri: e.row}, e.row, &vote, order)
			conf = detectors.ConfidenceMedium
			desc = detectors.Text("labelled by its row's country column")
		}
		if !ok {
			c, ok = pick(in.valid, file, e.row, &vote, order)
			conf = detectors.ConfidenceMedium
			desc = detectors.Text("labelled by the section's keywords")
		}
		if ok && conf == detectors.ConfidenceMedium && in.r[c].str == strong {
			conf = detectors.ConfidenceHigh
		}
		if !ok {
			// No label names a country this number passes.
			named := (own.pri | own.sec | file.pri) & shapeCountries(e.sh)
			if named != 0 {
				continue
			}
			c = pickByVote(in.valid, &vote, order)
			switch in.r[c].str {
			case weak:
				continue
			case dashed:
				if fileOnlyNeg {
					continue
				}
				conf, desc = detectors.ConfidenceLow, detectors.Safe{}
			case strong:
				if fileOnlyNeg && e.sh&sh11Family == shC11 {
					continue
				}
				conf, desc = detectors.ConfidenceMedium, detectors.Safe{}
			}
		}
		// A padded cell under a Norwegian-or-Swedish "personnummer" header
		// needs Norwegian context (pad.go).
		if e.sh&sh11Family == shPad11 && e.own.pri&bNO == 0 && !dv.norwegian(s.file, e.col) {
			continue
		}
		r := in.r[c]
		rule := ruleIDs[c]
		if seen[rule+"\x00"+r.secret] {
			continue
		}
		seen[rule+"\x00"+r.secret] = true
		detail := countries[c].shapeText
		if !r.detail.IsZero() {
			detail = detectors.Join(r.detail, detectors.Text(", "), detail)
		}
		if !desc.IsZero() {
			detail = detectors.Join(detail, detectors.Text("; "), desc)
		}
		out = append(out, detectors.Finding{
			Rule:       rule,
			Line:       e.line,
			Secret:     r.secret,
			Masked:     detectors.Mask(r.secret, countries[c].mask),
			Detail:     detail,
			Confidence: conf,
			TestData:   r.test,
		})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Line < out[b].Line })
	return out
}

func pickByVote(valid uint8, vote *[nCountries]int, order *[nCountries]country) country {
	best, found := country(0), false
	for _, c := range order {
		if valid&(1<<c) != 0 && (!found || vote[c] > vote[best]) {
			best, found = c, true
		}
	}
	return best
}
