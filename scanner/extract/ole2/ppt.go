package ole2

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf16"

	"github.com/credsweep/credsweep/scanner/extract"
)

// PowerPoint record types (MS-PPT 2.13.24).
const (
	rtTextCharsAtom           = 0x0FA0
	rtTextBytesAtom           = 0x0FA8
	rtCryptSession10Container = 0x2F14
)

// presentation extracts, best effort, the text atoms of a .ppt file in
// stream order: slide texts, notes and masters, old edits included.
func (c *compound) presentation(sink extract.Sink) error {
	if c.root["EncryptedSummary"] != nil {
		return fmt.Errorf("%w: password-protected PowerPoint presentation", extract.ErrEncrypted)
	}
	b, truncated, err := c.stream("PowerPoint Document")
	if err != nil {
		return err
	}
	le := binary.LittleEndian
	var out bytes.Buffer
	var u []uint16
	for off := 0; off+8 <= len(b); {
		verInst, typ, n := le.Uint16(b[off:]), le.Uint16(b[off+2:]), int(le.Uint32(b[off+4:]))
		if typ == rtCryptSession10Container {
			return fmt.Errorf("%w: password-protected PowerPoint presentation", extract.ErrEncrypted)
		}
		if verInst&0x0F == 0x0F { // container: its records follow
			off += 8
			continue
		}
		end := len(b)
		if n >= 0 && n <= len(b)-off-8 {
			end = off + 8 + n
		}
		body := b[off+8 : end]
		switch typ {
		case rtTextCharsAtom:
			u = u[:0]
			for i := 0; i+1 < len(body); i += 2 {
				u = append(u, le.Uint16(body[i:]))
			}
			writeSlideText(&out, string(utf16.Decode(u)))
		case rtTextBytesAtom:
			// 8-bit atoms hold the low bytes of UTF-16: Latin-1.
			u = u[:0]
			for _, c := range body {
				u = append(u, uint16(c))
			}
			writeSlideText(&out, string(utf16.Decode(u)))
		}
		off = end
	}
	if err := sink.Text("", false, &out); err != nil {
		return err
	}
	if truncated {
		return extract.LimitError("presentation stream over %d bytes", c.lim.MaxMemberBytes)
	}
	return nil
}

// writeSlideText writes one text atom as lines: \r ends a paragraph and
// \v a line within it.
func writeSlideText(out *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '\r', '\v':
			out.WriteByte('\n')
		default:
			if r >= 0x20 || r == '\t' {
				out.WriteRune(r)
			}
		}
	}
	out.WriteByte('\n')
}
