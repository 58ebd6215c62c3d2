package extract

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"

	"github.com/h2non/filetype"
)

// Kind is what a file's content says it is, whatever its name says.
type Kind string

// Kinds the scanner routes on.
const (
	KindEmpty    Kind = "empty"
	KindText     Kind = "text"
	KindBinary   Kind = "binary"
	KindZip      Kind = "zip"
	KindOOXML    Kind = "ooxml"
	KindODF      Kind = "odf"
	KindPDF      Kind = "pdf"
	KindRTF      Kind = "rtf"
	KindOLE2     Kind = "ole2"
	KindGzip     Kind = "gzip"
	KindBzip2    Kind = "bzip2"
	KindXZ       Kind = "xz"
	KindSevenZip Kind = "7z"
	KindTar      Kind = "tar"
	KindEML      Kind = "eml"
	KindMbox     Kind = "mbox"
)

// SniffLen is how many leading bytes Sniff wants to see.
const SniffLen = 8192

// Sniff decides a file's kind from its first bytes (up to SniffLen). For
// KindBinary the second value names the type ("image/png") when known. Zip
// files need a second look at their members: see ZipKind.
func Sniff(head []byte) (Kind, string) {
	switch {
	case len(head) == 0:
		return KindEmpty, ""
	case bytes.HasPrefix(head, []byte("%PDF-")) || pdfWithinPrefix(head):
		return KindPDF, ""
	case bytes.HasPrefix(head, []byte(`{\rtf`)):
		return KindRTF, ""
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return KindOLE2, ""
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")),
		bytes.HasPrefix(head, []byte("PK\x07\x08")):
		return KindZip, ""
	case bytes.HasPrefix(head, []byte{0x1F, 0x8B}):
		return KindGzip, ""
	case bytes.HasPrefix(head, []byte("BZh")) && len(head) > 4 && head[3] >= '1' && head[3] <= '9':
		return KindBzip2, ""
	case bytes.HasPrefix(head, []byte{0xFD, '7', 'z', 'X', 'Z', 0x00}):
		return KindXZ, ""
	case bytes.HasPrefix(head, []byte{'7', 'z', 0xBC, 0xAF, 0x27, 0x1C}):
		return KindSevenZip, ""
	case len(head) >= 262 && bytes.Equal(head[257:262], []byte("ustar")):
		return KindTar, ""
	}
	if Textual(head) {
		switch {
		case isMbox(head):
			return KindMbox, ""
		case isMail(head):
			return KindEML, ""
		}
		return KindText, ""
	}
	if t, err := filetype.Match(head); err == nil && t != filetype.Unknown {
		return KindBinary, t.MIME.Value
	}
	return KindBinary, ""
}

// pdfWithinPrefix accepts PDFs with junk before the header, as readers do.
func pdfWithinPrefix(head []byte) bool {
	n := min(len(head), 1024)
	return bytes.Contains(head[:n], []byte("%PDF-1.")) || bytes.Contains(head[:n], []byte("%PDF-2."))
}

// Textual reports whether head looks like text in some encoding: UTF-8 or
// an 8-bit code page without NULs, or UTF-16 (with or without a BOM).
func Textual(head []byte) bool {
	if UTF16Order(head) != 0 {
		return true
	}
	if bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
		head = head[3:]
	}
	if len(head) == 0 {
		return true
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	return controlBytes(head)*20 < len(head) // under 5% control bytes
}

// controlBytes counts the bytes of b that controlByte marks, skipping
// eight bytes at a time where none is below 0x20: the high bit of each
// byte of lt is set exactly for those (no carry crosses a byte, as
// (c&0x7F)+0x60 < 0x100).
func controlBytes(b []byte) int {
	n, i := 0, 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if lt := ^((x&0x7f7f7f7f7f7f7f7f + 0x6060606060606060) | x) & 0x8080808080808080; lt == 0 {
			continue
		}
		for _, c := range b[i : i+8] {
			n += int(controlByte[c])
		}
	}
	for _, c := range b[i:] {
		n += int(controlByte[c])
	}
	return n
}

// controlByte is 1 for the control bytes Textual counts against text:
// below 0x20 except NUL (rejected outright), \n, \r, \t, \f, ESC and SUB.
var controlByte = func() (t [256]uint8) {
	for c := 1; c < 0x20; c++ {
		switch c {
		case '\n', '\r', '\t', '\f', 0x1B, 0x1A:
		default:
			t[c] = 1
		}
	}
	return t
}()

