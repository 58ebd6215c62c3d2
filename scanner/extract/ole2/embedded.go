package ole2

import (
	"bytes"
	"encoding/binary"
	"path"
	"strconv"
	"strings"

	"github.com/credsweep/credsweep/scanner/extract"
)

// embedded hands files embedded as OLE objects to the scanner: "Package"
// streams (a whole docx/xlsx/zip) and Ole10Native objects (any file, with
// its original name).
func (c *compound) embedded(sink extract.Sink) error {
	n := 0
	for _, f := range c.files {
		if f.FileInfo().IsDir() || len(f.Path) == 0 {
			continue
		}
		native := f.Name == "Ole10Native" && f.Initial == 0x01
		if f.Name != "Package" && !native {
			continue
		}
		if err := c.ctx.Err(); err != nil {
			return err
		}
		n++
		if c.lim.MaxEntries > 0 && n > c.lim.MaxEntries {
			return extract.LimitError("more than %d embedded objects", c.lim.MaxEntries)
		}
		where := strings.Join(f.Path, "/")
		b, truncated, err := c.read(f)
		if err != nil {
			return err
		}
		if truncated {
			sink.Skip(where, "embedded object over the size limit")
			continue
		}
		name := where + "/embedded " + strconv.Itoa(n)
		if native {
			if label, data, ok := parseOle10Native(b); ok {
				if label != "" {
					name = where + "/" + label
				}
				b = data
			}
		}
		if err := sink.File(name, int64(len(b)), bytes.NewReader(b)); err != nil {
			return err
		}
	}
	return nil
}

// parseOle10Native splits an Ole10Native stream: size, flags, label, path,
// then a temporary path and the data (MS-OLEDS 2.3.6, as written by the
// Packager).
func parseOle10Native(b []byte) (label string, data []byte, ok bool) {
	le := binary.LittleEndian
	cstr := func(off int) (string, int, bool) {
		i := bytes.IndexByte(b[min(off, len(b)):], 0)
		if i < 0 {
			return "", 0, false
		}
		return string(b[off : off+i]), off + i + 1, true
	}
	if len(b) < 6 {
		return "", nil, false
	}
	off := 6
	label, off, ok = cstr(off)
	if !ok {
		return "", nil, false
	}
	if _, off, ok = cstr(off); !ok { // source path
		return "", nil, false
	}
	off += 4 // unknown, 0x00030000
	if off+4 > len(b) {
		return "", nil, false
	}
	n := int(le.Uint32(b[off:]))
	off += 4
	if n < 0 || off+n > len(b) {
		return "", nil, false
	}
	off += n // temporary path, NUL included
	if off+4 > len(b) {
		return "", nil, false
	}
	size := int(le.Uint32(b[off:]))
	off += 4
	if size < 0 || off+size > len(b) {
		return "", nil, false
	}
	label = path.Base(strings.ReplaceAll(label, `\`, "/"))
	if label == "." || label == "/" {
		label = ""
	}
	return label, b[off : off+size], true
}
