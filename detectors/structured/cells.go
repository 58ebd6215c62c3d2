package structured

import "bytes"

// Split cuts a line into raw cells at sep, honouring CSV double quotes
// when quoted is set (a separator inside "..." does not split). It reuses
// dst; the cells alias line.
func Split(line []byte, sep byte, quoted bool, dst [][]byte) [][]byte {
	dst = dst[:0]
	if !quoted || bytes.IndexByte(line, '"') < 0 {
		for {
			i := bytes.IndexByte(line, sep)
			if i < 0 {
				return append(dst, line)
			}
			dst = append(dst, line[:i])
			line = line[i+1:]
		}
	}
	start, inQ := 0, false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '"':
			inQ = !inQ
		case c == sep && !inQ:
			dst = append(dst, line[start:i])
			start = i + 1
		}
	}
	return append(dst, line[start:])
}

// CountSeps counts sep in line, outside double quotes when quoted.
func CountSeps(line []byte, sep byte, quoted bool) int {
	if !quoted || bytes.IndexByte(line, '"') < 0 {
		return bytes.Count(line, []byte{sep})
	}
	n, inQ := 0, false
	for _, c := range line {
		if c == '"' {
			inQ = !inQ
		} else if c == sep && !inQ {
			n++
		}
	}
	return n
}

// CellText trims a raw cell and removes CSV quoting ("a""b" -> a"b).
func CellText(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		raw = raw[1 : len(raw)-1]
		if bytes.Contains(raw, []byte(`""`)) {
			return string(bytes.ReplaceAll(raw, []byte(`""`), []byte(`"`)))
		}
		return string(bytes.TrimSpace(raw))
	}
	return string(raw)
}

// TrimName trims a header cell down to its name: spaces, quotes of any
// kind, brackets and no-break spaces around it go.
func TrimName(c []byte) []byte {
	return bytes.Trim(c, " \t\"'`[]\u00a0")
}

// Cursor finds the cell of successive offsets along one line without
// splitting it: Advance moves to an offset, Cell is the index of the cell
// holding it.
type Cursor struct {
	pos, cell int
	inQ       bool
}

// Reset starts the cursor at offset pos, the start of a line.
func (c *Cursor) Reset(pos int) { *c = Cursor{pos: pos} }

// Advance moves the cursor to offset to (never backwards).
func (c *Cursor) Advance(b []byte, to int, sep byte, quoted bool) {
	for k := c.pos; k < to; k++ {
		x := b[k]
		if x == '"' && quoted {
			c.inQ = !c.inQ
		} else if x == sep && !c.inQ {
			c.cell++
		}
	}
	if to > c.pos {
		c.pos = to
	}
}

// Cell is the 0-based index of the cell at the cursor.
func (c *Cursor) Cell() int { return c.cell }

// CellAt returns cell idx of line b[from:to] (quotes honoured when
// quoted), ok false when the line has fewer cells.
func CellAt(b []byte, from, to int, sep byte, quoted bool, idx int) ([]byte, bool) {
	n, start, inQ := 0, from, false
	for k := from; k <= to; k++ {
		if k < to {
			c := b[k]
			if c == '"' && quoted {
				inQ = !inQ
				continue
			}
			if c != sep || inQ {
				continue
			}
		}
		if n == idx {
			return b[start:k], true
		}
		n++
		start = k + 1
	}
	return nil, false
}
