package archive

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/ulikunitz/xz"
)

func xzBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := xz.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// randomText is incompressible enough to test truncation at a size.
func randomText(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]byte, n)
	for i := range out {
		out[i] = byte('a' + r.IntN(26))
		if i%40 == 39 {
			out[i] = '\n'
		}
	}
	return out
}

func TestCompressedSingleFile(t *testing.T) {
	text := []byte("username;password\nola;placeholder\n")
	multi := append(gzipBytes(t, "", []byte("first,")), gzipBytes(t, "", []byte("second"))...)
	tests := []struct {
		name   string
		ex     extractorFunc
		data   func(t *testing.T) []byte
		inName string
		want   string
		body   string
	}{
		{"gzip header name", Gzip, func(t *testing.T) []byte { return gzipBytes(t, "report.csv", text) }, "x.gz", "report.csv", string(text)},
		{"gzip input name", Gzip, func(t *testing.T) []byte { return gzipBytes(t, "", text) }, "users.csv.GZ", "users.csv", string(text)},
		{"gzip unknown name", Gzip, func(t *testing.T) []byte { return gzipBytes(t, "", text) }, "", "data", string(text)},
		{"gzip no suffix", Gzip, func(t *testing.T) []byte { return gzipBytes(t, "", text) }, "blob", "data", string(text)},
		{"gzip hostile name", Gzip, func(t *testing.T) []byte { return gzipBytes(t, "../../x/\x01evil.txt", text) }, "a.gz", "?evil.txt", string(text)},
		{"gzip multistream", Gzip, func(*testing.T) []byte { return multi }, "m.gz", "m", "first,second"},
		{"gzip empty", Gzip, func(t *testing.T) []byte { return gzipBytes(t, "", nil) }, "e.gz", "e", ""},
		{"bzip2 cli", Bzip2, func(t *testing.T) []byte { return bzip2CLI(t, text) }, "u.csv.bz2", "u.csv", string(text)},
		{"bzip2 fixture", Bzip2, func(t *testing.T) []byte { return readFixture(t, "creds.txt.bz2") }, "creds.txt.bz2", "creds.txt",
			"username: demo\npassword: placeholder-2\n"},
		{"xz", XZ, func(t *testing.T) []byte { return xzBytes(t, text) }, "notes.txt.xz", "notes.txt", string(text)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := run(t, tt.ex, streamInput(tt.inName, bytes.NewReader(tt.data(t)), extract.DefaultLimits))
			wantErr(t, err, nil, "")
			if len(s.Files) != 1 || s.Data(tt.want) != tt.body {
				t.Errorf("members %q, %q = %q; want %q", sortedNames(s), tt.want, s.Data(tt.want), tt.body)
			}
			if sizeHint(s, tt.want) != -1 {
				t.Errorf("size hint %d, want -1", sizeHint(s, tt.want))
			}
		})
	}
}

func TestCompressedTar(t *testing.T) {
	tarball := tarWithSpecials(t)
	tests := []struct {
		name string
		ex   extractorFunc
		data func(t *testing.T) []byte
	}{
		{"tar.gz", Gzip, func(t *testing.T) []byte { return gzipBytes(t, "", tarball) }},
		{"tgz with header name", Gzip, func(t *testing.T) []byte { return gzipBytes(t, "a.tar", tarball) }},
		{"tar.bz2", Bzip2, func(t *testing.T) []byte { return bzip2CLI(t, tarball) }},
		{"tar.xz", XZ, func(t *testing.T) []byte { return xzBytes(t, tarball) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := run(t, tt.ex, streamInput("a.tgz", bytes.NewReader(tt.data(t)), extract.DefaultLimits))
			wantErr(t, err, nil, "")
			checkSpecials(t, s)
		})
	}
	t.Run("tar.bz2 fixture", func(t *testing.T) {
		s, err := run(t, Bzip2, streamInput("creds.tar.bz2", bytes.NewReader(readFixture(t, "creds.tar.bz2")), extract.DefaultLimits))
		wantErr(t, err, nil, "")
		if !strings.HasPrefix(s.Data("creds.txt"), "username: demo") {
			t.Errorf("members %q", sortedNames(s))
		}
	})
}

