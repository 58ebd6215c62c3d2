package archive

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/bodgit/sevenzip"
	"github.com/credsweep/credsweep/scanner/extract"
)

// SevenZip hands each file of a 7z archive to sink.File. It needs random
// access (in.ReaderAt). Members of an encrypted archive are skipped and
// reported; when the file names are encrypted too, nothing can be listed
// and only extract.ErrEncrypted is returned.
//
// 7z packs many files into one solid stream, so there is no compressed
// size per file: the ratio guard compares each member's output with the
// size of the whole archive, which still catches bombs (a 7z of zeros
// compresses thousands of times).
func SevenZip(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer recoverAs("7z", &err)
	b, cancel := newBudget(ctx, in, "7z")
	defer cancel()

	ra, size, err := in.ReaderAt()
	if err != nil {
		return fmt.Errorf("7z: %w", err)
	}
	zr, err := sevenzip.NewReader(ra, size)
	if err != nil {
		if sevenZipEncrypted(err) {
			return fmt.Errorf("%w: 7z: the archive is password protected, file names included",
				extract.ErrEncrypted)
		}
		if errors.Is(err, extract.ErrLimit) {
			// The compressed header's coder asks for too much memory.
			return fmt.Errorf("%w (in the archive header)", limitCause(err))
		}
		return extract.MalformedError("7z: not a valid 7z archive (%s)", describe("sevenzip", err))
	}

	names := newNamer()
	for _, f := range zr.File {
		if b.check() != nil || !b.entry() {
			break
		}
		if sevenZipMember(b, f, size, names, sink) != nil {
			break
		}
	}
	return b.result()
}

// sevenZipMember extracts one member; it returns non-nil when the archive
// loop must stop.
func sevenZipMember(b *budget, f *sevenzip.File, archiveSize int64, names *namer, sink extract.Sink) error {
	mode := f.Mode()
	if mode.IsDir() {
		return nil
	}
	name := names.unique(cleanName(f.Name))
	where := fmt.Sprintf("7z member %q", name)
	switch t := mode.Type(); {
	case t&fs.ModeSymlink != 0:
		sink.Skip(name, "symlink")
		return nil
	case t != 0 && f.UncompressedSize == 0:
		// A special file with content (7-Zip records a FIFO mode for
		// data read from a pipe) is still read.
		sink.Skip(name, "special file ("+t.String()+")")
		return nil
	}
	if b.exhausted(where, int64(min(f.UncompressedSize, 1<<62))) {
		return b.stop
	}
	rc, err := f.Open()
	if err != nil {
		if sevenZipEncrypted(err) {
			sink.Skip(name, "encrypted")
			b.encryptedMember(name)
			return nil
		}
		if errors.Is(err, extract.ErrLimit) {
			// A coder's dictionary or model is over its cap: nothing of
			// its folder is decoded.
			reason := strings.TrimPrefix(limitCause(err).Error(), extract.ErrLimit.Error()+": ")
			sink.Skip(name, reason+"; not examined")
			b.limitedMember("%s: %s; not examined", where, reason)
			return nil
		}
		sink.Skip(name, "unreadable: "+describe("sevenzip", err))
		b.malformedMember("%s: %s", where, describe("sevenzip", err))
		return nil
	}
	defer rc.Close()
	// A missing password shows only once content is decoded: decode the
	// first bytes before the member is handed over, so that an encrypted
	// member is skipped instead of handed over unreadable.
	br := bufio.NewReaderSize(rc, 32<<10)
	if _, err := br.Peek(1); err != nil && sevenZipEncrypted(err) {
		sink.Skip(name, "encrypted")
		b.encryptedMember(name)
		return nil
	}
	m := &member{b: b, r: br, name: name, where: where, packed: func() int64 { return archiveSize }}
	sinkErr := sink.File(name, b.sizeHint(int64(min(f.UncompressedSize, 1<<62))), m)
	return m.finish(sink, sinkErr)
}

// limitCause digs the limit error of one of our coders (sevenzipcoders.go)
// out of the library's wrapping, so that messages do not repeat it.
func limitCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil || !errors.Is(next, extract.ErrLimit) || next == extract.ErrLimit {
			return err
		}
		err = next
	}
}

// sevenZipEncrypted reports whether err comes from a missing password.
func sevenZipEncrypted(err error) bool {
	var re *sevenzip.ReadError
	return errors.As(err, &re) && re.Encrypted
}
