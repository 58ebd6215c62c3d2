package archive

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/scanner/extract"
)

// fuzzLimits keep each fuzz input cheap while still exercising limits.
var fuzzLimits = extract.Limits{
	MaxMemberBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxRatio: 200,
	MaxDepth: 1, MaxEntries: 1000, MaxDuration: 2 * time.Second,
}

// fuzzRun extracts data and checks the contract: no panic (the fuzzer
// catches that), limits held, the time limit honoured (no hang), and
// every error is one of the sentinels.
func fuzzRun(t *testing.T, ex extractorFunc, in extract.Input) {
	s := newRecorder()
	s.Discard = true
	start := time.Now()
	err := ex(context.Background(), in, s)
	if d := time.Since(start); d > 3*fuzzLimits.MaxDuration {
		t.Fatalf("took %s despite the time limit: %v", d, err)
	}
	if s.Read > fuzzLimits.MaxTotalBytes {
		t.Fatalf("read %d bytes, over the total limit", s.Read)
	}
	if len(s.Files) > fuzzLimits.MaxEntries {
		t.Fatalf("%d members, over the entry limit", len(s.Files))
	}
	if err != nil && !errors.Is(err, extract.ErrMalformed) && !errors.Is(err, extract.ErrLimit) &&
		!errors.Is(err, extract.ErrEncrypted) {
		t.Fatalf("error without a sentinel: %v", err)
	}
}

func FuzzZip(f *testing.F) {
	secret := file("secret.txt", "ciphertext")
	secret.hdr.Flags |= flagEncrypted
	f.Add(makeZip(f, file("a.txt", "username;password\n"), zipEntry{hdr: zip.FileHeader{Name: "d/"}},
		file("d/b.csv", strings.Repeat("ola;hemmelig\n", 50))))
	f.Add(makeZip(f, zipEntry{hdr: zip.FileHeader{Name: "\x92rlig.txt", NonUTF8: true}, body: []byte("x")}, secret))
	f.Add(makeZip(f, symlinkEntry("l", "../../etc/passwd"), file("dup", "1"), file("dup", "2")))
	f.Add(makeRawZip(f, []string{"z"}, []rawMember{deflateZeros(f, 64<<10)}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	truncated := makeZip(f, file("a.txt", "alpha"), file("b.txt", strings.Repeat("bravo ", 100)))
	f.Add(truncated[:len(truncated)-60])
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRun(t, Zip, input("f.zip", data, fuzzLimits))
	})
}

func FuzzTar(f *testing.F) {
	f.Add(makeTar(f, tar.FormatUSTAR, reg("a.txt", "username;password\n"), reg("b", "")))
	f.Add(makeTar(f, tar.FormatGNU, reg(strings.Repeat("long/", 40)+"name", "x"),
		tarEntry{hdr: tar.Header{Name: "l", Typeflag: tar.TypeSymlink, Linkname: "a"}}))
	f.Add(makeTar(f, tar.FormatPAX, reg("ø.txt", "pax"), tarEntry{hdr: tar.Header{Name: "d/", Typeflag: tar.TypeDir}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRun(t, Tar, input("f.tar", data, fuzzLimits))
	})
}

func FuzzGzip(f *testing.F) {
	f.Add(gzipBytes(f, "users.csv", []byte("username;password\nola;x\n")))
	f.Add(gzipBytes(f, "", makeTar(f, tar.FormatUSTAR, reg("a.txt", "in a tgz"), reg("b.txt", "b"))))
	f.Add(append(gzipBytes(f, "", []byte("one")), gzipBytes(f, "", []byte("two"))...))
	f.Add(gzipBytes(f, "", make([]byte, 256<<10)))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRun(t, Gzip, input("f.gz", data, fuzzLimits))
	})
}

func FuzzSevenZip(f *testing.F) {
	for _, name := range []string{"plain.7z", "encrypted.7z", "encrypted-names.7z",
		"small-lzma2-d-1536m.7z", "small-lzma-d-1536m.7z", "small-ppmd-mem-16m.7z", "small-ppmd-mem-256m.7z"} {
		f.Add(readFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRun(t, SevenZip, input("f.7z", data, fuzzLimits))
	})
}

