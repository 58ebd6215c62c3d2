//go:build !amd64 || purego

package grams

const useAVX2 = false

func nextAVX2(t *[maxBanks][6][32]byte, banks int, b []byte, from int) (int, uint32) {
	panic("grams: no AVX2")
}

func digits64AVX2(p *byte) uint64 { panic("grams: no AVX2") }

func simpleAVX2(b []byte) int { panic("grams: no AVX2") }

func masks64AVX2(p *byte, set uint32) (uint64, uint64) { panic("grams: no AVX2") }

func digitRunAVX2(b []byte, n int) (int, bool) { panic("grams: no AVX2") }

func next1AVX2(t *[maxBanks][6][32]byte, b []byte, from int) (int, uint32) {
	panic("grams: no AVX2")
}
