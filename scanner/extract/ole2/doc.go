package ole2

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/credsweep/credsweep/scanner/extract"
)

// Word binary format (MS-DOC) constants.
const (
	wordIdent       = 0xA5EC
	word6Ident      = 0xA5DC
	fEncrypted      = 0x0100
	fWhichTblStm    = 0x0200
	fibBaseSize     = 32
	clxIndex        = 33 // fcClx/lcbClx pair in FibRgFcLcb97
	nFibWord97      = 101
	maxFieldNesting = 64
	minRun          = 6 // shortest run the fallback keeps
)

// word extracts the text of a .doc file.
func (c *compound) word(sink extract.Sink) error {
	wd, truncated, err := c.stream("WordDocument")
	if err != nil {
		return err
	}
	if len(wd) < fibBaseSize {
		return extract.MalformedError("WordDocument stream too short")
	}
	ident := binary.LittleEndian.Uint16(wd)
	flags := binary.LittleEndian.Uint16(wd[0x0A:])
	if ident != wordIdent && ident != word6Ident {
		return extract.MalformedError("WordDocument stream has no Word signature")
	}
	if flags&fEncrypted != 0 {
		return fmt.Errorf("%w: password-protected Word document", extract.ErrEncrypted)
	}
	if _, ok := c.root["EncryptedPackage"]; ok {
		return fmt.Errorf("%w: password-protected Word document", extract.ErrEncrypted)
	}
	text := c.pieceText(wd, flags)
	if text == nil {
		text = fallbackText(wd)
	}
	if err := sink.Text("", false, bytes.NewReader(text)); err != nil {
		return err
	}
	if truncated {
		return extract.LimitError("WordDocument stream over %d bytes", c.lim.MaxMemberBytes)
	}
	return nil
}

// pieceText reads the text through the piece table (CLX) named by the FIB;
// nil when the FIB or the table is unusable.
func (c *compound) pieceText(wd []byte, flags uint16) []byte {
	le := binary.LittleEndian
	if le.Uint16(wd[2:]) < nFibWord97 {
		return word6Text(wd)
	}
	off := fibBaseSize
	field := func(n int) (int, bool) { // reads a uint16 count, skips n*count bytes
		if off+2 > len(wd) {
			return 0, false
		}
		v := int(le.Uint16(wd[off:]))
		off += 2 + n*v
		return v, true
	}
	if _, ok := field(2); !ok { // csw, fibRgW
		return nil
	}
	if _, ok := field(4); !ok { // cslw, fibRgLw
		return nil
	}
	cb, ok := field(0) // cbRgFcLcb
	if !ok || cb <= clxIndex || off+(clxIndex+1)*8 > len(wd) {
		return nil
	}
	fcClx := int64(le.Uint32(wd[off+clxIndex*8:]))
	lcbClx := int64(le.Uint32(wd[off+clxIndex*8+4:]))
	tableName := "0Table"
	if flags&fWhichTblStm != 0 {
		tableName = "1Table"
	}
	table, _, err := c.stream(tableName)
	if err != nil || lcbClx == 0 || fcClx+lcbClx > int64(len(table)) {
		return nil
	}
	return piecesToText(wd, table[fcClx:fcClx+lcbClx])
}

// piecesToText walks a Clx: skips the Prcs, then reads each piece of the
// PlcPcd from the WordDocument stream.
func piecesToText(wd, clx []byte) []byte {
	le := binary.LittleEndian
	i := 0
	for i < len(clx) && clx[i] == 0x01 { // Prc: property modifiers, not text
		if i+3 > len(clx) {
			return nil
		}
		i += 3 + int(int16(le.Uint16(clx[i+1:])))
		if i < 0 {
			return nil
		}
	}
	if i+5 > len(clx) || clx[i] != 0x02 {
		return nil
	}
	lcb := int(le.Uint32(clx[i+1:]))
	plc := clx[i+5:]
	if lcb < 16 || lcb > len(plc) || (lcb-4)%12 != 0 {
		return nil
	}
	n := (lcb - 4) / 12
	cps, pcds := plc[:4*(n+1)], plc[4*(n+1):lcb]
	// Overlapping pieces could repeat the stream many times over: cap the
	// bytes scanned at a few times the stream size.
	budget := int64(4*len(wd) + 4096)
	t := &wordText{out: make([]byte, 0, min(len(wd), 1<<20))}
	for k := 0; k < n; k++ {
		start, end := int64(le.Uint32(cps[4*k:])), int64(le.Uint32(cps[4*k+4:]))
		if end <= start {
			continue
		}
		count := end - start
		fc := le.Uint32(pcds[8*k+2:])
		if fc&0x40000000 != 0 { // compressed: 8-bit cp1252 at fc/2
			o := int64(fc&0x3FFFFFFF) / 2
			if o >= int64(len(wd)) {
				continue
			}
			e := min(o+count, int64(len(wd)))
			budget -= e - o
			for _, b := range wd[o:e] {
				t.put(charmap.Windows1252.DecodeByte(b))
			}
		} else {
			o := int64(fc)
			if o >= int64(len(wd)) {
				continue
			}
			e := min(o+2*count, int64(len(wd)))
			budget -= e - o
			for j := o; j+1 < e; j += 2 {
				r := rune(le.Uint16(wd[j:]))
				if utf16.IsSurrogate(r) && j+3 < e {
					if r2 := utf16.DecodeRune(r, rune(le.Uint16(wd[j+2:]))); r2 != utf8.RuneError {
						r = r2
						j += 2
					}
				}
				t.put(r)
			}
		}
		if budget < 0 {
			break
		}
	}
	t.flush()
	return t.out
}

