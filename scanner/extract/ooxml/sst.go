package ooxml

import (
	"encoding/xml"
	"io"
	"strconv"

	"github.com/credsweep/credsweep/scanner/extract"
)

// maxSharedBytes caps the memory held by the shared string table, whatever
// the member limit: the table must be in memory while sheets stream.
const maxSharedBytes = 256 << 20

// sst is a workbook's shared string table, stored as one byte slice and
// offsets to keep millions of short strings cheap.
type sst struct {
	data []byte
	ends []uint32
}

func (s *sst) get(i int) []byte {
	if i < 0 || i >= len(s.ends) {
		return nil
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.data[start:s.ends[i]]
}

// loadSST reads the shared strings part; phonetic runs (rPh) are left out.
// Past the memory cap the remaining strings read as empty and a limit error
// is noted.
func (c container) loadSST(partName string) (*sst, error) {
	s := &sst{}
	p, err := c.Open(partName)
	if err != nil || p == nil {
		return s, err
	}
	defer p.Close()
	capBytes := min(int64(maxSharedBytes), c.Limits().MaxMemberBytes)
	d := extract.NewXMLDecoder(p)
	inSI, inT, skip := false, 0, 0
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err == io.EOF {
				return s, nil
			}
			return s, c.NoteXML(p.Name(), err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case skip > 0:
				skip++
			case t.Name.Local == "si":
				inSI = true
			case t.Name.Local == "rPh":
				skip = 1
			case t.Name.Local == "t" && inSI:
				inT++
			}
		case xml.EndElement:
			switch {
			case skip > 0:
				skip--
			case t.Name.Local == "t" && inT > 0:
				inT--
			case t.Name.Local == "si" && inSI:
				inSI = false
				s.ends = append(s.ends, uint32(len(s.data)))
			}
		case xml.CharData:
			if inT > 0 && skip == 0 {
				if int64(len(s.data)+len(t)) > capBytes {
					c.Note(extract.LimitError("shared strings %s exceed %d bytes; later strings read as empty", p.Name(), capBytes))
					return s, nil
				}
				s.data = appendUnescaped(s.data, t)
			}
		}
	}
}

// appendUnescaped appends OOXML string text with its _xHHHH_ escapes (used
// for control characters) decoded.
func appendUnescaped(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && i+6 < len(s) && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(string(s[i+2:i+6]), 16, 16); err == nil {
				dst = appendRune(dst, rune(v))
				i += 6
				continue
			}
		}
		dst = append(dst, s[i])
	}
	return dst
}

func appendRune(dst []byte, r rune) []byte {
	if r < 0x80 {
		return append(dst, byte(r))
	}
	return append(dst, string(r)...)
}
