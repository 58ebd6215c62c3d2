package archive

import (
	"archive/zip"
	"compress/bzip2"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"github.com/credsweep/credsweep/scanner/extract"
	"golang.org/x/text/encoding/charmap"
)

// Zip compression methods beyond store and deflate that we can read.
const methodBzip2 = 12

// zipBatch is how many central directory entries are listed at a time.
const zipBatch = 10000

// Zip header flags.
const (
	flagEncrypted  = 0x1
	flagDescriptor = 0x8 // sizes and CRC follow the data
	flagUTF8       = 0x800
)

// extraUnicodePath is the Info-ZIP Unicode Path extra field: a UTF-8 name
// next to a legacy-encoded one.
const extraUnicodePath = 0x7075

// Zip hands each file member of a zip archive to sink.File. It reads the
// central directory through random access (in.ReaderAt), so zip64 and
// members in any order work. Encrypted members are skipped and reported;
// members whose declared compression ratio is a bomb's are skipped
// without being read; every member is also counted while it is read,
// because headers lie.
func Zip(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer recoverAs("zip", &err)
	b, cancel := newBudget(ctx, in, "zip")
	defer cancel()

	ra, size, err := in.ReaderAt()
	if err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	// The central directory is read a batch at a time: archive/zip lists
	// every member before returning, which for millions of empty entries
	// is gigabytes, and no more than MaxEntries+1 headers are looked at.
	dir, err := extract.NewZipDir(ra, size)
	var zr *zip.Reader
	if err == nil {
		zr, err = dir.Next(min(zipBatch, b.lim.MaxEntries+1))
	}
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		reason := describe("zip", err)
		if errors.Is(err, zip.ErrFormat) {
			reason = "no readable central directory"
		}
		// A truncated zip (an interrupted copy) lost its central
		// directory, which is at the end; its first members are intact.
		n := zipLocal(b, ra, size, sink)
		if n == 0 {
			return errors.Join(extract.MalformedError("zip: not a valid zip file (%s)", reason), b.result())
		}
		// Members found from their local headers, but no directory at
		// the end: the file was cut.
		return errors.Join(fmt.Errorf("%w: zip: not a valid zip file (%s); "+
			"%d members were read from their local headers", truncatedKind, reason, n), b.result())
	}

	names := newNamer()
	for zr != nil {
		// klauspost's inflate is about 1.5x faster than the standard one
		// on text, the bulk of what is scanned (ZipDir registers it too).
		zr.RegisterDecompressor(zip.Deflate, extract.Inflate)
		zr.RegisterDecompressor(methodBzip2, func(r io.Reader) io.ReadCloser {
			return io.NopCloser(bzip2.NewReader(r))
		})
		for _, f := range zr.File {
			if b.check() != nil || !b.entry() {
				return b.result()
			}
			if zipMember(b, f, size, names, sink) != nil {
				return b.result()
			}
		}
		room := b.lim.MaxEntries - b.items
		if room <= 0 {
			if dir.More() {
				b.entry() // records the entry limit
			}
			break
		}
		zr, err = dir.Next(min(zipBatch, room))
		if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
			b.fail(extract.MalformedError("zip: central directory unreadable after %d entries (%s)",
				dir.Seen(), describe("zip", err)))
			break
		}
	}
	return b.result()
}

