package ole2

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"github.com/credsweep/credsweep/scanner/extract"
)

// BIFF record types (MS-XLS 2.3).
const (
	recFormula    = 0x0006
	recEOF        = 0x000A
	recFilePass   = 0x002F
	recContinue   = 0x003C
	recBoundSheet = 0x0085
	recMulRK      = 0x00BD
	recRString    = 0x00D6
	recSST        = 0x00FC
	recLabelSST   = 0x00FD
	recNumber     = 0x0203
	recLabel      = 0x0204
	recBoolErr    = 0x0205
	recString     = 0x0207
	recRK         = 0x027E
	recBOF        = 0x0809
	biff8Version  = 0x0600
)

// cell is one value of a sheet.
type cell struct {
	row, col uint16
	s        string
}

// sheetInfo is a BOUNDSHEET entry.
type sheetInfo struct {
	pos  uint32
	name string
	used bool
}

// biff walks the records of a workbook stream.
type biff struct {
	b      []byte
	off    int
	biff8  bool
	sst    []string
	sheets []sheetInfo
}

// record returns the next record and its CONTINUE records' bodies.
func (p *biff) record() (typ uint16, at int, data []byte, conts [][]byte, ok bool) {
	le := binary.LittleEndian
	if p.off+4 > len(p.b) {
		return 0, 0, nil, nil, false
	}
	at = p.off
	typ = le.Uint16(p.b[p.off:])
	n := int(le.Uint16(p.b[p.off+2:]))
	end := min(p.off+4+n, len(p.b))
	data = p.b[p.off+4 : end]
	p.off = end
	for p.off+4 <= len(p.b) && le.Uint16(p.b[p.off:]) == recContinue {
		n := int(le.Uint16(p.b[p.off+2:]))
		end := min(p.off+4+n, len(p.b))
		conts = append(conts, p.b[p.off+4:end])
		p.off = end
	}
	return typ, at, data, conts, true
}

// workbook extracts every sheet of an .xls file as a table.
func (c *compound) workbook(sink extract.Sink) error {
	var name string
	for _, n := range []string{"Workbook", "Book", "WORKBOOK", "BOOK"} {
		if c.root[n] != nil {
			name = n
			break
		}
	}
	b, truncated, err := c.stream(name)
	if err != nil {
		return err
	}
	p := &biff{b: b}
	le := binary.LittleEndian
	depth := 0
	var cells []cell
	var sheet string
	var pending *cell // FORMULA whose string value follows in a STRING record
	sheetNo := 0
	for i := 0; ; i++ {
		if i&1023 == 0 {
			if err := c.ctx.Err(); err != nil {
				return err
			}
		}
		typ, at, d, conts, ok := p.record()
		if !ok {
			break
		}
		switch typ {
		case recBOF:
			if depth == 0 && at == 0 {
				p.biff8 = len(d) >= 2 && le.Uint16(d) == biff8Version
			} else if depth == 0 {
				sheetNo++
				sheet = p.sheetName(uint32(at), sheetNo)
				cells = cells[:0]
			}
			depth++
		case recEOF:
			depth--
			if depth == 0 && sheet != "" {
				if err := emitSheet(sink, sheet, cells); err != nil {
					return err
				}
				sheet = ""
			}
			if depth < 0 {
				depth = 0
			}
		case recFilePass:
			return fmt.Errorf("%w: password-protected Excel workbook", extract.ErrEncrypted)
		case recBoundSheet:
			p.boundSheet(d)
		case recSST:
			p.readSST(d, conts)
		default:
			if sheet == "" || len(d) < 6 {
				continue
			}
			row, col := le.Uint16(d), le.Uint16(d[2:])
			switch typ {
			case recLabelSST:
				if len(d) >= 10 {
					if k := le.Uint32(d[6:]); int(k) < len(p.sst) {
						cells = append(cells, cell{row, col, p.sst[k]})
					}
				}
			case recLabel, recRString:
				if s, ok := p.label(d[6:], conts); ok || s != "" {
					cells = append(cells, cell{row, col, s})
				}
			case recNumber:
				if len(d) >= 14 {
					cells = append(cells, cell{row, col, formatNumber(math.Float64frombits(le.Uint64(d[6:])))})
				}
			case recRK:
				if len(d) >= 10 {
					cells = append(cells, cell{row, col, formatNumber(rk(le.Uint32(d[6:])))})
				}
			case recMulRK:
				for j := 4; j+6 <= len(d)-2; j += 6 {
					cells = append(cells, cell{row, col, formatNumber(rk(le.Uint32(d[j+2:])))})
					col++
				}
			case recBoolErr:
				if len(d) >= 8 && d[7] == 0 {
					cells = append(cells, cell{row, col, map[bool]string{true: "TRUE", false: "FALSE"}[d[6] != 0]})
				}
			case recFormula:
				if len(d) < 14 {
					continue
				}
				if le.Uint16(d[12:]) != 0xFFFF {
					cells = append(cells, cell{row, col, formatNumber(math.Float64frombits(le.Uint64(d[6:])))})
				} else if d[6] == 0 {
					pending = &cell{row: row, col: col}
				} else if d[6] == 1 {
					cells = append(cells, cell{row, col, map[bool]string{true: "TRUE", false: "FALSE"}[d[8] != 0]})
				}
				continue
			case recString:
				if pending != nil {
					s, _ := p.label(d, conts)
					pending.s = s
					cells = append(cells, *pending)
				}
			}
			pending = nil
		}
	}
	if sheet != "" {
		// Truncated stream: emit what the last sheet had.
		if err := emitSheet(sink, sheet, cells); err != nil {
			return err
		}
	}
	if truncated {
		return extract.LimitError("workbook stream over %d bytes", c.lim.MaxMemberBytes)
	}
	return nil
}

