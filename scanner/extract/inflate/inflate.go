// Package inflate decodes a raw DEFLATE stream (RFC 1951) that is held
// whole in memory, as zip members and OOXML parts of up to a MiB are.
//
// It exists for speed: on the parts of a realistic share (spreadsheets,
// CSV and text in zips) klauspost/compress inflates at about 310 MB/s and
// C zlib at 520 MB/s, and inflating was a fifth of credsweep's CPU time.
// Having the whole input lets it refill its bit buffer eight bytes at a
// time with no per-byte call, and writing into a flat window lets matches
// copy eight bytes at a time. Streams that do not fit in memory go on
// through klauspost's streaming decoder.
//
// The output is produced into a 256 KiB window, so memory stays fixed
// however much a stream expands (a bomb expands a MiB to a GiB); the
// caller limits the total it reads. Its correctness is checked against
// compress/flate, an independent decoder, on real documents, on streams
// written by several compressors and by fuzzing.
package inflate

import (
	"encoding/binary"
	"fmt"
	"io"
)

// CorruptError reports a stream that is not valid DEFLATE, at about the
// given offset of its input.
type CorruptError int64

func (e CorruptError) Error() string {
	return fmt.Sprintf("deflate: corrupt input near byte %d", int64(e))
}

const (
	window   = 32 << 10
	bufSize  = 256 << 10
	maxMatch = 258
	// slack is room left at the end of the window for a match written
	// eight bytes at a time (up to seven bytes past its end).
	slack = maxMatch + 8
)

// Block decoding states.
const (
	stHeader = iota
	stStored
	stHuffman
	stDone
)

// Reader inflates one stream given to Reset. It is not safe for
// concurrent use. The zero value is ready for Reset.
type Reader struct {
	in  []byte
	pos int    // next input byte to load into bb
	bb  uint64 // bit buffer, least significant bit first
	nb  uint   // valid bits in bb
	// pad counts the zero bits appended to bb past the end of the input;
	// a stream that consumes them is truncated.
	pad uint

	out  *[bufSize]byte // the window: out[:w] decoded, out[r:w] not yet read
	r, w int

	state  int
	final  bool // the current block is the last
	stored int  // bytes left in a stored block
	err    error

	lit, dist *table    // the current block's tables
	dyn       *[3]table // storage for a dynamic block's: lit, dist, code lengths
	lens      [numLit + numDist]uint8
}

// Reset makes z inflate in from the start. z keeps in until the next
// Reset or Close.
func (z *Reader) Reset(in []byte) {
	if z.out == nil {
		z.out = new([bufSize]byte)
		z.dyn = new([3]table)
	}
	z.in, z.pos, z.bb, z.nb, z.pad = in, 0, 0, 0, 0
	z.r, z.w = 0, 0
	z.state, z.final, z.stored, z.err = stHeader, false, 0, nil
}

// Read returns inflated bytes. It returns io.EOF after the final block,
// io.ErrUnexpectedEOF when the input ends inside the stream and a
// CorruptError for invalid data; the bytes decoded before an error are
// returned first.
func (z *Reader) Read(p []byte) (int, error) {
	for {
		if z.r < z.w {
			n := copy(p, z.out[z.r:z.w])
			z.r += n
			return n, nil
		}
		if z.err != nil {
			return 0, z.err
		}
		if z.w > len(z.out)-slack {
			// Everything was read: keep the last window as history.
			z.w = copy(z.out[:], z.out[z.w-window:z.w])
			z.r = z.w
		}
		z.err = z.step()
	}
}

// Close drops the input; z may be Reset again.
func (z *Reader) Close() error {
	z.in = nil
	z.err = io.ErrClosedPipe
	z.r, z.w = 0, 0
	return nil
}

// step decodes until the window is full or the stream ends, and returns
// nil, io.EOF after the final block, or the error.
func (z *Reader) step() error {
	for z.w <= len(z.out)-slack {
		switch z.state {
		case stDone:
			return io.EOF
		case stHeader:
			if err := z.header(); err != nil {
				return err
			}
		case stStored:
			if err := z.copyStored(); err != nil {
				return err
			}
		case stHuffman:
			if err := z.huffman(); err != nil {
				return err
			}
		}
	}
	return nil
}

// endBlock moves to the next block, or to the end after the final one.
func (z *Reader) endBlock() {
	if z.final {
		z.state = stDone
	} else {
		z.state = stHeader
	}
}

