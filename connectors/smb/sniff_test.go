package smb

import (
	"encoding/binary"
	"testing"
)

// frame builds a direct-TCP frame whose payload starts with magic.
func frame(magic byte, size int) []byte {
	b := make([]byte, 4+size)
	binary.BigEndian.PutUint32(b, uint32(size))
	if size >= 4 {
		copy(b[4:], []byte{magic, 'S', 'M', 'B'})
	}
	return b
}

func TestSniffCountsFrames(t *testing.T) {
	var stream []byte
	stream = append(stream, frame(0xFE, 100)...)
	stream = append(stream, frame(0xFD, 5000)...)
	stream = append(stream, frame(0xFD, 4)...)
	stream = append(stream, frame(0xFE, 70000)...)
	// Feed the stream in every chunking from 1 byte to whole, as TCP may.
	for _, step := range []int{1, 2, 3, 5, 7, 64, 4096, len(stream)} {
		c := &sniffConn{}
		for i := 0; i < len(stream); i += step {
			c.track(stream[i:min(i+step, len(stream))])
		}
		if c.enc.Load() != 2 || c.plain.Load() != 2 {
			t.Errorf("step %d: enc %d plain %d, want 2 and 2", step, c.enc.Load(), c.plain.Load())
		}
		if c.inFrame || c.nhdr != 0 {
			t.Errorf("step %d: state not at a frame boundary", step)
		}
	}
}
