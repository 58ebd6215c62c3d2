package grams

import "encoding/binary"

// SimpleUTF8Prefix returns the length of b's leading run of ASCII bytes
// and well-formed two-byte UTF-8 sequences (U+0080 to U+07FF: the letters
// of Nordic, other Latin, Greek and Cyrillic text): 32 bytes a step over
// ASCII with AVX2, 8 without, each sequence checked in place. What it
// stops at is a longer sequence, an invalid byte or the end.
func SimpleUTF8Prefix(b []byte) int {
	i := 0
	if useAVX2 && len(b) >= 32 {
		i = simpleAVX2(b)
	}
	for i < len(b) {
		if i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 == 0 {
			i += 8
			continue
		}
		c := b[i]
		switch {
		case c < 0x80:
			i++
		case c-0xC2 <= 0xDF-0xC2 && i+1 < len(b) && b[i+1]-0x80 <= 0x3F:
			i += 2
		default:
			return i
		}
	}
	return i
}