func TestCompressedMalformed(t *testing.T) {
	big := randomText(2 << 20)
	gz := gzipBytes(t, "", big)
	badCRC := bytes.Clone(gz)
	badCRC[len(badCRC)-6] ^= 0xff
	tgz := gzipBytes(t, "", makeTar(t, tar.FormatUSTAR, reg("a.txt", string(big[:1<<20])), reg("b.txt", "b")))
	tests := []struct {
		name     string
		ex       extractorFunc
		data     []byte
		contains string
		atLeast  int // bytes the sink must have received before the damage
	}{
		{"gzip garbage", Gzip, []byte("no gzip here"), "gzip: not a valid gzip file (invalid header)", 0},
		{"gzip empty", Gzip, nil, "gzip: not a valid gzip file (EOF)", 0},
		{"gzip truncated", Gzip, gz[:len(gz)*3/4], "gzip: a member ends after 1.", 1 << 20},
		{"gzip checksum", Gzip, badCRC, "gzip: invalid checksum after 2.1 MB", 2 << 20},
		{"tar.gz truncated", Gzip, tgz[:len(tgz)/2], `tar.gz: a member ends after`, 100000},
		{"tar.gz truncated header", Gzip, tgz[:40], "gzip: not a valid gzip file (unexpected EOF)", 0},
		{"bzip2 garbage", Bzip2, []byte("BZh9 not really"), "bzip2: not a valid bzip2 file", 0},
		{"xz garbage", XZ, []byte("\xfd7zXZ\x00 broken"), "xz: not a valid xz file", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := run(t, tt.ex, streamInput("m.gz", bytes.NewReader(tt.data), extract.DefaultLimits))
			wantErr(t, err, []error{extract.ErrMalformed}, tt.contains)
			if cut := strings.Contains(tt.contains, "a member ends"); errors.Is(err, ErrTruncated) != cut {
				t.Errorf("error %v: ErrTruncated %v, want %v", err, !cut, cut)
			}
			got := 0
			for _, f := range s.Files {
				got += len(f.Data)
			}
			if got < tt.atLeast {
				t.Errorf("sink got %d bytes before the damage, want at least %d", got, tt.atLeast)
			}
		})
	}
}

// gzipPipe streams the gzip compression of what gen writes, compressing
// only as fast as the reader reads: a 1 GB bomb without 1 GB anywhere.
// The returned counter is the uncompressed bytes produced so far.
func gzipPipe(t *testing.T, gen func(w io.Writer) error) (io.Reader, *int64) {
	t.Helper()
	pr, pw := io.Pipe()
	produced := new(int64)
	t.Cleanup(func() { pr.Close() })
	go func() {
		zw, _ := gzip.NewWriterLevel(pw, gzip.BestCompression)
		err := gen(&countWriter{w: zw, n: produced})
		if err == nil {
			err = zw.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr, produced
}

type countWriter struct {
	w io.Writer
	n *int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

func zeros(n int64) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.CopyN(w, zeroReader{}, n)
		return err
	}
}

func TestGzipBomb(t *testing.T) {
	const gigabyte = 1 << 30
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)

	tarOfZeros := func(w io.Writer) error {
		tw := tar.NewWriter(w)
		if err := tw.WriteHeader(&tar.Header{Name: "zeros.bin", Typeflag: tar.TypeReg, Size: gigabyte, Mode: 0o644}); err != nil {
			return err
		}
		if _, err := io.CopyN(tw, zeroReader{}, gigabyte); err != nil {
			return err
		}
		return tw.Close()
	}
	tests := []struct {
		name     string
		gen      func(io.Writer) error
		lim      func(*extract.Limits)
		contains string
	}{
		{"ratio", zeros(gigabyte), nil, "gzip: compression ratio above 200:1"},
		{"ratio in tar.gz", tarOfZeros, nil, "tar.gz: compression ratio above 200:1"},
		{"total", zeros(gigabyte), func(l *extract.Limits) { l.MaxRatio = 1e9; l.MaxTotalBytes = 50 << 20 },
			"total size limit of 52428800 bytes"},
		{"member", zeros(gigabyte), func(l *extract.Limits) { l.MaxRatio = 1e9; l.MaxMemberBytes = 30 << 20 },
			"member size limit of 31457280 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, produced := gzipPipe(t, tt.gen)
			s := newRecorder()
			s.Discard = true
			err := Gzip(context.Background(), streamInput("zeros.gz", r, limits(tt.lim)), s)
			wantErr(t, err, []error{extract.ErrLimit}, tt.contains)
			if s.Read > 64<<20 || *produced > 128<<20 {
				t.Errorf("sink read %d bytes, %d decompressed: the guard came late", s.Read, *produced)
			}
		})
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 256<<20 {
		t.Errorf("allocated %d MB checking the bombs", grew>>20)
	}
}

func TestXZDictionaryGuard(t *testing.T) {
	data := xzBytes(t, []byte("hello"))
	dict, ok := xzDictSize(data)
	if !ok || dict < 1<<20 || dict > maxDict {
		t.Fatalf("xzDictSize = %d, %v", dict, ok)
	}
	// Byte 12 is the block header size; the LZMA2 property byte is the
	// last of the filter flags, before padding and CRC32.
	hostile := bytes.Clone(data)
	found := false
	for i := 14; i < 12+(int(data[12])+1)*4-4; i++ {
		if hostile[i] == 0x21 && hostile[i+1] == 1 {
			hostile[i+2] = 40
			found = true
			break
		}
	}
	if !found {
		t.Fatal("LZMA2 filter flags not found")
	}
	_, err := run(t, XZ, streamInput("h.xz", bytes.NewReader(hostile), extract.DefaultLimits))
	wantErr(t, err, []error{extract.ErrLimit}, "xz: dictionary of 4.3 GB")
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 999: "999 bytes", 1000: "1.0 kB", 1_234_567: "1.2 MB", 5 << 30: "5.4 GB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func ExampleGzip() {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Name = "users.csv"
	io.WriteString(zw, "username;password\n")
	zw.Close()
	s := newRecorder()
	err := Gzip(context.Background(), extract.Input{Name: "users.csv.gz", Size: -1, R: &buf}, s)
	fmt.Println(s.Names(), err)
	// Output: [users.csv] <nil>
}