// UTF16Order tells whether head is UTF-16: +1 little endian, -1 big endian,
// 0 not UTF-16. A BOM decides; without one, text that is mostly ASCII shows
// as NULs in every other byte (Excel "Unicode text", PowerShell exports).
func UTF16Order(head []byte) int {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return 1
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return -1
	}
	n := min(len(head), 4096) &^ 1
	if n < 4 {
		return 0
	}
	if bytes.IndexByte(head[:n], 0) < 0 {
		return 0 // no NUL: neither order can win below
	}
	// Pairs of two NULs are padding (UTF-16 text followed by zeros): they
	// say nothing about the byte order.
	var evenNUL, oddNUL, pairs int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 && head[i+1] == 0 {
			continue
		}
		pairs++
		if head[i] == 0 {
			evenNUL++
		}
		if head[i+1] == 0 {
			oddNUL++
		}
	}
	if pairs < 2 {
		return 0
	}
	switch {
	case oddNUL*10 >= pairs*7 && evenNUL*10 <= pairs:
		return 1
	case evenNUL*10 >= pairs*7 && oddNUL*10 <= pairs:
		return -1
	}
	return 0
}

var mailHeaders = []string{
	"return-path:", "received:", "from:", "to:", "subject:", "date:", "message-id:",
	"mime-version:", "delivered-to:", "x-mailer:", "content-type:", "reply-to:", "cc:",
	"dkim-signature:", "authentication-results:", "thread-topic:", "x-ms-exchange",
}

var mailHeaderBytes = func() (b [][]byte) {
	for _, h := range mailHeaders {
		b = append(b, []byte(h))
	}
	return b
}()

// isMail recognises an RFC 5322 message: its first lines are headers, and
// among them at least two well-known mail headers. It reads the first
// 4 KiB, up to 40 lines (the 40th is the rest), without copying: every
// file passes here.
func isMail(head []byte) bool {
	rest := head[:min(len(head), 4096)]
	known := 0
	for i := 0; i < 40; i++ {
		l := rest
		if i < 39 {
			if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
				l, rest = rest[:nl], rest[nl+1:]
			} else {
				rest = nil
			}
		}
		l = bytes.TrimRight(l, "\r")
		if len(l) == 0 {
			return known >= 2 && i > 0
		}
		if l[0] == ' ' || l[0] == '\t' {
			if rest == nil {
				break
			}
			continue // folded header
		}
		colon := bytes.IndexByte(l, ':')
		if colon <= 0 || bytes.ContainsAny(l[:colon], " \t") {
			return false
		}
		for _, h := range mailHeaderBytes {
			if len(l) >= len(h) && bytes.EqualFold(l[:len(h)], h) {
				known++
				break
			}
		}
		if rest == nil {
			break
		}
	}
	return known >= 3
}

// isMbox recognises the "From " separator line that starts an mbox file,
// followed by mail headers.
func isMbox(head []byte) bool {
	if !bytes.HasPrefix(head, []byte("From ")) {
		return false
	}
	nl := bytes.IndexByte(head, '\n')
	return nl > 0 && isMail(head[nl+1:])
}

// ZipKind looks inside a zip file to tell office documents from archives.
// It reads the central directory a bounded batch at a time (ZipDir), so a
// zip of millions of entries never makes it build the whole list.
func ZipKind(at io.ReaderAt, size int64) Kind {
	d, err := NewZipDir(at, size)
	if err != nil {
		return KindZip
	}
	for d.Seen() < DefaultLimits.MaxEntries {
		zr, err := d.Next(10000)
		if err != nil && !errors.Is(err, zip.ErrInsecurePath) || zr == nil || len(zr.File) == 0 {
			return KindZip
		}
		for _, f := range zr.File {
			switch f.Name {
			case "[Content_Types].xml":
				return KindOOXML
			case "mimetype":
				if rc, err := f.Open(); err == nil {
					b := make([]byte, 64)
					n, _ := io.ReadFull(rc, b)
					rc.Close()
					if bytes.HasPrefix(b[:n], []byte("application/vnd.oasis.opendocument")) {
						return KindODF
					}
				}
			}
		}
	}
	return KindZip
}