// zipMember extracts one member; it returns non-nil when the archive loop
// must stop.
func zipMember(b *budget, f *zip.File, archiveSize int64, names *namer, sink extract.Sink) error {
	mode := f.Mode()
	if mode.IsDir() {
		return nil
	}
	name := names.unique(cleanName(zipName(f.Name, f.Flags, f.Extra)))
	where := fmt.Sprintf("zip member %q", name)
	switch t := mode.Type(); {
	case t&fs.ModeSymlink != 0:
		sink.Skip(name, zipLinkReason(f))
		return nil
	case t != 0 && f.UncompressedSize64 == 0:
		sink.Skip(name, "special file ("+t.String()+")")
		return nil
	}
	if f.Flags&flagEncrypted != 0 {
		sink.Skip(name, "encrypted")
		b.encryptedMember(name)
		return nil
	}

	// The data of a member cannot extend past the archive, whatever the
	// header says, so this bounds the real compressed size.
	packed := int64(min(f.CompressedSize64, uint64(max(archiveSize, 0))))
	if unpacked := f.UncompressedSize64; unpacked > ratioFloor &&
		float64(unpacked) > b.lim.MaxRatio*float64(packed) {
		reason := fmt.Sprintf("declared compression ratio of %.0f:1 (%s from %s) exceeds the limit of %g:1 "+
			"(a zip bomb?); not examined",
			float64(unpacked)/float64(max(packed, 1)), humanBytes(int64(min(unpacked, 1<<62))),
			humanBytes(packed), b.lim.MaxRatio)
		sink.Skip(name, reason)
		b.limitedMember("%s: %s", where, reason)
		return nil
	}

	if b.exhausted(where, int64(min(f.UncompressedSize64, 1<<62))) {
		return b.stop
	}
	rc, err := f.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			reason := fmt.Sprintf("unsupported compression method %d; not examined", f.Method)
			sink.Skip(name, reason)
			b.limitedMember("%s: %s", where, reason)
			return nil
		}
		sink.Skip(name, "unreadable: "+describe("zip", err))
		b.malformedMember("%s: %s", where, describe("zip", err))
		return nil
	}
	defer rc.Close()
	m := &member{b: b, r: rc, name: name, where: where, packed: func() int64 { return packed }}
	return m.finish(sink, sink.File(name, b.sizeHint(int64(min(f.UncompressedSize64, 1<<62))), m))
}

// zipName decodes a member name. Names without the UTF-8 flag are in the
// OEM code page of the Windows that wrote them: on Nordic machines code
// page 865 (Norway, Denmark) or 850 (Sweden, Finland, Iceland), which
// agree with each other on æøåÆØÅ and with CP437 (the spec's default) on
// every letter but ø and Ø, so CP865 reads all three. Many tools write
// UTF-8 without the flag; OEM text with accented letters is almost never
// valid UTF-8, so valid UTF-8 is taken as such. An Info-ZIP Unicode Path
// field, when it matches the name, wins.
func zipName(raw string, flags uint16, extra []byte) string {
	if u, ok := unicodePath(extra, raw); ok {
		return u
	}
	if flags&flagUTF8 != 0 || !hasNonASCII(raw) || utf8.ValidString(raw) {
		return raw
	}
	s, err := charmap.CodePage865.NewDecoder().String(raw)
	if err != nil {
		return raw
	}
	return s
}

// unicodePath returns the UTF-8 name of the Info-ZIP Unicode Path extra
// field when present and written for this very name (its CRC matches).
func unicodePath(extra []byte, name string) (string, bool) {
	for len(extra) >= 4 {
		tag := binary.LittleEndian.Uint16(extra)
		size := int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if size > len(extra) {
			return "", false
		}
		field := extra[:size]
		extra = extra[size:]
		if tag != extraUnicodePath || len(field) < 6 || field[0] != 1 {
			continue
		}
		if binary.LittleEndian.Uint32(field[1:]) != crc32.ChecksumIEEE([]byte(name)) {
			continue
		}
		if u := string(field[5:]); utf8.ValidString(u) && u != "" {
			return u, true
		}
	}
	return "", false
}

// zipLinkReason reads a symlink member's target (its content) for the
// report, bounded: a link is reported, never followed.
func zipLinkReason(f *zip.File) string {
	if f.Flags&flagEncrypted != 0 {
		return "symlink (encrypted)"
	}
	rc, err := f.Open()
	if err != nil {
		return "symlink"
	}
	defer rc.Close()
	target, _ := io.ReadAll(io.LimitReader(rc, 1024))
	if len(target) == 0 {
		return "symlink"
	}
	return "symlink to " + strings.ToValidUTF8(string(target), "\uFFFD")
}