// sheetName names the sheet whose BOF is at stream offset pos: by its
// BOUNDSHEET position, else by order, else by number.
func (p *biff) sheetName(pos uint32, n int) string {
	for i := range p.sheets {
		if p.sheets[i].pos == pos && !p.sheets[i].used {
			p.sheets[i].used = true
			return p.sheets[i].name
		}
	}
	for i := range p.sheets {
		if !p.sheets[i].used {
			p.sheets[i].used = true
			return p.sheets[i].name
		}
	}
	return "sheet" + strconv.Itoa(n)
}

func (p *biff) boundSheet(d []byte) {
	if len(d) < 8 {
		return
	}
	info := sheetInfo{pos: binary.LittleEndian.Uint32(d)}
	cch := int(d[6])
	if p.biff8 {
		r := &contReader{segs: [][]byte{d[8:]}}
		info.name, _ = r.chars(cch, d[7]&0x01 != 0)
	} else {
		info.name = cp1252(d[7:min(7+cch, len(d))])
	}
	if info.name == "" {
		info.name = "sheet" + strconv.Itoa(len(p.sheets)+1)
	}
	p.sheets = append(p.sheets, info)
}

// readSST reads the shared string table.
func (p *biff) readSST(d []byte, conts [][]byte) {
	if len(d) < 8 {
		return
	}
	unique := int(binary.LittleEndian.Uint32(d[4:]))
	r := &contReader{segs: append([][]byte{d[8:]}, conts...)}
	// Every string takes at least 3 bytes: the count cannot exceed that.
	p.sst = make([]string, 0, min(unique, len(p.b)/3))
	for len(p.sst) < unique {
		s, ok := r.unicodeString(true)
		if !ok {
			if s != "" {
				p.sst = append(p.sst, s)
			}
			return
		}
		p.sst = append(p.sst, s)
	}
}

// label reads the string of a LABEL, RSTRING or STRING record body.
func (p *biff) label(d []byte, conts [][]byte) (string, bool) {
	if !p.biff8 {
		if len(d) < 2 {
			return "", false
		}
		n := int(binary.LittleEndian.Uint16(d))
		return cp1252(d[2:min(2+n, len(d))]), 2+n <= len(d)
	}
	r := &contReader{segs: append([][]byte{d}, conts...)}
	return r.unicodeString(false)
}

// rk decodes an RK number (MS-XLS 2.5.217).
func rk(v uint32) float64 {
	var f float64
	if v&0x02 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&0x01 != 0 {
		f /= 100
	}
	return f
}

// formatNumber prints integers without exponent or decimals (national ID
// numbers are often stored as numbers) and other values in full.
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return ""
	case f == math.Trunc(f) && math.Abs(f) < 1e18:
		return strconv.FormatInt(int64(f), 10)
	case math.Abs(f) >= 1e-6 && math.Abs(f) < 1e21:
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func cp1252(b []byte) string {
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return string(b)
	}
	return string(s)
}

// cellText keeps a cell on one line of one column.
var cellText = strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ")

// emitSheet writes a sheet as a table: line N is row N, cells placed by
// column with tabs.
func emitSheet(sink extract.Sink, name string, cells []cell) error {
	sort.SliceStable(cells, func(i, j int) bool {
		if cells[i].row != cells[j].row {
			return cells[i].row < cells[j].row
		}
		return cells[i].col < cells[j].col
	})
	var b bytes.Buffer
	row, col := 0, 0
	for i, c := range cells {
		if i+1 < len(cells) && cells[i+1].row == c.row && cells[i+1].col == c.col {
			continue // a later record for the same cell wins
		}
		for row < int(c.row) {
			b.WriteByte('\n')
			row++
			col = 0
		}
		for col < int(c.col) {
			b.WriteByte('\t')
			col++
		}
		cellText.WriteString(&b, c.s)
	}
	if len(cells) > 0 {
		b.WriteByte('\n')
	}
	return sink.Text("sheet "+name, true, &b)
}
