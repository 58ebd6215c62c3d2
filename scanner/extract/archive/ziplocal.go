package archive

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
	kflate "github.com/klauspost/compress/flate"
)

// Zip record signatures.
const (
	sigLocal       = 0x04034b50
	localHeaderLen = 30
)

// zipLocal walks the local file headers from the start of a zip whose
// central directory is missing or unreadable (a truncated download or
// copy) so that the members before the damage are still scanned. It
// returns how many members it handed over. Members whose end cannot be
// found (stored with a data descriptor) end the walk.
func zipLocal(b *budget, ra io.ReaderAt, size int64, sink extract.Sink) int {
	names := newNamer()
	handed := 0
	var h [localHeaderLen]byte
	for off := int64(0); off+localHeaderLen <= size && b.check() == nil; {
		if _, err := ra.ReadAt(h[:], off); err != nil || binary.LittleEndian.Uint32(h[:]) != sigLocal {
			break
		}
		flags := binary.LittleEndian.Uint16(h[6:])
		method := binary.LittleEndian.Uint16(h[8:])
		comp := int64(binary.LittleEndian.Uint32(h[18:]))
		uncomp := int64(binary.LittleEndian.Uint32(h[22:]))
		nameLen := int64(binary.LittleEndian.Uint16(h[26:]))
		extraLen := int64(binary.LittleEndian.Uint16(h[28:]))
		dataOff := off + localHeaderLen + nameLen + extraLen
		if dataOff > size || !b.entry() {
			break
		}
		meta := make([]byte, nameLen+extraLen)
		if _, err := ra.ReadAt(meta, off+localHeaderLen); err != nil {
			break
		}
		rawName, extra := string(meta[:nameLen]), meta[nameLen:]
		if comp == 0xffffffff || uncomp == 0xffffffff {
			uncomp, comp = zip64Sizes(extra, uncomp, comp)
		}
		known := flags&flagDescriptor == 0
		next := dataOff + comp // start of the next header when sizes are known
		name := names.unique(cleanName(zipName(rawName, flags, extra)))
		where := fmt.Sprintf("zip member %q", name)
		isDir := len(rawName) > 0 && rawName[len(rawName)-1] == '/'

		var r io.Reader
		var consumed func() int64
		switch {
		case isDir:
		case flags&flagEncrypted != 0:
			sink.Skip(name, "encrypted")
			b.encryptedMember(name)
		case method == 0 && known:
			r = io.NewSectionReader(ra, dataOff, min(comp, size-dataOff))
			if comp > size-dataOff {
				// The file ends inside the member.
				r = io.MultiReader(r, failReader{io.ErrUnexpectedEOF})
			}
		case method == 8:
			limit := size - dataOff
			if known {
				limit = min(comp, limit)
			}
			cnt := &counter{r: io.NewSectionReader(ra, dataOff, limit)}
			br := bufio.NewReader(cnt)
			r = kflate.NewReader(br)
			consumed = func() int64 { return cnt.n - int64(br.Buffered()) }
		default:
			reason := fmt.Sprintf("unsupported compression method %d; not examined", method)
			sink.Skip(name, reason)
			b.limitedMember("%s: %s", where, reason)
		}
		if r != nil {
			if b.exhausted(where, uncomp) {
				break
			}
			packed := func() int64 { return max(comp, 1) }
			if consumed != nil {
				packed = func() int64 { return max(consumed(), 1) }
			}
			m := &member{b: b, r: r, name: name, where: where, packed: packed}
			handed++
			sinkErr := sink.File(name, b.sizeHint(uncomp), m)
			if !known {
				// The next header is only found at the end of this
				// member's deflate stream; reading there is counted.
				_, _ = io.Copy(io.Discard, m)
			}
			if m.finish(sink, sinkErr) != nil || m.err != nil || (m.cut != "" && !known) {
				break
			}
		}
		if !known {
			if consumed == nil {
				break // a stored member with a data descriptor has no findable end
			}
			next = skipDescriptor(ra, dataOff+consumed(), size)
		}
		if next <= off {
			break
		}
		off = next
	}
	return handed
}

// zip64Sizes reads the sizes a zip64 extra field holds for the header
// fields set to 0xffffffff (uncompressed first, then compressed).
func zip64Sizes(extra []byte, uncomp, comp int64) (int64, int64) {
	for len(extra) >= 4 {
		tag := binary.LittleEndian.Uint16(extra)
		n := int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if n > len(extra) {
			break
		}
		field := extra[:n]
		extra = extra[n:]
		if tag != 0x0001 {
			continue
		}
		for _, v := range []*int64{&uncomp, &comp} {
			if *v == 0xffffffff && len(field) >= 8 {
				*v = int64(min(binary.LittleEndian.Uint64(field), 1<<62))
				field = field[8:]
			}
		}
	}
	return uncomp, comp
}

// skipDescriptor returns where the next local header starts after the
// data descriptor at off: 12, 16, 20 or 24 bytes depending on the
// optional signature and zip64 sizes, found by looking for the next
// local header signature.
func skipDescriptor(ra io.ReaderAt, off, size int64) int64 {
	var buf [28]byte
	n, _ := ra.ReadAt(buf[:], off)
	for _, skip := range []int{16, 12, 24, 20} {
		if skip+4 <= n && binary.LittleEndian.Uint32(buf[skip:]) == sigLocal {
			return off + int64(skip)
		}
	}
	return -1
}

// failReader fails every Read with err.
type failReader struct{ err error }

func (f failReader) Read([]byte) (int, error) { return 0, f.err }
