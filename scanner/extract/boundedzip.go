package extract

import (
	"archive/zip"
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Zip record layouts, from PKWARE's APPNOTE.TXT (version 6.3.10):
// 4.3.16 end of central directory record (22 bytes and a comment), 4.3.15
// zip64 end of central directory locator (20 bytes), 4.3.14 zip64 end of
// central directory record (56 bytes without extensible data) and 4.3.12
// central directory file header (46 bytes, then name, extra field and
// comment).
const (
	zipEndSig      = 0x06054b50
	zipEndLen      = 22
	zip64LocSig    = 0x07064b50
	zip64LocLen    = 20
	zip64EndSig    = 0x06064b50
	zip64EndLen    = 56
	zipDirSig      = 0x02014b50
	zipDirLen      = 46
	zipDirReadSize = 64 << 10
)

// ZipDir is the central directory of a zip file, located from its end
// records but not read: archive/zip's NewReader builds the list of every
// member before returning, so a zip of three million empty entries costs
// gigabytes there. Next hands out the members a bounded batch at a time,
// each batch as a *zip.Reader over a view of the file whose central
// directory holds that batch only.
//
// The end records are found the way archive/zip (Go 1.26) finds them, so
// that what Next reads is the directory the standard reader would read.
type ZipDir struct {
	ra       io.ReaderAt
	size     int64
	base     int64  // where offset 0 of the archive is in the file (prepended data)
	start    int64  // first central directory header, in the file
	declared uint64 // entry count of the end record
	off      int64  // next header to hand out
	seen     int    // headers handed out so far
	done     bool
}

// NewZipDir locates the central directory of the size bytes in ra. It
// fails, wrapping zip.ErrFormat, when no end record is found.
func NewZipDir(ra io.ReaderAt, size int64) (*ZipDir, error) {
	var buf []byte
	endOff := int64(-1)
	for _, n := range []int64{1024, 65 * 1024} {
		n = min(n, size)
		if n < zipEndLen {
			break
		}
		buf = make([]byte, n)
		if _, err := ra.ReadAt(buf, size-n); err != nil && err != io.EOF {
			return nil, err
		}
		if p := findZipEnd(buf); p >= 0 {
			buf, endOff = buf[p:], size-n+int64(p)
			break
		}
		if n == size {
			break
		}
	}
	if endOff < 0 {
		return nil, fmt.Errorf("%w: no end of central directory record", zip.ErrFormat)
	}
	le := binary.LittleEndian
	records := uint64(le.Uint16(buf[10:]))
	dirSize := uint64(le.Uint32(buf[12:]))
	dirOff := uint64(le.Uint32(buf[16:]))
	// archive/zip tests the size field against 0xffff, not 0xffffffff;
	// the same test finds the same directory.
	if records == 0xffff || dirSize == 0xffff || dirOff == 0xffffffff {
		if p, ok, err := findZip64End(ra, endOff); err != nil {
			return nil, err
		} else if ok {
			var rec [zip64EndLen]byte
			if _, err := ra.ReadAt(rec[:], p); err != nil {
				return nil, err
			}
			if le.Uint32(rec[:]) != zip64EndSig {
				return nil, fmt.Errorf("%w: bad zip64 end record", zip.ErrFormat)
			}
			endOff = p
			records, dirSize, dirOff = le.Uint64(rec[32:]), le.Uint64(rec[40:]), le.Uint64(rec[48:])
		}
	}
	if dirSize > 1<<63-1 || dirOff > 1<<63-1 {
		return nil, fmt.Errorf("%w: directory size or offset out of range", zip.ErrFormat)
	}
	base := endOff - int64(dirSize) - int64(dirOff)
	if o := base + int64(dirOff); o < 0 || o >= size {
		return nil, fmt.Errorf("%w: directory offset outside the file", zip.ErrFormat)
	}
	if base > 0 && dirOff < uint64(size) && validZipDirHeader(ra, int64(dirOff), size) {
		// As archive/zip: a directory found at the offset as written
		// wins over the prepended data the end record implies.
		base = 0
	}
	start := base + int64(dirOff)
	return &ZipDir{ra: ra, size: size, base: base, start: start, declared: records, off: start}, nil
}

// findZipEnd returns where the end record starts in b, the last one whose
// comment fits, or -1; archive/zip's rule.
func findZipEnd(b []byte) int {
	for i := len(b) - zipEndLen; i >= 0; i-- {
		if binary.LittleEndian.Uint32(b[i:]) == zipEndSig {
			n := int(binary.LittleEndian.Uint16(b[i+zipEndLen-2:]))
			if n+zipEndLen+i > len(b) {
				return -1
			}
			return i
		}
	}
	return -1
}

// findZip64End reads the zip64 locator just before the end record.
func findZip64End(ra io.ReaderAt, endOff int64) (int64, bool, error) {
	loc := endOff - zip64LocLen
	if loc < 0 {
		return 0, false, nil
	}
	var b [zip64LocLen]byte
	if _, err := ra.ReadAt(b[:], loc); err != nil {
		return 0, false, err
	}
	le := binary.LittleEndian
	if le.Uint32(b[:]) != zip64LocSig || le.Uint32(b[4:]) != 0 || le.Uint32(b[16:]) != 1 {
		return 0, false, nil
	}
	return int64(le.Uint64(b[8:])), true, nil
}

func validZipDirHeader(ra io.ReaderAt, off, size int64) bool {
	br := bufio.NewReaderSize(io.NewSectionReader(ra, off, size-off), 512)
	_, err := skipZipDirHeader(br)
	return err == nil
}

// skipZipDirHeader reads past one central directory header, returning its
// length; the error wraps zip.ErrFormat (not a header) or is
// io.ErrUnexpectedEOF (cut short), as with archive/zip.
func skipZipDirHeader(br *bufio.Reader) (int64, error) {
	var h [zipDirLen]byte
	if _, err := io.ReadFull(br, h[:]); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, err
	}
	if binary.LittleEndian.Uint32(h[:]) != zipDirSig {
		return 0, zip.ErrFormat
	}
	n := int(binary.LittleEndian.Uint16(h[28:])) + int(binary.LittleEndian.Uint16(h[30:])) +
		int(binary.LittleEndian.Uint16(h[32:]))
	if k, err := br.Discard(n); k < n {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, err
	}
	return int64(zipDirLen + n), nil
}

