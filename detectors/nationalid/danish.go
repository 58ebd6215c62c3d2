package nationalid

// Danes say "personnummer" for their CPR number, so a Danish export may
// head its CPR column "Personnummer", the Swedish keyword. Most CPR
// numbers fail the Swedish Luhn check (about 9 in 10), so such a column
// looks like a list of invalid Swedish numbers with a few valid ones. The
// vote below reads a "personnummer" label as Danish when
//
//   - the number's column (or, for numbers outside tables, the section's
//     dash numbers) holds at least three 10-digit values, and more than half
//     of them are valid CPR numbers that fail Luhn, counting the values no
//     rule accepts against it, and the section has no Swedish cues
//     outweighing its Danish ones; or
//   - the section's language is Danish (language.go).
//
// A Swedish "rejected numbers" report (Luhn-failing personnummer, many of
// which are also valid CPR dates) has Swedish words and stays Swedish, so
// its numbers keep failing and are not reported. Relabelling makes DK the
// named country and SE a secondary one: a Swedish-valid-only number under
// the same label is still reported as Swedish, an ambiguous one as CPR.

// tally counts a column's or section's 10-digit values.
type tally struct {
	n, dkOnly int
}

func (t tally) danishMajority() bool { return t.n >= 3 && 2*t.dkOnly > t.n }

// danishVote holds the decisions decide needs per number.
type danishVote struct {
	lang     language
	seWeight bool // Swedish cues present and not outweighed
	cols     map[int32]*tally
	noCols   map[int32]bool // columns holding 11-digit Norwegian numbers
	dash     tally
}

// vote gathers the tallies from the section's numbers and their readings.
func (s *session) vote(ins []interpretation) *danishVote {
	v := &danishVote{
		lang:     languageOf(&s.lang),
		seWeight: s.lang[langSE] > 0 && s.lang[langSE] >= s.lang[langDK],
		dash:     tally{n: s.dashMiss},
	}
	for id, m := range s.colMiss {
		v.column(id).n += int(m)
	}
	for i := range s.list {
		e := &s.list[i]
		valid := ins[i].valid
		dkOnly := valid&bDK != 0 && valid&bSE == 0
		if e.sh&shDash64 != 0 {
			v.dash.n++
			if dkOnly {
				v.dash.dkOnly++
			}
		}
		if e.col == 0 {
			continue
		}
		if e.sh&(shC11|shSep11) != 0 && valid&bNO != 0 {
			if v.noCols == nil {
				v.noCols = map[int32]bool{}
			}
			v.noCols[e.col] = true
		}
		if e.sh&sh10Family != 0 {
			t := v.column(e.col)
			t.n++
			if dkOnly {
				t.dkOnly++
			}
		}
	}
	return v
}

func (v *danishVote) column(id int32) *tally {
	if v.cols == nil {
		v.cols = map[int32]*tally{}
	}
	t := v.cols[id]
	if t == nil {
		t = &tally{}
		v.cols[id] = t
	}
	return t
}

// danish reports whether a number in column col (0 = none) is Danish.
func (v *danishVote) danish(col int32) bool {
	if v.lang == langDK {
		return true
	}
	if v.seWeight {
		return false
	}
	if t := v.cols[col]; col != 0 && t != nil && t.n >= 3 {
		return t.danishMajority()
	}
	return v.dash.danishMajority()
}

// relabel reads a "personnummer" label (Swedish, Norwegian as second) as
// CPR for a 10-digit number when its row's country is Denmark, or when the
// vote says Danish and the row does not say Sweden.
func (v *danishVote) relabel(l label, sh shape, col int32, row uint8) label {
	if sh&sh10Family == 0 || l.pri&bSE == 0 || l.sec&bNO == 0 || l.pri&bDK != 0 || !(row&bDK != 0 || row&bSE == 0 && v.danish(col)) {
		return l
	}
	l.pri = l.pri&^bSE | bDK
	l.sec |= bSE
	return l
}

// norwegian reports the Norwegian context a padded number under a
// "personnummer" column needs: the section names Norway, its column holds
// 11-digit Norwegian numbers, or its words are Danish-Norwegian.
func (v *danishVote) norwegian(file label, col int32) bool {
	return file.pri&bNO != 0 || v.noCols[col] || v.lang == langDK
}
