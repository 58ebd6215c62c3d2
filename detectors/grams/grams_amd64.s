//go:build amd64 && !purego

#include "textflag.h"

// DIGIT_CONSTS puts '0' in every byte of Y4 and 9 in every byte of Y5
// (AX is scratch), for DIGITS.
#define DIGIT_CONSTS \
	MOVQ $0x3030303030303030, AX; \
	MOVQ AX, X4; \
	VPBROADCASTQ X4, Y4; \
	MOVQ $0x0909090909090909, AX; \
	MOVQ AX, X5; \
	VPBROADCASTQ X5, Y5

// DIGITS turns y into 0xFF in the lanes of ASCII digits and 0 elsewhere
// (t is scratch): a byte is a digit when byte-'0' (wrapping) is at most 9,
// which VPMINUB with 9 leaves unchanged.
#define DIGITS(y, t) \
	VPSUBB Y4, y, y; \
	VPMINUB Y5, y, t; \
	VPCMPEQB t, y, y

// func nextAVX2(t *[maxBanks][6][32]byte, banks int, b []byte, from int) (base int, mask uint32)
//
// For each window of 32 positions: the bytes at p, p+1 and p+2 are loaded
// as three vectors and split into nibbles; for each bank, each role's two
// nibble tables are looked up (VPSHUFB) and ANDed, and the banks' results
// ORed. A lane that keeps a bucket bit is a candidate.
TEXT ·nextAVX2(SB), NOSPLIT, $0-60
	MOVQ t+0(FP), DI
	MOVQ banks+8(FP), R8
	SHLQ $6, R8          // banks × 192 bytes: × 64 here, × 3 below
	LEAQ (R8)(R8*2), R8
	ADDQ DI, R8          // end of the banks in use
	MOVQ b_base+16(FP), SI
	MOVQ b_len+24(FP), DX
	MOVQ from+40(FP), CX
	MOVQ $0x0f0f0f0f0f0f0f0f, AX
	MOVQ AX, X6
	VPBROADCASTQ X6, Y6
	VPXOR Y7, Y7, Y7
	SUBQ $34, DX         // the last window start AVX2 can take

loop:
	CMPQ CX, DX
	JGT  done
	VMOVDQU (SI)(CX*1), Y8
	VPSRLW  $4, Y8, Y9
	VPAND   Y6, Y8, Y8
	VPAND   Y6, Y9, Y9
	VMOVDQU 1(SI)(CX*1), Y10
	VPSRLW  $4, Y10, Y11
	VPAND   Y6, Y10, Y10
	VPAND   Y6, Y11, Y11
	VMOVDQU 2(SI)(CX*1), Y12
	VPSRLW  $4, Y12, Y13
	VPAND   Y6, Y12, Y12
	VPAND   Y6, Y13, Y13
	VPXOR   Y14, Y14, Y14
	MOVQ    DI, R9

bank:
	VMOVDQU 0(R9), Y0
	VPSHUFB Y8, Y0, Y0
	VMOVDQU 32(R9), Y1
	VPSHUFB Y9, Y1, Y1
	VPAND   Y1, Y0, Y0
	VMOVDQU 64(R9), Y2
	VPSHUFB Y10, Y2, Y2
	VPAND   Y2, Y0, Y0
	VMOVDQU 96(R9), Y3
	VPSHUFB Y11, Y3, Y3
	VPAND   Y3, Y0, Y0
	VMOVDQU 128(R9), Y4
	VPSHUFB Y12, Y4, Y4
	VPAND   Y4, Y0, Y0
	VMOVDQU 160(R9), Y5
	VPSHUFB Y13, Y5, Y5
	VPAND   Y5, Y0, Y0
	VPOR    Y0, Y14, Y14
	ADDQ    $192, R9
	CMPQ    R9, R8
	JLT     bank

	VPCMPEQB  Y7, Y14, Y14
	VPMOVMSKB Y14, AX
	NOTL AX
	TESTL AX, AX
	JNZ  hit
	ADDQ $32, CX
	JMP  loop

hit:
	MOVQ CX, base+48(FP)
	MOVL AX, mask+56(FP)
	VZEROUPPER
	RET

done:
	MOVQ CX, base+48(FP)
	MOVL $0, mask+56(FP)
	VZEROUPPER
	RET