// FuzzSevenZipCoders feeds the LZMA, LZMA2 and PPMd coders (the ones
// whose memory a 7z header sets) arbitrary properties, output sizes and
// data: a dictionary or model over its cap must be refused as a limit
// before any allocation, anything else decoded or refused without panic.
func FuzzSevenZipCoders(f *testing.F) {
	f.Add(uint8(0), []byte{0x5d, 0, 0, 0, 0x40}, uint64(1<<40), []byte("\x00\x00"))
	f.Add(uint8(1), []byte{40}, uint64(1<<40), []byte{0x01, 0x00, 0x02, 'a', 'b', 'c', 0x00})
	f.Add(uint8(1), []byte{18}, uint64(3), []byte{0x01, 0x00, 0x02, 'a', 'b', 'c', 0x00})
	f.Add(uint8(2), []byte{6, 0, 0, 0, 0x10}, uint64(10), []byte("ppmd data"))
	f.Add(uint8(2), []byte{6, 0, 0, 0, 0xff}, uint64(10), []byte("ppmd data"))
	f.Fuzz(func(t *testing.T, method uint8, props []byte, size uint64, data []byte) {
		coders := []func([]byte, uint64, []io.ReadCloser) (io.ReadCloser, error){newLZMA, newLZMA2, newPPMd}
		in := io.NopCloser(bytes.NewReader(data))
		rc, err := coders[int(method)%len(coders)](props, size, []io.ReadCloser{in})
		var dict int64
		switch int(method) % len(coders) {
		case 0:
			dict, _ = lzmaDict(props, size)
		case 1:
			dict, _ = lzma2Dict(props, size)
		}
		if dict > maxDict && !errors.Is(err, extract.ErrLimit) {
			t.Fatalf("dictionary of %d accepted: %v", dict, err)
		}
		if err != nil {
			return
		}
		defer rc.Close()
		_, _ = io.Copy(io.Discard, io.LimitReader(readerFunc(func(p []byte) (int, error) { return safeRead(rc, p) }), 1<<20))
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

// FuzzTruncated cuts archives written by the standard library's writers
// (independent of the readers under test) anywhere: what reaches the sink
// must be a prefix of the member, and a cut inside the member must be
// reported, as truncated or malformed, never as a clean end.
func FuzzTruncated(f *testing.F) {
	f.Add(uint8(0), []byte("username;password\nola;Sommer2018!\n"), uint32(40))
	f.Add(uint8(1), []byte(strings.Repeat("bruker;Passord!\n", 300)), uint32(700))
	f.Add(uint8(2), []byte(strings.Repeat("bruker;Passord!\n", 300)), uint32(2000))
	f.Add(uint8(3), []byte(strings.Repeat("x", 5000)), uint32(900))
	f.Fuzz(func(t *testing.T, kind uint8, text []byte, cut uint32) {
		var buf bytes.Buffer
		var ex extractorFunc
		switch kind % 4 {
		case 0:
			zw := gzip.NewWriter(&buf)
			zw.Write(text)
			zw.Close()
			ex = Gzip
		case 1, 2:
			zw := zip.NewWriter(&buf)
			method := zip.Deflate
			if kind%4 == 2 {
				method = zip.Store
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: "m.txt", Method: method})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(text)
			zw.Close()
			ex = Zip
		case 3:
			tw := tar.NewWriter(&buf)
			tw.WriteHeader(&tar.Header{Name: "m.txt", Mode: 0o644, Size: int64(len(text)), Typeflag: tar.TypeReg})
			tw.Write(text)
			tw.Close()
			ex = Tar
		}
		whole := buf.Bytes()
		data := whole[:int(cut)%(len(whole)+1)]
		s := newRecorder()
		err := ex(context.Background(), input("m", data, fuzzLimits), s)
		if err != nil && !errors.Is(err, extract.ErrMalformed) && !errors.Is(err, extract.ErrLimit) {
			t.Fatalf("error without a sentinel: %v", err)
		}
		for _, m := range s.Files {
			if !bytes.HasPrefix(text, []byte(m.Data)) {
				t.Fatalf("member %q: %d bytes that are not a prefix of the %d written", m.Name, len(m.Data), len(text))
			}
			if len(m.Data) < len(text) && m.Err == nil && err == nil {
				t.Fatalf("member cut at %d of %d bytes without an error", len(m.Data), len(text))
			}
		}
		if len(data) < len(whole) && err == nil && len(s.Files) == 1 && len(s.Files[0].Data) < len(text) {
			t.Fatal("cut archive extracted without an error")
		}
	})
}
