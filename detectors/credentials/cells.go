package credentials

import "bytes"

// splitCells cuts a line into raw cells at delim, honouring CSV quotes
// when quoted is set (a delimiter inside "..." does not split). It reuses
// dst. Table sections from extractors are tab-separated and unquoted.
func splitCells(line []byte, delim byte, quoted bool, dst [][]byte) [][]byte {
	dst = dst[:0]
	if !quoted || bytes.IndexByte(line, '"') < 0 {
		for {
			i := bytes.IndexByte(line, delim)
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
		case c == delim && !inQ:
			dst = append(dst, line[start:i])
			start = i + 1
		}
	}
	return append(dst, line[start:])
}

// cellText trims a raw cell and removes CSV quoting ("a""b" -> a"b).
func cellText(raw []byte) string {
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

// countOutside counts delim outside CSV quotes.
func countOutside(line []byte, delim byte) int {
	n, inQ := 0, false
	for _, c := range line {
		if c == '"' {
			inQ = !inQ
		} else if c == delim && !inQ {
			n++
		}
	}
	return n
}