// Seen is the number of members handed out so far.
func (d *ZipDir) Seen() int { return d.seen }

// More reports whether members remain after those handed out; it reads
// the next header's signature.
func (d *ZipDir) More() bool {
	if d.done {
		return false
	}
	var sig [4]byte
	if _, err := d.ra.ReadAt(sig[:], d.off); err != nil || binary.LittleEndian.Uint32(sig[:]) != zipDirSig {
		return false
	}
	return true
}

// dirReaders keeps the buffers Next reads directory headers through.
var dirReaders sync.Pool

// Next returns a reader over the next at most n members in directory
// order, or nil, nil when none are left. Like archive/zip it reads headers
// until one is not a header; when the directory ends within the first
// batch with another count than the end record's (compared on 16 bits,
// as archive/zip does), the zip is malformed (zip.ErrFormat). The error
// zip.ErrInsecurePath comes with a valid reader, as from zip.NewReader.
func (d *ZipDir) Next(n int) (*zip.Reader, error) {
	if d.done || n <= 0 {
		return nil, nil
	}
	from := d.off
	br, _ := dirReaders.Get().(*bufio.Reader)
	if br == nil {
		br = bufio.NewReaderSize(nil, zipDirReadSize)
	}
	br.Reset(io.NewSectionReader(d.ra, from, d.size-from))
	defer func() {
		br.Reset(nil)
		dirReaders.Put(br)
	}()
	count := 0
	var end error
	for count < n {
		k, err := skipZipDirHeader(br)
		if err != nil {
			end = err
			break
		}
		d.off += k
		count++
	}
	if end != nil {
		d.done = true
		if !errors.Is(end, zip.ErrFormat) && end != io.ErrUnexpectedEOF {
			return nil, end
		}
		if from == d.start && uint16(count) != uint16(d.declared) {
			return nil, fmt.Errorf("%w: the directory holds %d entries, its end record says %d",
				zip.ErrFormat, count, d.declared)
		}
		if count == 0 {
			return nil, nil
		}
	}
	d.seen += count
	zr, err := zip.NewReader(d.view(from, d.off, count))
	return fastInflate(zr), err
}

// view is the file up to the start of the central directory, the
// directory headers in [from, to), and zip64 end records for them.
func (d *ZipDir) view(from, to int64, count int) (io.ReaderAt, int64) {
	le := binary.LittleEndian
	dirSize := to - from
	tail := make([]byte, zip64EndLen+zip64LocLen+zipEndLen)
	rec := tail[:zip64EndLen]
	le.PutUint32(rec, zip64EndSig)
	le.PutUint64(rec[4:], zip64EndLen-12)
	le.PutUint16(rec[12:], 45)
	le.PutUint16(rec[14:], 45)
	le.PutUint64(rec[24:], uint64(count))
	le.PutUint64(rec[32:], uint64(count))
	le.PutUint64(rec[40:], uint64(dirSize))
	le.PutUint64(rec[48:], uint64(d.start-d.base))
	loc := tail[zip64EndLen : zip64EndLen+zip64LocLen]
	le.PutUint32(loc, zip64LocSig)
	le.PutUint64(loc[8:], uint64(d.start+dirSize))
	le.PutUint32(loc[16:], 1)
	end := tail[zip64EndLen+zip64LocLen:]
	le.PutUint32(end, zipEndSig)
	le.PutUint16(end[8:], 0xffff)
	le.PutUint16(end[10:], 0xffff)
	le.PutUint32(end[12:], 0xffffffff)
	le.PutUint32(end[16:], 0xffffffff)
	v := &zipView{ra: d.ra, prefix: d.start, dirFrom: from, dirLen: dirSize, tail: tail}
	return v, d.start + dirSize + int64(len(tail))
}

// zipView is a file made of [0, prefix) of ra, dirLen bytes of ra from
// dirFrom, then tail.
type zipView struct {
	ra      io.ReaderAt
	prefix  int64
	dirFrom int64
	dirLen  int64
	tail    []byte
}

func (v *zipView) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	total := 0
	for len(p) > 0 {
		var n int
		var err error
		switch {
		case off < v.prefix:
			n, err = v.ra.ReadAt(p[:min(int64(len(p)), v.prefix-off)], off)
		case off < v.prefix+v.dirLen:
			rel := off - v.prefix
			n, err = v.ra.ReadAt(p[:min(int64(len(p)), v.dirLen-rel)], v.dirFrom+rel)
		case off < v.prefix+v.dirLen+int64(len(v.tail)):
			n = copy(p, v.tail[off-v.prefix-v.dirLen:])
		default:
			return total, io.EOF
		}
		total += n
		off += int64(n)
		p = p[n:]
		if err != nil && (err != io.EOF || len(p) > 0 && n == 0) {
			return total, err
		}
	}
	return total, nil
}