// word6Text reads a Word 6/95 file: its text is the 8-bit range fcMin to
// fcMac of the stream (complex, fast-saved files lose their edits).
func word6Text(wd []byte) []byte {
	le := binary.LittleEndian
	fcMin, fcMac := int(le.Uint32(wd[0x18:])), int(le.Uint32(wd[0x1C:]))
	if fcMin < fibBaseSize || fcMac <= fcMin || fcMac > len(wd) {
		return nil
	}
	t := &wordText{}
	for _, b := range wd[fcMin:fcMac] {
		t.put(charmap.Windows1252.DecodeByte(b))
	}
	t.flush()
	return t.out
}

// wordText turns Word's special characters into plain text: paragraph
// marks into newlines, cell marks into tabs and row ends into newlines,
// field codes dropped (their results kept).
type wordText struct {
	out      []byte
	fields   []bool // per open field: true while in its code part
	inCode   int    // open fields in their code part
	cellMark bool   // a cell mark waits: tab, or newline at a row end
}

func (t *wordText) put(r rune) {
	switch r {
	case 0x13: // field begin: code follows
		if len(t.fields) < maxFieldNesting {
			t.fields = append(t.fields, true)
			t.inCode++
		}
		return
	case 0x14: // field separator: result follows
		if n := len(t.fields); n > 0 && t.fields[n-1] {
			t.fields[n-1] = false
			t.inCode--
		}
		return
	case 0x15: // field end
		if n := len(t.fields); n > 0 {
			if t.fields[n-1] {
				t.inCode--
			}
			t.fields = t.fields[:n-1]
		}
		return
	}
	if t.inCode > 0 {
		return
	}
	if r == 0x07 {
		if t.cellMark {
			t.out = append(t.out, '\n')
			t.cellMark = false
		} else {
			t.cellMark = true
		}
		return
	}
	if t.cellMark {
		t.out = append(t.out, '\t')
		t.cellMark = false
	}
	switch {
	case r == '\r' || r == 0x0B || r == 0x0C || r == 0x0E:
		t.out = append(t.out, '\n')
	case r == 0x1E:
		t.out = append(t.out, '-')
	case r == '\t':
		t.out = append(t.out, '\t')
	case r < 0x20 || r == 0xFFFD:
		// Anchors of pictures, footnotes and drawn objects: no text.
	default:
		t.out = utf8.AppendRune(t.out, r)
	}
}

func (t *wordText) flush() {
	if t.cellMark {
		t.out = append(t.out, '\n')
		t.cellMark = false
	}
}

// fallbackText salvages readable runs from a stream whose piece table is
// unusable: UTF-16LE runs and cp1252 runs of at least minRun characters,
// one per line.
func fallbackText(b []byte) []byte {
	var out []byte
	start := min(0x200, len(b)) // past the FIB
	for _, step := range []int{2, 1} {
		run := make([]byte, 0, 256)
		chars := 0
		emit := func() {
			if chars >= minRun {
				out = append(out, run...)
				out = append(out, '\n')
			}
			run, chars = run[:0], 0
		}
		for i := start; i+step <= len(b); i += step {
			var r rune
			if step == 2 {
				r = rune(binary.LittleEndian.Uint16(b[i:]))
			} else {
				r = charmap.Windows1252.DecodeByte(b[i])
			}
			if readable(r) {
				if r == '\r' {
					r = '\n'
				}
				run = utf8.AppendRune(run, r)
				chars++
				continue
			}
			emit()
		}
		emit()
	}
	return out
}

// readable is the alphabet the fallback trusts: printable Latin, Nordic
// letters included, and line structure.
func readable(r rune) bool {
	return (r >= 0x20 && r < 0x7F) || (r >= 0xA0 && r < 0x180) || r == '\t' || r == '\r' || r == 0x20AC
}
