package smb

import (
	"encoding/binary"
	"net"
	"sync/atomic"
)

// sniffConn counts the SMB frames the server sends, encrypted (SMB2
// TRANSFORM_HEADER, 0xFD 'S' 'M' 'B') or not (0xFE 'S' 'M' 'B').
//
// Why: go-smb2 encrypts whenever the server asks for it but does not say
// whether it did, and an SMB client cannot demand encryption in the
// protocol. Options.Encrypt must refuse plain-text shares, so we watch the
// wire: a frame-boundary tracker costs a few instructions per Read.
type sniffConn struct {
	net.Conn
	enc, plain atomic.Int64

	// read-side framing state, touched only by the library's receiver
	hdr     [4]byte
	nhdr    int // bytes of the 4-byte length prefix seen
	left    int // payload bytes left in the current frame
	magic   [4]byte
	nmagic  int
	inFrame bool
}

func (c *sniffConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.track(p[:n])
	return n, err
}

func (c *sniffConn) track(b []byte) {
	for len(b) > 0 {
		if !c.inFrame {
			k := copy(c.hdr[c.nhdr:], b)
			c.nhdr += k
			b = b[k:]
			if c.nhdr < 4 {
				return
			}
			c.left = int(binary.BigEndian.Uint32(c.hdr[:]) & 0xFFFFFF)
			c.nhdr, c.nmagic, c.inFrame = 0, 0, c.left > 0
			continue
		}
		if c.nmagic < 4 {
			k := copy(c.magic[c.nmagic:], b[:min(len(b), c.left)])
			c.nmagic += k
			if c.nmagic == 4 {
				switch c.magic[0] {
				case 0xFD:
					c.enc.Add(1)
				case 0xFE:
					c.plain.Add(1)
				}
			}
		}
		k := min(len(b), c.left)
		c.left -= k
		b = b[k:]
		if c.left == 0 {
			c.inFrame = false
		}
	}
}
