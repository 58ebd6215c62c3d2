// Command genbombs writes hostile archives for the memory benchmarks
// (bench/bombs.sh), streaming: none is ever held in memory, and the same
// flags always give the same bytes.
//
//	go run ./bench/genbombs -out /tmp/bombs            # every family
//	go run ./bench/genbombs -out /tmp/bombs -only zip-entries-3m
//
// Families: 7z-dict (a 7z whose LZMA2 dictionary field says 1.5 GiB over
// 512 MiB of password lines), zip-entries-1m and zip-entries-3m (that many empty
// members), xlsx-sst (a workbook whose sharedStrings.xml holds about
// 470 MB of text), zip-zeros (one member of 4 GiB of zeros), gzip-zeros
// (2 GiB of zeros) and zip-cut (a zip cut inside a member of 10,000
// password lines).
package main

import (
	"archive/zip"
	"bufio"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	kflate "github.com/klauspost/compress/flate"
	kgzip "github.com/klauspost/compress/gzip"
	"github.com/ulikunitz/xz/lzma"
)

var families = map[string]struct {
	file string
	gen  func(w io.Writer) error
}{
	"7z-dict":        {"dict.7z", sevenZipDict},
	"zip-entries-1m": {"entries-1m.zip", func(w io.Writer) error { return zipEntries(w, 1_000_000) }},
	"zip-entries-3m": {"entries-3m.zip", func(w io.Writer) error { return zipEntries(w, 3_000_000) }},
	"xlsx-sst":       {"sst.xlsx", xlsxSST},
	"zip-zeros":      {"zeros.zip", zipZeros},
	"gzip-zeros":     {"zeros.gz", gzipZeros},
	"zip-cut":        {"cut.zip", zipCut},
}

