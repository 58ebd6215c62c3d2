package extract

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// zipTool builds a zip with Info-ZIP's zip in a temporary directory: the
// files (name, content), then extra arguments; nil when zip is missing.
func zipTool(t *testing.T, stdin string, args []string, files ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("zip"); err != nil {
		t.Skip("zip not installed")
	}
	dir := t.TempDir()
	var names []string
	for i := 0; i+1 < len(files); i += 2 {
		p := filepath.Join(dir, files[i])
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, files[i])
	}
	cmd := exec.Command("zip", append(append([]string{"-q", "-X", "out.zip"}, args...), names...)...)
	cmd.Dir, cmd.Stdin = dir, strings.NewReader(stdin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("zip: %v: %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "out.zip"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// listing renders a zip reader's members and their content.
func listing(t *testing.T, zr *zip.Reader) []string {
	var out []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			out = append(out, f.Name+": "+err.Error())
			continue
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		out = append(out, fmt.Sprintf("%s=%q %v", f.Name, b, err))
	}
	return out
}

func TestZipDirMatchesArchiveZip(t *testing.T) {
	many := []string{}
	for i := range 7 {
		many = append(many, fmt.Sprintf("d/f%d.txt", i), strings.Repeat(fmt.Sprint(i), 100*i))
	}
	plain := zipTool(t, "", nil, many...)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"plain", plain},
		{"comment", zipTool(t, "a comment\n", []string{"-z"}, "a.txt", "alpha")},
		{"stdin, zip64 records", zipTool(t, "from a pipe\n", []string{"-"})},
		// A self-extractor: data before the zip, offsets not adjusted,
		// so the end record implies a base offset.
		{"prepended", append([]byte(strings.Repeat("MZ stub ", 40)), plain...)},
		{"empty", []byte("PK\x05\x06" + strings.Repeat("\x00", 18))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref, err := zip.NewReader(bytes.NewReader(tc.data), int64(len(tc.data)))
			if err != nil {
				t.Fatalf("archive/zip: %v", err)
			}
			want := listing(t, ref)
			for _, batch := range []int{1, 2, 3, 100} {
				d, err := NewZipDir(bytes.NewReader(tc.data), int64(len(tc.data)))
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for {
					zr, err := d.Next(batch)
					if err != nil {
						t.Fatalf("batch %d: %v", batch, err)
					}
					if zr == nil {
						break
					}
					if len(zr.File) > batch {
						t.Fatalf("batch %d: %d members", batch, len(zr.File))
					}
					got = append(got, listing(t, zr)...)
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("batch %d:\n got %q\nwant %q", batch, got, want)
				}
				if d.More() || d.Seen() != len(want) {
					t.Errorf("batch %d: more %v, seen %d", batch, d.More(), d.Seen())
				}
			}
		})
	}
}

func TestZipDirRejects(t *testing.T) {
	plain := zipTool(t, "", nil, "a.txt", "alpha", "b.txt", "bravo")
	// The end record (APPNOTE 4.3.16) is the last 22 bytes without a
	// comment; its total entry count is at offset 10.
	miscount := bytes.Clone(plain)
	binary.LittleEndian.PutUint16(miscount[len(miscount)-12:], 3)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"no end record", plain[:len(plain)-22]},
		{"cut directory", append(bytes.Clone(plain[:len(plain)-40]), plain[len(plain)-22:]...)},
		{"wrong count", miscount},
		{"tiny", []byte("PK")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, refErr := zip.NewReader(bytes.NewReader(tc.data), int64(len(tc.data)))
			d, err := NewZipDir(bytes.NewReader(tc.data), int64(len(tc.data)))
			if err == nil {
				_, err = d.Next(10)
			}
			if refErr == nil || err == nil {
				t.Fatalf("archive/zip: %v, ZipDir: %v; want both to fail", refErr, err)
			}
		})
	}
}

// hugeZip is a zip of n empty stored members named by number, made on the
// fly so that millions of entries cost no memory: one local header at 0
// (APPNOTE 4.3.7) that every central directory header (4.3.12) points to,
// then the end record (4.3.16), zip64 ones (4.3.14, 4.3.15) when n does not
// fit 16 bits.
type hugeZip struct {
	n    int
	tail []byte
}

const hugeName = 8 // bytes of each member name

func newHugeZip(n int) *hugeZip {
	z := &hugeZip{n: n}
	le := binary.LittleEndian
	dirSize := uint64(n) * (46 + hugeName)
	dirOff := uint64(30 + hugeName)
	var tail []byte
	if n >= 0xffff {
		rec := make([]byte, 56+20)
		le.PutUint32(rec, 0x06064b50)
		le.PutUint64(rec[4:], 44)
		le.PutUint16(rec[12:], 45)
		le.PutUint16(rec[14:], 45)
		le.PutUint64(rec[24:], uint64(n))
		le.PutUint64(rec[32:], uint64(n))
		le.PutUint64(rec[40:], dirSize)
		le.PutUint64(rec[48:], dirOff)
		le.PutUint32(rec[56:], 0x07064b50)
		le.PutUint64(rec[64:], dirOff+dirSize)
		le.PutUint32(rec[72:], 1)
		tail = rec
	}
	end := make([]byte, 22)
	le.PutUint32(end, 0x06054b50)
	cnt := uint16(min(n, 0xffff))
	le.PutUint16(end[8:], cnt)
	le.PutUint16(end[10:], cnt)
	le.PutUint32(end[12:], uint32(min(dirSize, 0xffffffff)))
	le.PutUint32(end[16:], uint32(dirOff))
	z.tail = append(tail, end...)
	return z
}