// func digits64AVX2(p *byte) uint64
TEXT ·digits64AVX2(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), SI
	DIGIT_CONSTS
	VMOVDQU 0(SI), Y0
	VMOVDQU 32(SI), Y1
	DIGITS(Y0, Y2)
	DIGITS(Y1, Y3)
	VPMOVMSKB Y0, AX
	VPMOVMSKB Y1, DX
	SHLQ $32, DX
	ORQ  DX, AX
	MOVQ AX, ret+8(FP)
	VZEROUPPER
	RET

// func simpleAVX2(b []byte) int
//
// The length of b's leading run of ASCII bytes and well-formed two-byte
// sequences (a lead byte C2-DF, a continuation byte 80-BF), found 32 bytes
// a step over ASCII (VPMOVMSKB gathers the top bits) and checked in place
// at each high byte; it stops at anything else, and at the last whole
// window (the caller goes on from there).
TEXT ·simpleAVX2(SB), NOSPLIT, $0-32
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), R8
	MOVQ R8, DX
	XORQ CX, CX
	SUBQ $32, DX

aloop:
	CMPQ CX, DX
	JGT  adone
	VMOVDQU (SI)(CX*1), Y0
	VPMOVMSKB Y0, AX
	TESTL AX, AX
	JNZ  afound
	ADDQ $32, CX
	JMP  aloop

afound:
	BSFL AX, AX
	ADDQ AX, CX          // the high byte
	LEAQ 1(CX), R9
	CMPQ R9, R8
	JAE  adone           // no byte after it
	MOVBLZX (SI)(CX*1), R9
	SUBL $0xC2, R9
	CMPL R9, $0x1D
	JA   adone           // not a two-byte lead
	MOVBLZX 1(SI)(CX*1), R9
	SUBL $0x80, R9
	CMPL R9, $0x3F
	JA   adone           // not a continuation
	ADDQ $2, CX
	JMP  aloop

adone:
	VZEROUPPER
	MOVQ CX, ret+24(FP)
	RET

// func masks64AVX2(p *byte, set uint32) (digits, in uint64)
//
// digits64AVX2 of the 64 bytes at p, and the mask of those equal to one
// of the three bytes of set (its low three bytes; VPCMPEQB each, ORed).
TEXT ·masks64AVX2(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), SI
	MOVL set+8(FP), AX
	MOVL AX, BX
	ANDL $0xff, BX
	MOVQ BX, X7
	VPBROADCASTB X7, Y7
	MOVL AX, BX
	SHRL $8, BX
	ANDL $0xff, BX
	MOVQ BX, X8
	VPBROADCASTB X8, Y8
	SHRL $16, AX
	ANDL $0xff, AX
	MOVQ AX, X9
	VPBROADCASTB X9, Y9
	DIGIT_CONSTS
	VMOVDQU 0(SI), Y0
	VMOVDQU 32(SI), Y1
	VPCMPEQB Y7, Y0, Y10
	VPCMPEQB Y8, Y0, Y11
	VPOR     Y11, Y10, Y10
	VPCMPEQB Y9, Y0, Y11
	VPOR     Y11, Y10, Y10
	VPCMPEQB Y7, Y1, Y12
	VPCMPEQB Y8, Y1, Y11
	VPOR     Y11, Y12, Y12
	VPCMPEQB Y9, Y1, Y11
	VPOR     Y11, Y12, Y12
	VPMOVMSKB Y10, AX
	VPMOVMSKB Y12, DX
	SHLQ $32, DX
	ORQ  DX, AX
	MOVQ AX, in+24(FP)
	DIGITS(Y0, Y2)
	DIGITS(Y1, Y3)
	VPMOVMSKB Y0, AX
	VPMOVMSKB Y1, DX
	SHLQ $32, DX
	ORQ  DX, AX
	MOVQ AX, digits+16(FP)
	VZEROUPPER
	RET

// func digitRunAVX2(b []byte, n int) (pos int, found bool)
//
// DigitRun's loop over 64-byte windows 32 apart (len(b) ≥ 64): the first
// start of n digits in a row in a window's first 32 positions, found; or
// the first window start not examined (pos+64 > len(b)), not found. A
// window without a digit in its first 32 bytes is passed over at once.
TEXT ·digitRunAVX2(SB), NOSPLIT, $0-41
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), DX
	MOVQ n+24(FP), R8
	DIGIT_CONSTS
	XORQ BX, BX
	SUBQ $64, DX