// refill tops the bit buffer up to at least 56 bits. With eight input
// bytes left it loads them at once: the bits above nb then repeat the
// bytes at in[pos:], so the next load ORs the same bits in again.
func (z *Reader) refill() {
	if z.pos+8 <= len(z.in) {
		z.bb |= binary.LittleEndian.Uint64(z.in[z.pos:]) << z.nb
		z.pos += int(63-z.nb) >> 3
		z.nb |= 56
		return
	}
	for z.nb <= 56 {
		if z.pos < len(z.in) {
			z.bb |= uint64(z.in[z.pos]) << z.nb
			z.pos++
		} else {
			z.pad += 8
		}
		z.nb += 8
	}
}

// take consumes n ≤ 32 bits.
func (z *Reader) take(n uint) uint32 {
	if z.nb < n {
		z.refill()
	}
	v := uint32(z.bb & (1<<n - 1))
	z.bb >>= n
	z.nb -= n
	return v
}

// fail is the error for invalid data found after the bits read so far:
// ErrUnexpectedEOF if they ran past the input (what looked invalid was
// the zero padding), else CorruptError.
func (z *Reader) fail() error { return badData(z.pos, z.nb, z.pad, 0) }

// noCode is how many bits past those consumed decided that entry e is
// invalid, as compress/flate counts them: an invalid symbol's code was
// consumed (and checked against the padding); a slot no code reaches
// takes the next bit, or none when the code is empty.
func noCode(e uint32) uint {
	if e&15 == 0 && e>>8&15 == 0 {
		return 1
	}
	return 0
}

// badData is the error for invalid data at input byte pos, found by a
// look at the next looked bits of a buffer of nb bits whose last pad are
// the zero padding: ErrUnexpectedEOF when the bits consumed or looked at
// reach into the padding (the input ends inside the stream, as
// compress/flate would say), else CorruptError.
func badData(pos int, nb, pad, looked uint) error {
	if pad > 0 && nb < pad+looked || pad > nb {
		return io.ErrUnexpectedEOF
	}
	return CorruptError(pos)
}

func (z *Reader) header() error {
	z.final = z.take(1) == 1
	switch z.take(2) {
	case 0:
		return z.storedHeader()
	case 1:
		z.lit, z.dist = fixedLit, fixedDist
	case 2:
		if err := z.dynamic(); err != nil {
			return err
		}
	default:
		return z.fail()
	}
	if z.pad > z.nb {
		return io.ErrUnexpectedEOF
	}
	z.state = stHuffman
	return nil
}

// storedHeader skips to the byte boundary, gives back the whole bytes
// still in the bit buffer and reads LEN and NLEN.
func (z *Reader) storedHeader() error {
	if z.pad > z.nb {
		return io.ErrUnexpectedEOF
	}
	z.nb -= z.nb % 8
	z.pos -= int(z.nb-z.pad) / 8
	z.bb, z.nb, z.pad = 0, 0, 0
	if z.pos+4 > len(z.in) {
		return io.ErrUnexpectedEOF
	}
	n := binary.LittleEndian.Uint16(z.in[z.pos:])
	if ^n != binary.LittleEndian.Uint16(z.in[z.pos+2:]) {
		return CorruptError(z.pos)
	}
	z.pos += 4
	z.stored = int(n)
	z.state = stStored
	return nil
}

func (z *Reader) copyStored() error {
	n := min(z.stored, len(z.out)-z.w, len(z.in)-z.pos)
	copy(z.out[z.w:], z.in[z.pos:z.pos+n])
	z.w += n
	z.pos += n
	z.stored -= n
	if z.stored == 0 {
		z.endBlock()
		return nil
	}
	if z.pos == len(z.in) {
		return io.ErrUnexpectedEOF
	}
	return nil
}

