// Package ooxml extracts text from Office Open XML documents: Word
// (docx, docm, dotx, dotm), Excel (xlsx, xlsm, xltx, xltm) and PowerPoint
// (pptx, pptm, ppsx, potx). The kind is decided by the package's main part,
// never by the file name.
//
// Worksheets stream row by row as table sections ("sheet <name>", line N =
// row N), so a sheet of any size is read in bounded memory; only the
// shared string table is held, and it is capped. Word tables become table
// sections ("table N"), body text the main section, and headers, footers,
// notes and comments sections of their own; slides and speaker notes are
// "slide N" and "notes N". Embedded objects and VBA projects go back to the
// scanner as nested files.
//
// Not read: binary workbooks (xlsb, reported as skipped), charts, SmartArt
// data, threaded comments, formulas (only their cached values), docProps.
// Password-protected Office files are OLE containers, not zips: they are
// reported as encrypted.
package ooxml

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/richardlehane/mscfb"

	"github.com/credsweep/credsweep/scanner/extract"
)

type kind int

const (
	unknown kind = iota
	word
	workbook
	slides
	binaryWorkbook
)

// Extract extracts the text of an OOXML document into sink. It honours ctx
// and in.Limits, returns errors wrapping extract.ErrMalformed,
// extract.ErrLimit or extract.ErrEncrypted, and never panics.
func Extract(ctx context.Context, in extract.Input, sink extract.Sink) (err error) {
	defer extract.Recover(&err, "ooxml")
	lim := in.Limits.WithDefaults()
	ctx, cancel := extract.WithTimeLimit(ctx, lim.MaxDuration)
	defer cancel()

	if ra, ok := oleInput(in); ok {
		return oleError(ra)
	}
	ra, size, err := in.ReaderAt()
	if err != nil {
		return err
	}
	zc, err := extract.OpenZip(ctx, ra, size, sink, lim)
	if err != nil {
		return err
	}
	c := container{zc}
	k, main, err := c.mainPart()
	if err != nil {
		return err
	}
	switch k {
	case word:
		err = c.docx(main)
	case workbook:
		err = c.xlsx(main)
	case slides:
		err = c.pptx(main)
	case binaryWorkbook:
		sink.Skip(main, "binary workbook (xlsb) is not supported")
	default:
		return extract.MalformedError("ooxml: no Word, Excel or PowerPoint main part")
	}
	if err != nil {
		return err
	}
	if err := c.embedded(); err != nil {
		return err
	}
	return c.Err()
}

// mainPart finds the main document part from [Content_Types].xml, falling
// back to the package relationships.
func (c container) mainPart() (kind, string, error) {
	ct, err := c.contentTypes()
	if err != nil {
		return unknown, "", err
	}
	var found string
	var k kind
	for name, t := range ct {
		if strings.HasPrefix(name, "*.") {
			continue
		}
		if kk := kindOf(t); kk != unknown && c.Lookup(name) != nil && (found == "" || name < found) {
			k, found = kk, name
		}
	}
	if found != "" {
		return k, found, nil
	}
	rels, err := c.rels("")
	if err != nil {
		return unknown, "", err
	}
	for _, r := range rels {
		if relType(r.typ) != "officeDocument" || r.external || c.Lookup(r.target) == nil {
			continue
		}
		switch strings.SplitN(strings.ToLower(r.target), "/", 2)[0] {
		case "word":
			return word, r.target, nil
		case "xl":
			if strings.HasSuffix(strings.ToLower(r.target), ".bin") {
				return binaryWorkbook, r.target, nil
			}
			return workbook, r.target, nil
		case "ppt":
			return slides, r.target, nil
		}
	}
	return unknown, "", nil
}

func kindOf(contentType string) kind {
	t := strings.ToLower(contentType)
	if strings.Contains(t, "ms-excel.sheet.binary") {
		return binaryWorkbook
	}
	if !strings.HasSuffix(t, ".main+xml") {
		return unknown
	}
	switch {
	case strings.Contains(t, "wordprocessingml") || strings.Contains(t, "ms-word"):
		return word
	case strings.Contains(t, "spreadsheetml") || strings.Contains(t, "ms-excel"):
		return workbook
	case strings.Contains(t, "presentationml") || strings.Contains(t, "ms-powerpoint"):
		return slides
	}
	return unknown
}

// embedded hands OLE objects, embedded packages and VBA projects to the
// scanner as nested files.
func (c container) embedded() error {
	for _, f := range c.Files() {
		n := strings.ToLower(f.Name)
		if strings.HasSuffix(n, "/") || !(strings.Contains(n, "/embeddings/") || strings.HasSuffix(n, "vbaproject.bin")) {
			continue
		}
		if f.UncompressedSize64 > uint64(c.Limits().MaxMemberBytes) {
			err := extract.LimitError("embedded file %s is larger than %d bytes", f.Name, c.Limits().MaxMemberBytes)
			c.Sink().Skip(f.Name, err.Error())
			c.Note(err)
			continue
		}
		if err := c.HandOn(f); err != nil {
			return err
		}
	}
	return nil
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// oleInput reports whether the input is an OLE compound file rather than a
// zip: how Office stores a password-protected OOXML document.
func oleInput(in extract.Input) (io.ReaderAt, bool) {
	if in.At == nil {
		return nil, false
	}
	var head [8]byte
	if n, _ := in.At.ReadAt(head[:], 0); n < len(head) || !bytes.Equal(head[:], oleMagic) {
		return nil, false
	}
	return in.At, true
}

// oleError says whether an OLE file is an encrypted OOXML package (it then
// holds an EncryptedPackage stream) or something else.
func oleError(ra io.ReaderAt) error {
	r, err := mscfb.New(ra)
	if err != nil {
		return extract.MalformedError("ooxml: damaged OLE container: %v", err)
	}
	for i := 0; i < 4096; i++ {
		f, err := r.Next()
		if err != nil {
			break
		}
		if f.Name == "EncryptedPackage" {
			return fmt.Errorf("ooxml: password-protected Office document: %w", extract.ErrEncrypted)
		}
	}
	return extract.MalformedError("ooxml: an OLE compound file, not a zip package")
}
