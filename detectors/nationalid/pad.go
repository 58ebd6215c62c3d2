package nationalid

// Excel stores a number typed into a cell as a number: 02088925419 becomes
// 2088925419 and the CPR number 0101190123 becomes 101190123. Exports keep
// the shortened digits, so a fødselsnummer of someone born on days 1-9 of a
// month (about 30% of people) is one digit short. Such a value is read
// with its zero back only when all of this holds: it fills a whole cell of
// a table, the column's header names the ID (fødselsnummer, fnr,
// personnummer; CPR for Danish numbers), and the padded number passes
// every check of its country. Bare numbers in running text never are.

// padCell turns a 9- or 10-digit token that fills an ID column's cell into
// the padded CPR or Norwegian token it stands for.
func (s *session) padCell(b []byte, t *token) {
	if s.sqlActive && !s.sqlEval {
		s.evalSQLLine(b)
	}
	c := s.column(b, t.pos)
	if c == nil || !wholeCell(b, t.pos, t.end, s.table.sep) {
		return
	}
	var k [12]byte
	k[0] = '0'
	n := 1 + copy(k[1:], t.key[:t.klen])
	switch {
	case t.sh == shC9 && c.lab.pri&bDK != 0 && c.lab.pri&^bDK == 0:
		// Only a CPR header: 9-digit cells under "SSN" are American.
		if checkDK(string(k[:n])) {
			t.key, t.klen, t.sh = k, uint8(n), shPad10
		}
	case t.sh == shC10 && c.lab.pri&bNO != 0:
		if checkNO(string(k[:n])) != noInvalid {
			t.key, t.klen, t.sh = k, uint8(n), shPad11
		}
	case t.sh == shC10 && c.lab.sec&bNO != 0:
		// "Personnummer" is Norwegian and Swedish: keep a number that is
		// valid as it stands; decide wants Norwegian context for the rest.
		if !s.d.plausible(t) && checkNO(string(k[:n])) != noInvalid {
			t.key, t.klen, t.sh = k, uint8(n), shPad11
		}
	}
}

// wholeCell reports whether b[i:e] is all of a cell: nothing but quotes
// and blanks between it and the separators or line ends around it.
func wholeCell(b []byte, i, e int, sep byte) bool {
	for i > 0 && (b[i-1] == '"' || b[i-1] == ' ') {
		i--
	}
	for e < len(b) && (b[e] == '"' || b[e] == ' ') {
		e++
	}
	return (i == 0 || b[i-1] == sep || b[i-1] == '\n') && (e == len(b) || b[e] == sep || b[e] == '\n')
}

// countMiss counts a 10-digit value no rule accepts, for the Danish vote
// (decide.go): per table column, and for dash numbers per section.
func (s *session) countMiss(b []byte, t *token, inTable bool) {
	if t.sh&shDash64 != 0 {
		s.dashMiss++
	}
	if !inTable {
		return
	}
	if c := s.column(b, t.pos); c != nil && c.id != 0 {
		if s.colMiss == nil {
			s.colMiss = map[int32]int32{}
		}
		s.colMiss[c.id]++
	}
}
