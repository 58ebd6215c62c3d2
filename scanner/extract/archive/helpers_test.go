package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

// extractorFunc is the signature every extractor of this package has.
type extractorFunc = func(context.Context, extract.Input, extract.Sink) error

// newRecorder returns the sink archive tests use: an archive hands over
// members only, each name once, and a member's read error is kept for the
// test to inspect rather than stopping the extractor.
func newRecorder() *extracttest.Recorder {
	return &extracttest.Recorder{RejectText: true, Unique: true, HoldReadErr: true}
}

// sortedNames lists the members handed over, sorted.
func sortedNames(s *extracttest.Recorder) []string {
	out := s.Names()
	sort.Strings(out)
	return out
}

// sizeHint is the size handed over with a member, 0 when none was.
func sizeHint(s *extracttest.Recorder, name string) int64 {
	f, _ := s.Lookup(name)
	return f.Size
}

// input wraps bytes as an extractor input with random access.
func input(name string, data []byte, lim extract.Limits) extract.Input {
	return extract.Input{
		Name: name, Size: int64(len(data)),
		R: bytes.NewReader(data), At: bytes.NewReader(data),
		Limits: lim,
	}
}

// streamInput wraps a reader as an input without random access.
func streamInput(name string, r io.Reader, lim extract.Limits) extract.Input {
	return extract.Input{Name: name, Size: -1, R: r, Limits: lim}
}

// limits returns the defaults changed by f.
func limits(f func(*extract.Limits)) extract.Limits {
	l := extract.DefaultLimits
	if f != nil {
		f(&l)
	}
	return l
}

// run calls ex with a fresh recording sink and a test timeout.
func run(t testing.TB, ex extractorFunc, in extract.Input) (*extracttest.Recorder, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := newRecorder()
	err := ex(ctx, in, s)
	return s, err
}

// zipEntry describes one member to write with makeZip.
type zipEntry struct {
	hdr  zip.FileHeader
	body []byte
}

func file(name, body string) zipEntry {
	return zipEntry{hdr: zip.FileHeader{Name: name, Method: zip.Deflate}, body: []byte(body)}
}

// makeZip writes a zip archive from entries.
func makeZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		hdr := e.hdr
		w, err := zw.CreateHeader(&hdr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawMember is a precompressed member: the same compressed bytes can be
// added many times without compressing again (bomb fixtures).
type rawMember struct {
	method      uint16
	data        []byte
	crc         uint32
	uncompSize  uint64
	declaredLie uint64 // when non-zero, the uncompressed size written instead
}

// deflateZeros compresses n zero bytes once.
func deflateZeros(t testing.TB, n int64) rawMember {
	t.Helper()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(io.MultiWriter(fw, h), zeroReader{}, n); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return rawMember{method: zip.Deflate, data: buf.Bytes(), crc: h.Sum32(), uncompSize: uint64(n)}
}

// stored wraps bytes as a stored (uncompressed) member.
func stored(data []byte) rawMember {
	return rawMember{method: zip.Store, data: data, crc: crc32.ChecksumIEEE(data), uncompSize: uint64(len(data))}
}

// makeRawZip writes members under the given names with CreateRaw.
func makeRawZip(t testing.TB, names []string, members []rawMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i, name := range names {
		m := members[i%len(members)]
		size := m.uncompSize
		if m.declaredLie != 0 {
			size = m.declaredLie
		}
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: name, Method: m.method, CRC32: m.crc,
			CompressedSize64: uint64(len(m.data)), UncompressedSize64: size,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// tarEntry describes one tar entry.
type tarEntry struct {
	hdr  tar.Header
	body string
}

func reg(name, body string) tarEntry {
	return tarEntry{hdr: tar.Header{Name: name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(body))}, body: body}
}

func makeTar(t testing.TB, format tar.Format, entries ...tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		hdr := e.hdr
		hdr.Format = format
		if err := tw.WriteHeader(&hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(tw, e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipBytes(t testing.TB, name string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Name = name
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bzip2CLI compresses with the bzip2 command, skipping the test when it
// is not installed (Go has no bzip2 writer).
func bzip2CLI(t testing.TB, data []byte) []byte {
	t.Helper()
	path, err := exec.LookPath("bzip2")
	if err != nil {
		t.Skip("bzip2 command not installed")
	}
	cmd := exec.Command(path, "-c")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// wantErr checks err against the wanted sentinels (nil: no error) and a
// substring of its message.
func wantErr(t testing.TB, err error, want []error, contains string) {
	t.Helper()
	if len(want) == 0 && err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	for _, w := range want {
		if !errors.Is(err, w) {
			t.Fatalf("error %v does not wrap %v", err, w)
		}
	}
	for _, other := range []error{extract.ErrLimit, extract.ErrEncrypted, extract.ErrMalformed} {
		if errors.Is(err, other) && !containsErr(want, other) {
			t.Fatalf("error %v unexpectedly wraps %v", err, other)
		}
	}
	if contains != "" && (err == nil || !strings.Contains(err.Error(), contains)) {
		t.Fatalf("error %v does not say %q", err, contains)
	}
}

func containsErr(list []error, e error) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}
