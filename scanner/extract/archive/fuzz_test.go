package archive

import (
	"archive/tar"
	"archive/zip"
	"context"
	"errors"
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
	for _, name := range []string{"plain.7z", "encrypted.7z", "encrypted-names.7z"} {
		f.Add(readFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRun(t, SevenZip, input("f.7z", data, fuzzLimits))
	})
}