// dynamic reads the code lengths of a dynamic block (section 3.2.7) and
// builds its tables.
func (z *Reader) dynamic() error {
	nlit := int(z.take(5)) + 257
	ndist := int(z.take(5)) + 1
	ncl := int(z.take(4)) + 4
	if nlit > numLit || ndist > numDist {
		return z.fail()
	}
	var cl [19]uint8
	for i := range ncl {
		cl[clOrder[i]] = uint8(z.take(3))
	}
	if z.pad > z.nb {
		return io.ErrUnexpectedEOF // the header is cut
	}
	clT := &z.dyn[2]
	if !build(clT, cl[:], clSyms[:], clPrimary) {
		return z.fail()
	}
	lens := z.lens[:nlit+ndist]
	for i := 0; i < len(lens); {
		if z.nb < 14 {
			z.refill()
		}
		e := clT[z.bb&(1<<clPrimary-1)]
		if e>>4&15 == kBad {
			return badData(z.pos, z.nb, z.pad, noCode(e))
		}
		z.bb >>= e & 15
		z.nb -= uint(e & 15)
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				return z.fail()
			}
			rep, val = 3+int(z.take(2)), lens[i-1]
		case 17:
			rep = 3 + int(z.take(3))
		default:
			rep = 11 + int(z.take(7))
		}
		if i+rep > len(lens) {
			return z.fail()
		}
		for range rep {
			lens[i] = val
			i++
		}
	}
	if z.pad > z.nb {
		return io.ErrUnexpectedEOF
	}
	if !build(&z.dyn[0], lens[:nlit], litSyms[:], litPrimary) || !build(&z.dyn[1], lens[nlit:], distSyms[:], distPrimary) {
		return z.fail()
	}
	// Two literals fit the primary bits only if the shortest code does
	// twice: a block of long codes (or none) skips the pass.
	shortest := uint8(maxCodeLen + 1)
	for _, l := range lens[:256] {
		if l > 0 && l < shortest {
			shortest = l
		}
	}
	if 2*int(shortest) <= litPrimary {
		pairLiterals(&z.dyn[0])
	}
	z.lit, z.dist = &z.dyn[0], &z.dyn[1]
	return nil
}

// huffman decodes a compressed block until its end or until the window is
// full. It is the hot loop: the state lives in locals.
func (z *Reader) huffman() error {
	in, pos, bb, nb, pad := z.in, z.pos, z.bb, z.nb, z.pad
	out, w := z.out, z.w
	lit, dist := z.lit, z.dist
	limit := len(out) - slack
	var err error
	for w <= limit {
		if nb < 48 {
			if pos+8 <= len(in) {
				bb |= binary.LittleEndian.Uint64(in[pos:]) << nb
				pos += int(63-nb) >> 3
				nb |= 56
			} else {
				z.pos, z.bb, z.nb, z.pad = pos, bb, nb, pad
				z.refill()
				pos, bb, nb, pad = z.pos, z.bb, z.nb, z.pad
			}
		}
		e := lit[bb&(1<<litPrimary-1)]
		if e>>4&15 == kSub {
			bb >>= litPrimary
			nb -= litPrimary
			e = lit[(e>>16+uint32(bb)&(1<<(e>>8&15)-1))&(tableSize-1)]
		}
		bb >>= e & 15
		nb -= uint(e & 15)
		if pad > nb {
			err = io.ErrUnexpectedEOF
			break
		}
		kind := e >> 4 & 15
		if kind == kLit {
			out[w&(bufSize-1)] = byte(e >> 16)
			w++
			continue
		}
		if kind == kLit2 {
			out[w&(bufSize-1)] = byte(e >> 16)
			out[(w+1)&(bufSize-1)] = byte(e >> 24)
			w += 2
			continue
		}
		if kind != kLen {
			if kind == kEnd {
				z.endBlock()
			} else {
				err = badData(pos, nb, pad, noCode(e))
			}
			break
		}
		x := e >> 8 & 15
		length := int(e>>16 + uint32(bb)&(1<<x-1))
		bb >>= x
		nb -= uint(x)
		d := dist[bb&(1<<distPrimary-1)]
		if d>>4&15 == kSub {
			bb >>= distPrimary
			nb -= distPrimary
			d = dist[(d>>16+uint32(bb)&(1<<(d>>8&15)-1))&(tableSize-1)]
		}
		bb >>= d & 15
		nb -= uint(d & 15)
		x = d >> 8 & 15
		distance := int(d>>16 + uint32(bb)&(1<<x-1))
		bb >>= x
		nb -= uint(x)
		if pad > nb {
			err = io.ErrUnexpectedEOF
			break
		}
		if d>>4&15 != kDist {
			err = badData(pos, nb, pad, noCode(d))
			break
		}
		if distance > w {
			err = CorruptError(pos)
			break
		}
		src := w - distance
		switch {
		case distance >= 8:
			// Eight bytes at a time, possibly past the match's end
			// (slack); with distance ≥ 8 every load reads bytes
			// already written.
			for i := 0; i < length; i += 8 {
				binary.LittleEndian.PutUint64(out[w+i:], binary.LittleEndian.Uint64(out[src+i:]))
			}
		case distance == 1:
			b := out[src]
			for i := range length {
				out[w+i] = b
			}
		default:
			for i := range length {
				out[w+i] = out[src+i]
			}
		}
		w += length
	}
	z.pos, z.bb, z.nb, z.pad = pos, bb, nb, pad
	z.w = w
	return err
}