func (z *hugeZip) Size() int64 {
	return 30 + hugeName + int64(z.n)*(46+hugeName) + int64(len(z.tail))
}

func (z *hugeZip) byteAt(off int64) byte {
	le := binary.LittleEndian
	var rec [46 + hugeName]byte
	switch dirStart := int64(30 + hugeName); {
	case off < dirStart:
		le.PutUint32(rec[:], 0x04034b50)
		le.PutUint16(rec[4:], 10)
		le.PutUint16(rec[26:], hugeName)
		copy(rec[30:], "00000000")
		return rec[off]
	case off < dirStart+int64(z.n)*int64(len(rec)):
		i := (off - dirStart) / int64(len(rec))
		le.PutUint32(rec[:], 0x02014b50)
		le.PutUint16(rec[4:], 10)
		le.PutUint16(rec[6:], 10)
		le.PutUint16(rec[28:], hugeName)
		copy(rec[46:], fmt.Sprintf("%08d", i))
		return rec[(off-dirStart)%int64(len(rec))]
	default:
		return z.tail[off-dirStart-int64(z.n)*int64(len(rec))]
	}
}

func (z *hugeZip) ReadAt(p []byte, off int64) (int, error) {
	size := z.Size()
	for i := range p {
		if off+int64(i) >= size {
			return i, io.EOF
		}
		p[i] = z.byteAt(off + int64(i))
	}
	return len(p), nil
}

func TestZipDirMillionsOfEntries(t *testing.T) {
	for _, n := range []int{5, 70000, 3000000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			z := newHugeZip(n)
			if n < 100000 {
				// The generator itself is checked against archive/zip.
				zr, err := zip.NewReader(z, z.Size())
				if err != nil || len(zr.File) != n {
					t.Fatalf("archive/zip: %v", err)
				}
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			d, err := NewZipDir(z, z.Size())
			if err != nil {
				t.Fatal(err)
			}
			zr, err := d.Next(1000)
			if err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			wantN := min(n, 1000)
			if len(zr.File) != wantN || zr.File[wantN-1].Name != fmt.Sprintf("%08d", wantN-1) {
				t.Fatalf("%d members, last %q", len(zr.File), zr.File[len(zr.File)-1].Name)
			}
			if d.More() != (n > 1000) {
				t.Errorf("more = %v", d.More())
			}
			// The whole directory of 3,000,000 entries would take
			// hundreds of MB; a bound far below that (and loose enough
			// for what other goroutines allocate meanwhile) shows the
			// batch does not grow with the archive.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("listing 1000 members allocated %d bytes", alloc)
			}
			rc, err := zr.File[0].Open()
			if err != nil {
				t.Fatal(err)
			}
			if b, err := io.ReadAll(rc); len(b) != 0 || err != nil {
				t.Errorf("member: %q, %v", b, err)
			}
		})
	}
}

func TestZipViewReadAt(t *testing.T) {
	src := bytes.NewReader([]byte("0123456789abcdef"))
	v := &zipView{ra: src, prefix: 4, dirFrom: 10, dirLen: 3, tail: []byte("XY")}
	for _, tc := range []struct {
		off  int64
		n    int
		want string
		err  error
	}{
		{0, 9, "0123abcXY", nil},
		{2, 4, "23ab", nil},
		{5, 3, "bcX", nil},
		{7, 5, "XY", io.EOF},
		{9, 1, "", io.EOF},
	} {
		p := make([]byte, tc.n)
		n, err := v.ReadAt(p, tc.off)
		if string(p[:n]) != tc.want || !errors.Is(err, tc.err) && err != tc.err {
			t.Errorf("ReadAt(%d, %d) = %q, %v; want %q, %v", tc.n, tc.off, p[:n], err, tc.want, tc.err)
		}
	}
}

// FuzzZipDir reads arbitrary bytes as a zip with ZipDir: batches never
// exceed their size, and when ZipDir reads a directory that archive/zip
// reads too, both list the same members in the same order.
func FuzzZipDir(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range 5 {
		w, _ := zw.Create(fmt.Sprintf("d/%d.txt", i))
		fmt.Fprintf(w, "member %d", i)
	}
	zw.SetComment("comment")
	zw.Close()
	f.Add(buf.Bytes(), uint8(2))
	f.Add(append([]byte("prefix data"), buf.Bytes()...), uint8(3))
	z := newHugeZip(3)
	huge := make([]byte, z.Size())
	z.ReadAt(huge, 0)
	f.Add(huge, uint8(1))
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, batch uint8) {
		n := 1 + int(batch%8)
		d, err := NewZipDir(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		var got []string
		for range 1000 {
			zr, err := d.Next(n)
			if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
				return
			}
			if zr == nil {
				break
			}
			if len(zr.File) > n {
				t.Fatalf("batch of %d holds %d members", n, len(zr.File))
			}
			for _, f := range zr.File {
				got = append(got, f.Name)
			}
		}
		ref, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
			return
		}
		var want []string
		for _, f := range ref.File {
			want = append(want, f.Name)
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Fatalf("ZipDir lists %q, archive/zip %q", got, want)
		}
	})
}

// TestMain bounds how long the fuzzer minimises each new input, unless
// -fuzzminimizetime is given: by default Go tries for 60 s to remove each
// byte and then every run of bytes of an input that found new coverage,
// quadratic in its size, and a zip of a few hundred bytes then took the
// whole of a 20 s run (see the same TestMain in archive, ooxml, ole2).
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.fuzzminimizetime" })
	if !given {
		if err := flag.Set("test.fuzzminimizetime", "2000x"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
