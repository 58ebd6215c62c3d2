package archive

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/credsweep/credsweep/scanner/extract"
)

// tarBlock is the size of a tar header.
const tarBlock = 512

// IsTar reports whether head, the first bytes of a file (512 are enough),
// starts a tar archive: a POSIX or GNU "ustar" magic at offset 257, or an
// old V7 header whose checksum is right.
func IsTar(head []byte) bool {
	if len(head) >= 262 && bytes.Equal(head[257:262], []byte("ustar")) {
		return true
	}
	return len(head) >= tarBlock && head[0] != 0 && v7Checksum(head[:tarBlock])
}

// v7Checksum checks the header checksum of a pre-POSIX tar header, which
// has no magic: the octal sum of the header bytes with the checksum field
// counted as spaces. Both the unsigned and the historic signed sums are
// accepted.
func v7Checksum(h []byte) bool {
	field := h[148:156]
	var want int64
	digits := 0
	for _, c := range field {
		switch {
		case c >= '0' && c <= '7':
			want = want*8 + int64(c-'0')
			digits++
		case (c == ' ' || c == 0) && digits == 0:
		case c == ' ' || c == 0:
			goto done
		default:
			return false
		}
	}
done:
	if digits == 0 {
		return false
	}
	var unsigned, signed int64
	for i, c := range h {
		if i >= 148 && i < 156 {
			c = ' '
		}
		unsigned += int64(c)
		signed += int64(int8(c))
	}
	return want == unsigned || want == signed
}

// Tar hands each regular file of a tar archive to sink.File, reading
// in.R as a stream. Links, devices and pipes are reported with
// sink.Skip; directories are not files.
func Tar(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer recoverAs("tar", &err)
	b, cancel := newBudget(ctx, in, "tar")
	defer cancel()
	if in.R == nil {
		return extract.MalformedError("tar: no content to read")
	}
	walkTar(b, in.R, sink, nil)
	return b.result()
}

// walkTar reads the tar archive in r. s, when not nil, is the
// decompressed stream under r, whose error explains a broken archive
// better than the tar reader's.
func walkTar(b *budget, r io.Reader, sink extract.Sink, s *stream) {
	tr := tar.NewReader(r)
	names := newNamer()
	for b.check() == nil {
		hdr, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			if b.check() != nil {
				return
			}
			b.fail(tarError(b, s, err))
			return
		}
		if !b.entry() {
			return
		}
		if hdr.Typeflag == tar.TypeDir {
			continue
		}
		name := names.unique(cleanName(hdr.Name))
		if reason := tarSkipReason(hdr); reason != "" {
			sink.Skip(name, reason)
			continue
		}
		m := &member{b: b, r: tr, name: name, where: fmt.Sprintf("%s member %q", b.format, name)}
		if b.exhausted(m.where, hdr.Size) {
			return
		}
		if m.finish(sink, sink.File(name, b.sizeHint(hdr.Size), m)) != nil {
			return
		}
		if m.err != nil {
			// The stream under the member is broken: the next header
			// cannot be found, and the error is already recorded.
			return
		}
	}
}

// tarError explains why the next tar header could not be read. An
// archive that ends inside a header, or a stream that ends early, is
// truncated (ErrTruncated).
func tarError(b *budget, s *stream, err error) error {
	kind := extract.ErrMalformed
	if s != nil && s.err != nil {
		if errors.Is(s.err, io.ErrUnexpectedEOF) {
			kind = truncatedKind
		}
		return fmt.Errorf("%w: %s: %s after %s", kind, s.format, describe(s.format, s.err), humanBytes(s.out))
	}
	if b.items == 0 {
		return extract.MalformedError("%s: not a valid tar archive (%s)", b.format, describe("archive/tar", err))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		kind = truncatedKind
	}
	return fmt.Errorf("%w: %s: %s after %d entries", kind, b.format, describe("archive/tar", err), b.items)
}

// tarSkipReason says why an entry has no content to scan, or "" for a
// regular file.
func tarSkipReason(hdr *tar.Header) string {
	switch hdr.Typeflag {
	case tar.TypeReg, tar.TypeGNUSparse, tar.TypeCont:
		return ""
	case tar.TypeSymlink:
		return "symlink to " + cleanTarget(hdr.Linkname)
	case tar.TypeLink:
		return "hard link to " + cleanTarget(hdr.Linkname)
	case tar.TypeChar:
		return "character device"
	case tar.TypeBlock:
		return "block device"
	case tar.TypeFifo:
		return "named pipe"
	}
	return fmt.Sprintf("unsupported tar entry type %q", hdr.Typeflag)
}

// cleanTarget makes a link target printable without resolving it.
func cleanTarget(s string) string {
	if s == "" {
		return "(nothing)"
	}
	return fmt.Sprintf("%q", s)
}
