//go:build amd64 && !purego

package grams

import "golang.org/x/sys/cpu"

var useAVX2 = cpu.X86.HasAVX2

// nextAVX2 is Next over the windows that end at least two bytes before
// len(b) (from+Window+2 ≤ len(b) on entry). When none of them has a
// candidate it returns the first window it did not look at and mask 0.
//
//go:noescape
func nextAVX2(t *[maxBanks][6][32]byte, banks int, b []byte, from int) (base int, mask uint32)

// digits64AVX2 is digits64 of the 64 bytes at p.
//
//go:noescape
func digits64AVX2(p *byte) uint64

// simpleAVX2 is SimpleUTF8Prefix up to b's last whole 32-byte window
// (len(b) ≥ 32).
//
//go:noescape
func simpleAVX2(b []byte) int

// masks64AVX2 is Masks64 of the 64 bytes at p, the set in set's low three
// bytes.
//
//go:noescape
func masks64AVX2(p *byte, set uint32) (digits, in uint64)

// digitRunAVX2 is DigitRun's window loop; see the assembly.
//
//go:noescape
func digitRunAVX2(b []byte, n int) (pos int, found bool)

// next1AVX2 is nextAVX2 for a filter of one bank.
//
//go:noescape
func next1AVX2(t *[maxBanks][6][32]byte, b []byte, from int) (base int, mask uint32)
