package grams

import "encoding/binary"

// ASCIIPrefix returns the length of b's leading run of ASCII bytes (below
// 0x80): 32 bytes a step with AVX2, 8 without.
func ASCIIPrefix(b []byte) int {
	i := 0
	if useAVX2 && len(b) >= 32 {
		i = asciiAVX2(b)
	} else {
		for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 == 0 {
			i += 8
		}
	}
	for i < len(b) && b[i] < 0x80 {
		i++
	}
	return i
}
