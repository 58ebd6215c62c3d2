package pdf

import (
	"bytes"
	"io"
	"strconv"

	"github.com/credsweep/credsweep/scanner/extract"
)

// maxXrefSections bounds the chain of incremental updates followed.
const maxXrefSections = 512

// preflight walks the cross-reference chain before the library does: the
// library follows /Prev without remembering where it has been (a loop
// never ends) and allocates a table of /Size entries up front (a huge
// /Size exhausts memory). Both are rejected here as malformed.
func preflight(ra io.ReaderAt, size int64) error {
	tail := readAt(ra, max(0, size-1024), min(size, 1024))
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return extract.MalformedError("pdf: no startxref near the end")
	}
	off, ok := intAfter(tail[i+len("startxref"):])
	if !ok {
		return extract.MalformedError("pdf: startxref is not followed by an offset")
	}
	seen := map[int64]bool{}
	for n := 0; off >= 0; n++ {
		if off >= size {
			return extract.MalformedError("pdf: cross-reference offset %d is beyond the end of the file", off)
		}
		if seen[off] {
			return extract.MalformedError("pdf: cross-reference sections form a loop")
		}
		if n >= maxXrefSections {
			return extract.MalformedError("pdf: more than %d cross-reference sections", maxXrefSections)
		}
		seen[off] = true
		dict, err := xrefDict(ra, off, size)
		if err != nil {
			return err
		}
		if s, ok := keyInt(dict, "/Size"); ok && s > max(size, 1<<16) {
			return extract.MalformedError("pdf: /Size %d is impossible for a file of %d bytes", s, size)
		}
		if next, ok := keyInt(dict, "/Prev"); ok {
			off = next
		} else {
			off = -1
		}
	}
	return nil
}

// xrefDict returns the bytes of the trailer (xref table) or stream
// dictionary (xref stream) of the section at off.
func xrefDict(ra io.ReaderAt, off, size int64) ([]byte, error) {
	head := readAt(ra, off, min(4096, size-off))
	t := bytes.TrimLeft(head, " \t\r\n\f\x00")
	if !bytes.HasPrefix(t, []byte("xref")) {
		// An xref stream: its dictionary ends where the stream begins.
		if i := bytes.Index(head, []byte("stream")); i >= 0 {
			return head[:i], nil
		}
		return head, nil
	}
	// Table entries are digits, spaces, 'n' and 'f': the first "trailer"
	// after the table start is its trailer.
	for pos := off; pos < size; pos += 64<<10 - 16 {
		w := readAt(ra, pos, min(64<<10, size-pos))
		if i := bytes.Index(w, []byte("trailer")); i >= 0 {
			return readAt(ra, pos+int64(i), min(8192, size-pos-int64(i))), nil
		}
	}
	return nil, nil // no trailer: the library will say what is wrong
}

func readAt(ra io.ReaderAt, off, n int64) []byte {
	if n <= 0 || off < 0 {
		return nil
	}
	b := make([]byte, n)
	k, _ := ra.ReadAt(b, off)
	return b[:k]
}

// keyInt finds "/Key <int>" in a dictionary's bytes.
func keyInt(dict []byte, key string) (int64, bool) {
	for i := 0; ; {
		j := bytes.Index(dict[i:], []byte(key))
		if j < 0 {
			return 0, false
		}
		i += j + len(key)
		if i < len(dict) && isRegular(dict[i]) {
			continue // "/Prevx", "/SizeX": another key
		}
		return intAfter(dict[i:])
	}
}

func isRegular(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.'
}

func intAfter(b []byte) (int64, bool) {
	n, _, ok := intPrefix(bytes.TrimLeft(b, " \t\r\n\f"))
	return n, ok
}

// intPrefix parses the decimal integer at the start of b.
func intPrefix(b []byte) (int64, []byte, bool) {
	i := 0
	for i < len(b) && i < 19 && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, b, false
	}
	n, err := strconv.ParseInt(string(b[:i]), 10, 64)
	return n, b[i:], err == nil
}