rloop:
	CMPQ BX, DX
	JGT  rnone
	VMOVDQU 0(SI)(BX*1), Y0
	DIGITS(Y0, Y2)
	VPMOVMSKB Y0, AX
	TESTL AX, AX
	JZ   rnext
	VMOVDQU 32(SI)(BX*1), Y1
	DIGITS(Y1, Y3)
	VPMOVMSKB Y1, R9
	SHLQ $32, R9
	ORQ  R9, AX          // the window's digit mask
	MOVQ AX, R10         // AND of the mask shifted by 0..n-1
	MOVQ $1, CX

rshift:
	CMPQ CX, R8
	JGE  rtest
	MOVQ AX, R11
	SHRQ CX, R11
	ANDQ R11, R10
	INCQ CX
	JMP  rshift

rtest:
	MOVL R10, R10        // starts in the first 32 positions
	TESTQ R10, R10
	JZ   rnext
	BSFQ R10, R10
	ADDQ R10, BX
	MOVQ BX, pos+32(FP)
	MOVB $1, found+40(FP)
	VZEROUPPER
	RET

rnext:
	ADDQ $32, BX
	JMP  rloop

rnone:
	MOVQ BX, pos+32(FP)
	MOVB $0, found+40(FP)
	VZEROUPPER
	RET

// func next1AVX2(t *[maxBanks][6][32]byte, b []byte, from int) (base int, mask uint32)
//
// nextAVX2 for a filter of one bank: its six tables stay in Y0-Y5 for the
// whole loop instead of being loaded for every window.
TEXT ·next1AVX2(SB), NOSPLIT, $0-52
	MOVQ t+0(FP), DI
	MOVQ b_base+8(FP), SI
	MOVQ b_len+16(FP), DX
	MOVQ from+32(FP), CX
	VMOVDQU 0(DI), Y0
	VMOVDQU 32(DI), Y1
	VMOVDQU 64(DI), Y2
	VMOVDQU 96(DI), Y3
	VMOVDQU 128(DI), Y4
	VMOVDQU 160(DI), Y5
	MOVQ $0x0f0f0f0f0f0f0f0f, AX
	MOVQ AX, X6
	VPBROADCASTQ X6, Y6
	VPXOR Y7, Y7, Y7
	SUBQ $34, DX         // the last window start AVX2 can take

loop1:
	CMPQ CX, DX
	JGT  done1
	VMOVDQU (SI)(CX*1), Y8
	VPSRLW  $4, Y8, Y9
	VPAND   Y6, Y8, Y8
	VPAND   Y6, Y9, Y9
	VPSHUFB Y8, Y0, Y8
	VPSHUFB Y9, Y1, Y9
	VPAND   Y9, Y8, Y14
	VMOVDQU 1(SI)(CX*1), Y8
	VPSRLW  $4, Y8, Y9
	VPAND   Y6, Y8, Y8
	VPAND   Y6, Y9, Y9
	VPSHUFB Y8, Y2, Y8
	VPSHUFB Y9, Y3, Y9
	VPAND   Y8, Y14, Y14
	VPAND   Y9, Y14, Y14
	VMOVDQU 2(SI)(CX*1), Y8
	VPSRLW  $4, Y8, Y9
	VPAND   Y6, Y8, Y8
	VPAND   Y6, Y9, Y9
	VPSHUFB Y8, Y4, Y8
	VPSHUFB Y9, Y5, Y9
	VPAND   Y8, Y14, Y14
	VPAND   Y9, Y14, Y14
	VPCMPEQB  Y7, Y14, Y14
	VPMOVMSKB Y14, AX
	NOTL AX
	TESTL AX, AX
	JNZ  hit1
	ADDQ $32, CX
	JMP  loop1

hit1:
	MOVQ CX, base+40(FP)
	MOVL AX, mask+48(FP)
	VZEROUPPER
	RET

done1:
	MOVQ CX, base+40(FP)
	MOVL $0, mask+48(FP)
	VZEROUPPER
	RET
