// Package ole2 extracts text from legacy Office files stored as OLE2
// compound files: Word .doc, Excel .xls (BIFF5/BIFF8) and, best effort,
// PowerPoint .ppt. It recognises password-protected documents (encrypted
// Word and Excel files, and encrypted OOXML packages, which are compound
// files too) and hands Outlook .msg files to the mail extractor.
//
// Compound files of other kinds (Thumbs.db, .msi, Visio...) give no text:
// Extract records a Skip ("compound file of unknown type") and returns nil,
// since such files are not damaged, only out of scope. Embedded files in
// any compound file (OLE "Package" streams holding docx/xlsx, and
// Ole10Native objects) go back to the scanner as nested files.
package ole2

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/richardlehane/mscfb"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/mail"
)

// Kinds of compound file that Kind reports.
const (
	KindDoc       = "doc"
	KindXLS       = "xls"
	KindPPT       = "ppt"
	KindMSG       = "msg"
	KindEncrypted = "encrypted-ooxml"
	KindUnknown   = "unknown"
)

// signature starts every compound file.
const signature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"

// Kind says what a compound file holds, so the scanner can route it:
// "doc", "xls", "ppt", "msg", "encrypted-ooxml", or "unknown" (also for
// files that are not compound files at all).
func Kind(at io.ReaderAt, size int64) (kind string) {
	defer func() {
		if recover() != nil {
			kind = KindUnknown
		}
	}()
	c, err := open(at, size)
	if err != nil {
		return KindUnknown
	}
	return c.kind()
}

// IsMSG tells whether the compound file is an Outlook message.
func IsMSG(at io.ReaderAt, size int64) bool {
	return Kind(at, size) == KindMSG
}

// Extract extracts a compound file; see the package documentation.
func Extract(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer extract.Recover(&err, "ole2")
	at, size, err := in.ReaderAt()
	if err != nil {
		return err
	}
	c, err := open(at, size)
	if err != nil {
		return err
	}
	c.ctx, c.lim = ctx, in.Limits
	switch c.kind() {
	case KindEncrypted:
		return fmt.Errorf("%w: password-protected Office document", extract.ErrEncrypted)
	case KindMSG:
		in.At, in.Size = at, size
		return mail.MSG(ctx, in, sink)
	case KindDoc:
		err = c.word(sink)
	case KindXLS:
		err = c.workbook(sink)
	case KindPPT:
		err = c.presentation(sink)
	default:
		sink.Skip("", "compound file of unknown type")
	}
	if err != nil {
		return err
	}
	return c.embedded(sink)
}

// compound is an opened compound file.
type compound struct {
	ctx   context.Context
	lim   extract.Limits
	size  int64
	files []*mscfb.File
	root  map[string]*mscfb.File // streams at the top level
}

func open(at io.ReaderAt, size int64) (*compound, error) {
	if size < 512 {
		return nil, extract.MalformedError("too short for a compound file")
	}
	var sig [8]byte
	if _, err := at.ReadAt(sig[:], 0); err != nil || string(sig[:]) != signature {
		return nil, extract.MalformedError("not a compound file")
	}
	r, err := mscfb.New(at)
	if err != nil {
		return nil, extract.MalformedError("compound file: %v", err)
	}
	c := &compound{ctx: context.Background(), size: size, root: map[string]*mscfb.File{}}
	for f, err := r.Next(); err == nil; f, err = r.Next() {
		c.files = append(c.files, f)
		if len(f.Path) == 0 && !f.FileInfo().IsDir() {
			if _, dup := c.root[f.Name]; !dup {
				c.root[f.Name] = f
			}
		}
	}
	return c, nil
}

func (c *compound) kind() string {
	has := func(n string) bool { _, ok := c.root[n]; return ok }
	switch {
	case has("EncryptionInfo") && has("EncryptedPackage"):
		return KindEncrypted
	case has("WordDocument"):
		return KindDoc
	case has("Workbook") || has("Book") || has("WORKBOOK") || has("BOOK"):
		return KindXLS
	case has("PowerPoint Document"):
		return KindPPT
	case has("__properties_version1.0") || has("__nameid_version1.0"):
		return KindMSG
	}
	for n := range c.root {
		if strings.HasPrefix(n, "__substg1.0_") {
			return KindMSG
		}
	}
	return KindUnknown
}

// read reads a whole stream into memory, bounded by the file size and
// MaxMemberBytes; truncated says the limit cut it.
func (c *compound) read(f *mscfb.File) (b []byte, truncated bool, err error) {
	n := f.Size
	if n > c.size {
		// A stream cannot be larger than its file: the size field lies.
		n = c.size
	}
	if c.lim.MaxMemberBytes > 0 && n > c.lim.MaxMemberBytes {
		n, truncated = c.lim.MaxMemberBytes, true
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil && f.Size > 0 {
		return nil, false, extract.MalformedError("stream %s: %v", f.Name, err)
	}
	b = make([]byte, 0, n)
	buf := make([]byte, 32<<10)
	for int64(len(b)) < n {
		if err := c.ctx.Err(); err != nil {
			return nil, false, err
		}
		want := n - int64(len(b))
		if want > int64(len(buf)) {
			want = int64(len(buf))
		}
		k, err := f.Read(buf[:want])
		b = append(b, buf[:k]...)
		if err != nil || k == 0 {
			// A broken sector chain ends the stream where it breaks.
			break
		}
	}
	return b, truncated, nil
}

// stream reads a top-level stream by name (nil when absent).
func (c *compound) stream(name string) ([]byte, bool, error) {
	f := c.root[name]
	if f == nil {
		return nil, false, nil
	}
	return c.read(f)
}