func main() {
	out := flag.String("out", "", "folder to write (created)")
	only := flag.String("only", "", "comma-separated families (default all)")
	list := flag.Bool("list", false, "print family and file names, then exit")
	flag.Parse()
	var names []string
	for n := range families {
		names = append(names, n)
	}
	sort.Strings(names)
	if *list {
		for _, n := range names {
			fmt.Println(n, families[n].file)
		}
		return
	}
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genbombs: -out is required")
		os.Exit(2)
	}
	if *only != "" {
		names = strings.Split(*only, ",")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	for _, n := range names {
		fam, ok := families[n]
		if !ok {
			fail(fmt.Errorf("unknown family %q", n))
		}
		if err := write(filepath.Join(*out, fam.file), fam.gen); err != nil {
			fail(fmt.Errorf("%s: %w", n, err))
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "genbombs:", err)
	os.Exit(1)
}

func write(path string, gen func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := gen(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// lines reads password lines forever: text, so that a scanner reads all
// of it, and repetitive enough to compress some 100 times.
type lines struct {
	i   int
	buf []byte
}

func (l *lines) Read(p []byte) (int, error) {
	for len(l.buf) < len(p) {
		l.buf = fmt.Appendf(l.buf, "elev%07d;Sommer2018!;skole\n", l.i)
		l.i++
	}
	n := copy(p, l.buf)
	l.buf = l.buf[:copy(l.buf, l.buf[n:])]
	return n, nil
}

// zeros reads zero bytes forever.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// countWriter counts and forwards.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// number is a 7z NUMBER in its 9-byte form (7zFormat.txt, "NUMBER":
// 0xFF then the value as 8 bytes, little-endian), valid for any value.
func number(b []byte, v uint64) []byte {
	b = append(b, 0xff)
	return binary.LittleEndian.AppendUint64(b, v)
}

// sevenZipDict writes a 7z (7-Zip's DOC/7zFormat.txt) of one file,
// users.csv, 512 MiB of password lines in one LZMA2 folder whose coder
// property says the dictionary is 1.5 GiB (byte 37, xz format 5.3.1). The stream itself
// is encoded with a 1 MiB dictionary: LZMA2 data does not carry its
// dictionary size, so the archive is valid.
func sevenZipDict(w io.Writer) error {
	const unpack = 512 << 20
	const dictByte = 37
	tmp, err := os.CreateTemp("", "genbombs-7z-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	cw := &countWriter{w: tmp}
	lw, err := lzma.Writer2Config{DictCap: 1 << 20}.NewWriter2(cw)
	if err != nil {
		return err
	}
	if _, err := io.CopyN(lw, &lines{}, unpack); err != nil {
		return err
	}
	if err := lw.Close(); err != nil {
		return err
	}
	packed := cw.n

	// Header: kHeader, kMainStreamsInfo (kPackInfo, kUnPackInfo with one
	// folder of one coder), kFilesInfo with the name, kEnd.
	h := []byte{0x01, 0x04, 0x06}
	h = number(h, 0) // pack position
	h = number(h, 1) // pack streams
	h = append(h, 0x09)
	h = number(h, uint64(packed))
	h = append(h, 0x00, 0x07, 0x0b)
	h = number(h, 1)        // folders
	h = append(h, 0x00)     // not external
	h = number(h, 1)        // coders
	h = append(h, 0x21)     // id size 1, has properties
	h = append(h, 0x21)     // LZMA2
	h = number(h, 1)        // properties size
	h = append(h, dictByte) // dictionary size
	h = append(h, 0x0c)     // kCodersUnPackSize
	h = number(h, unpack)
	h = append(h, 0x00, 0x00) // end of unpack info, of streams info
	name := []byte{}
	for _, r := range "users.csv" {
		name = binary.LittleEndian.AppendUint16(name, uint16(r))
	}
	name = append(name, 0, 0)
	h = append(h, 0x05)
	h = number(h, 1) // files
	h = append(h, 0x11)
	h = number(h, uint64(1+len(name)))
	h = append(h, 0x00) // not external
	h = append(h, name...)
	h = append(h, 0x00, 0x00) // end of files info, of header

	start := make([]byte, 32)
	copy(start, "7z\xbc\xaf\x27\x1c\x00\x04")
	binary.LittleEndian.PutUint64(start[12:], uint64(packed))
	binary.LittleEndian.PutUint64(start[20:], uint64(len(h)))
	binary.LittleEndian.PutUint32(start[28:], crc32.ChecksumIEEE(h))
	binary.LittleEndian.PutUint32(start[8:], crc32.ChecksumIEEE(start[12:32]))
	if _, err := w.Write(start); err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(w, tmp); err != nil {
		return err
	}
	_, err = w.Write(h)
	return err
}

// zipEntries writes a zip (PKWARE APPNOTE.TXT 6.3.10) of n empty stored
// members named by number: local headers (4.3.7), central directory
// headers (4.3.12), then zip64 end records (4.3.14, 4.3.15) and the end
// record (4.3.16) saying 0xffff entries.
func zipEntries(w io.Writer, n int) error {
	const nameLen = 8
	le := binary.LittleEndian
	name := func(i int) []byte { return fmt.Appendf(nil, "%08d", i) }
	var local [30]byte
	le.PutUint32(local[0:], 0x04034b50)
	le.PutUint16(local[4:], 10)
	le.PutUint16(local[26:], nameLen)
	for i := range n {
		if _, err := w.Write(local[:]); err != nil {
			return err
		}
		if _, err := w.Write(name(i)); err != nil {
			return err
		}
	}
	dirOff := uint64(n) * (30 + nameLen)
	var dir [46]byte
	le.PutUint32(dir[0:], 0x02014b50)
	le.PutUint16(dir[4:], 0x031e)
	le.PutUint16(dir[6:], 10)
	le.PutUint16(dir[28:], nameLen)
	le.PutUint32(dir[38:], 0o100644<<16)
	for i := range n {
		le.PutUint32(dir[42:], uint32(i*(30+nameLen)))
		if _, err := w.Write(dir[:]); err != nil {
			return err
		}
		if _, err := w.Write(name(i)); err != nil {
			return err
		}
	}
	dirSize := uint64(n) * (46 + nameLen)
	if dirOff+dirSize >= 1<<32 {
		return fmt.Errorf("%d entries need zip64 offsets", n)
	}
	tail := make([]byte, 56+20+22)
	rec := tail[:56]
	le.PutUint32(rec, 0x06064b50)
	le.PutUint64(rec[4:], 44)
	le.PutUint16(rec[12:], 45)
	le.PutUint16(rec[14:], 45)
	le.PutUint64(rec[24:], uint64(n))
	le.PutUint64(rec[32:], uint64(n))
	le.PutUint64(rec[40:], dirSize)
	le.PutUint64(rec[48:], dirOff)
	loc := tail[56:76]
	le.PutUint32(loc, 0x07064b50)
	le.PutUint64(loc[8:], dirOff+dirSize)
	le.PutUint32(loc[16:], 1)
	end := tail[76:]
	le.PutUint32(end, 0x06054b50)
	le.PutUint16(end[8:], 0xffff)
	le.PutUint16(end[10:], 0xffff)
	le.PutUint32(end[12:], uint32(dirSize))
	le.PutUint32(end[16:], uint32(dirOff))
	_, err := w.Write(tail)
	return err
}

// fastZip is a zip writer whose deflate is klauspost's at its fastest.
func fastZip(w io.Writer) *zip.Writer {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return kflate.NewWriter(w, kflate.BestSpeed)
	})
	return zw
}

// xlsxSST writes a workbook whose shared strings part holds 17 million
// distinct strings (about 470 MB of XML; distinct, so that it compresses
// less than the ratio limit), and one sheet that uses a few of them.
func xlsxSST(w io.Writer) error {
	const n = 17_000_000
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	zw := fastZip(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook ` + ns + ` xmlns:r="` + strings.TrimSuffix(rel, "/") + `"><sheets><sheet name="Elever" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + rel + `sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<worksheet ` + ns + `><sheetData>` +
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>` + fmt.Sprint(n-1) + `</v></c></row></sheetData></worksheet>`},
	}
	for _, p := range parts {
		pw, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(pw, p.body); err != nil {
			return err
		}
	}
	pw, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(pw, 1<<20)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" uniqueCount="%d">`, ns, n, n)
	fmt.Fprint(bw, `<si><t>Brukernavn</t></si><si><t>Passord</t></si>`)
	for i := 2; i < n; i++ {
		fmt.Fprintf(bw, "<si><t>elev%08d</t></si>", uint32(i)*2654435761)
	}
	fmt.Fprint(bw, `</sst>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// zipZeros writes a zip of one deflated member of 4 GiB of zeros.
func zipZeros(w io.Writer) error {
	zw := fastZip(w)
	fw, err := zw.Create("zeros.bin")
	if err != nil {
		return err
	}
	if _, err := io.CopyN(fw, zeros{}, 4<<30); err != nil {
		return err
	}
	return zw.Close()
}

// gzipZeros writes 2 GiB of zeros, gzipped.
func gzipZeros(w io.Writer) error {
	gw, err := kgzip.NewWriterLevel(w, kgzip.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := io.CopyN(gw, zeros{}, 2<<30); err != nil {
		return err
	}
	return gw.Close()
}

// zipCut writes a zip of 10,000 password lines cut in the middle of its
// member: no central directory, the member short.
func zipCut(w io.Writer) error {
	cw := &countWriter{w: io.Discard}
	var lines strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&lines, "bruker%05d;Passord%05d!\n", i, i)
	}
	tmp, err := os.CreateTemp("", "genbombs-cut-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	cw.w = tmp
	zw := zip.NewWriter(cw)
	fw, err := zw.Create("users.csv")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(fw, lines.String()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err = io.CopyN(w, tmp, cw.n/2)
	return err
}
