package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

// unicodePathField builds an Info-ZIP Unicode Path extra field.
func unicodePathField(rawName, utf8Name string) []byte {
	field := []byte{1, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(field[1:], crc32.ChecksumIEEE([]byte(rawName)))
	field = append(field, utf8Name...)
	out := binary.LittleEndian.AppendUint16(nil, extraUnicodePath)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(field)))
	return append(out, field...)
}

func symlinkEntry(name, target string) zipEntry {
	e := zipEntry{hdr: zip.FileHeader{Name: name, Method: zip.Store}, body: []byte(target)}
	e.hdr.SetMode(fs.ModeSymlink | 0o777)
	return e
}

func TestZipMembers(t *testing.T) {
	data := makeZip(t,
		file("top.txt", "top"),
		zipEntry{hdr: zip.FileHeader{Name: "dir/"}},
		file("dir/sub/deep.txt", "deep"),
		file("dir/sub/æøå-passord.txt", "utf8 with flag"),
		zipEntry{hdr: zip.FileHeader{Name: "\x92rlig_\x86_\x9b.txt", NonUTF8: true, Method: zip.Deflate}, body: []byte("cp437")},
		zipEntry{hdr: zip.FileHeader{Name: "søknad-uten-flagg.txt", NonUTF8: true}, body: []byte("utf8 without flag")},
		zipEntry{hdr: zip.FileHeader{Name: "l\x9bnn.txt", NonUTF8: true, Extra: unicodePathField("l\x9bnn.txt", "lønn.txt")},
			body: []byte("unicode path field")},
		file("../../etc/passwd", "traversal"),
		file("/abs/path.txt", "absolute"),
		file(`C:\Users\x\y.txt`, "drive letter"),
		file("dup.txt", "first"),
		file("dup.txt", "second"),
		file("empty.txt", ""),
		symlinkEntry("link", "top.txt"),
	)
	s, err := run(t, Zip, input("a.zip", data, extract.DefaultLimits))
	wantErr(t, err, nil, "")

	want := map[string]string{
		"top.txt":                 "top",
		"dir/sub/deep.txt":        "deep",
		"dir/sub/æøå-passord.txt": "utf8 with flag",
		"Ærlig_å_ø.txt":           "cp437",
		"søknad-uten-flagg.txt":   "utf8 without flag",
		"lønn.txt":                "unicode path field",
		"etc/passwd":              "traversal",
		"abs/path.txt":            "absolute",
		"Users/x/y.txt":           "drive letter",
		"dup.txt":                 "first",
		"dup (2).txt":             "second",
		"empty.txt":               "",
	}
	if len(s.Files) != len(want) {
		t.Errorf("got members %q, want %d", sortedNames(s), len(want))
	}
	for name, body := range want {
		f, ok := s.Lookup(name)
		if !ok {
			t.Errorf("member %q missing; got %q", name, sortedNames(s))
			continue
		}
		if f.Data != body {
			t.Errorf("member %q = %q, want %q", name, f.Data, body)
		}
		if sizeHint(s, name) != int64(len(body)) {
			t.Errorf("member %q size hint %d, want %d", name, sizeHint(s, name), len(body))
		}
	}
	if got := s.Skips["link"]; got != "symlink to top.txt" {
		t.Errorf("symlink skip reason %q", got)
	}
}

func TestZipEncrypted(t *testing.T) {
	// Encryption is just header flag bit 0 to a reader that has no
	// password; the content need not really be encrypted for the test.
	secret := file("secret.txt", "ciphertext")
	secret.hdr.Flags |= flagEncrypted
	data := makeZip(t, file("plain.txt", "plain"), secret, file("after.txt", "after"))

	s, err := run(t, Zip, input("e.zip", data, extract.DefaultLimits))
	wantErr(t, err, []error{extract.ErrEncrypted}, `"secret.txt"`)
	if s.Skips["secret.txt"] != "encrypted" {
		t.Errorf("skips = %v", s.Skips)
	}
	if _, read := s.Lookup("secret.txt"); read {
		t.Error("encrypted member was handed to the sink")
	}
	if s.Data("plain.txt") != "plain" || s.Data("after.txt") != "after" {
		t.Errorf("other members not extracted: %q", sortedNames(s))
	}
}

func TestZipMalformed(t *testing.T) {
	good := makeZip(t, file("a.txt", strings.Repeat("first member ", 100)), file("b.txt", "second"))
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	off, err := zr.File[0].DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	corrupt := bytes.Clone(good)
	for i := off + 2; i < off+12; i++ {
		corrupt[i] ^= 0x55
	}
	lie := rawMember{method: zip.Store, data: []byte("0123456789abcdef")}
	lie.crc, lie.uncompSize, lie.declaredLie = crc32.ChecksumIEEE(lie.data), 16, 4

	tests := []struct {
		name      string
		data      []byte
		contains  string
		wantFiles []string
	}{
		{"garbage", []byte("this is not a zip file at all"), "zip: not a valid zip file", nil},
		{"empty", nil, "zip: not a valid zip file", nil},
		{"truncated", good[:len(good)/2], "zip: not a valid zip file", nil},
		{"corrupt member", corrupt, `zip member "a.txt"`, []string{"b.txt"}},
		{"size lie", makeRawZip(t, []string{"lie.txt"}, []rawMember{lie}), `zip member "lie.txt"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, pass := range []bool{false, true} {
				s := newRecorder()
				s.HoldReadErr = !pass
				err := Zip(context.Background(), input("x.zip", tt.data, extract.DefaultLimits), s)
				wantErr(t, err, []error{extract.ErrMalformed}, tt.contains)
				for _, name := range tt.wantFiles {
					if f, ok := s.Lookup(name); !ok || f.Err != nil {
						t.Errorf("intact member %q not extracted (files %q)", name, sortedNames(s))
					}
				}
				if got := len(s.Data("lie.txt")); got > 4 {
					t.Errorf("read %d bytes of a member declared as 4", got)
				}
			}
		})
	}
}

func TestZipLimits(t *testing.T) {
	hundred := strings.Repeat("x", 100)
	bomb := deflateZeros(t, 4<<20)
	tests := []struct {
		name     string
		data     []byte
		lim      func(*extract.Limits)
		want     map[string]int // member -> bytes read
		skipped  []string
		contains string
	}{
		{
			name: "member size",
			data: makeZip(t, file("big.txt", hundred), file("exact.txt", hundred[:10])),
			lim:  func(l *extract.Limits) { l.MaxMemberBytes = 10 },
			want: map[string]int{"big.txt": 10, "exact.txt": 10}, skipped: []string{"big.txt"},
			contains: "member size limit of 10 bytes",
		},
		{
			name: "total size",
			data: makeZip(t, file("1.txt", hundred), file("2.txt", hundred), file("3.txt", hundred)),
			lim:  func(l *extract.Limits) { l.MaxTotalBytes = 150 },
			want: map[string]int{"1.txt": 100, "2.txt": 50}, skipped: []string{"2.txt"},
			contains: `total size limit of 150 bytes reached in zip member "2.txt"`,
		},
		{
			name: "entries",
			data: makeZip(t, file("1", "a"), file("2", "b"), file("3", "c"), file("4", "d")),
			lim:  func(l *extract.Limits) { l.MaxEntries = 3 },
			want: map[string]int{"1": 1, "2": 1, "3": 1}, contains: "more than 3 entries",
		},
		{
			name: "declared ratio",
			data: makeRawZip(t, []string{"zeros.bin", "ok.txt"}, []rawMember{bomb, stored([]byte("ok"))}),
			want: map[string]int{"ok.txt": 2}, skipped: []string{"zeros.bin"},
			contains: "exceeds the limit of 200:1",
		},
		{
			name: "time",
			data: makeZip(t, file("1.txt", "a")),
			lim:  func(l *extract.Limits) { l.MaxDuration = 1 },
			want: map[string]int{}, contains: "time limit of 1ns exceeded",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := run(t, Zip, input("l.zip", tt.data, limits(tt.lim)))
			wantErr(t, err, []error{extract.ErrLimit}, tt.contains)
			if len(s.Files) != len(tt.want) {
				t.Errorf("members %q, want %v", sortedNames(s), tt.want)
			}
			for name, n := range tt.want {
				if len(s.Data(name)) != n {
					t.Errorf("member %q: read %d bytes, want %d", name, len(s.Data(name)), n)
				}
			}
			if len(s.Skips) != len(tt.skipped) {
				t.Errorf("skips %v, want %q", s.Skips, tt.skipped)
			}
			for _, name := range tt.skipped {
				if s.Skips[name] == "" {
					t.Errorf("member %q not reported as skipped: %v", name, s.Skips)
				}
			}
		})
	}
}

func TestZipSinkStopsAndCancel(t *testing.T) {
	data := makeZip(t, file("1.txt", "a"), file("2.txt", "b"))
	errStop := errors.New("sink says stop")
	s := newRecorder()
	s.Err = errStop
	err := Zip(context.Background(), input("s.zip", data, extract.DefaultLimits), s)
	if !errors.Is(err, errStop) || len(s.Files) != 1 {
		t.Errorf("err %v after %d members; want the sink's error after 1", err, len(s.Files))
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = newRecorder()
	err = Zip(ctx, input("c.zip", data, extract.DefaultLimits), s)
	if !errors.Is(err, context.Canceled) || errors.Is(err, extract.ErrLimit) || len(s.Files) != 0 {
		t.Errorf("cancelled: err %v, %d members", err, len(s.Files))
	}
}

// TestMemberStreamingRatio checks the guard that counts bytes while they
// are read, for headers that hide a bomb.
func TestMemberStreamingRatio(t *testing.T) {
	b, cancel := newBudget(context.Background(), extract.Input{}, "zip")
	defer cancel()
	m := &member{b: b, r: io.LimitReader(zeroReader{}, 100<<20), name: "z", where: "zip member \"z\"",
		packed: func() int64 { return 1000 }}
	s := newRecorder()
	s.Discard = true
	if err := m.finish(s, s.File("z", -1, m)); err != nil {
		t.Fatal(err)
	}
	if s.Read > 2*ratioFloor || !strings.Contains(s.Skips["z"], "compression ratio above 200:1") {
		t.Errorf("read %d bytes, skip %q", s.Read, s.Skips["z"])
	}
	wantErr(t, b.result(), []error{extract.ErrLimit}, "zip member \"z\": compression ratio")
}

// TestZipBomb builds a 42.zip-style archive: 16 zips, each of 16 members
// of 16 MiB of zeros (4 GiB unpacked in about 300 KB).
func TestZipBomb(t *testing.T) {
	zeros := deflateZeros(t, 16<<20)
	names := func(prefix, ext string) []string {
		out := make([]string, 16)
		for i := range out {
			out[i] = fmt.Sprintf("%s%x%s", prefix, i, ext)
		}
		return out
	}
	level1 := makeRawZip(t, names("zeros", ".bin"), []rawMember{zeros})
	level2 := makeRawZip(t, names("lib", ".zip"), []rawMember{stored(level1)})

	t.Run("ratio guard", func(t *testing.T) {
		s, err := run(t, Zip, input("lib0.zip", level1, extract.DefaultLimits))
		wantErr(t, err, []error{extract.ErrLimit}, "zip bomb")
		if len(s.Files) != 0 || len(s.Skips) != 16 {
			t.Errorf("handed over %d members, skipped %d; want 0 and 16", len(s.Files), len(s.Skips))
		}
	})
	t.Run("ratio guard nested", func(t *testing.T) {
		ns, top := newNest(extract.DefaultLimits)
		err := Zip(context.Background(), input("42.zip", level2, extract.DefaultLimits), top)
		wantErr(t, err, nil, "")
		if ns.calls != 17 || ns.read() > int64(17*len(level1)) {
			t.Errorf("%d extractions read %d bytes", ns.calls, ns.read())
		}
		if n := countIs(ns.errs, extract.ErrLimit); n != 16 {
			t.Errorf("%d nested limit errors, want 16: %v", n, ns.errs)
		}
	})
	t.Run("total guard", func(t *testing.T) {
		lim := limits(func(l *extract.Limits) { l.MaxRatio = 1e9; l.MaxTotalBytes = 40 << 20 })
		s := newRecorder()
		s.Discard = true
		err := Zip(context.Background(), input("lib0.zip", level1, lim), s)
		wantErr(t, err, []error{extract.ErrLimit}, "total size limit")
		if s.Read != 40<<20 || len(s.Files) != 3 {
			t.Errorf("read %d bytes from %d members, want %d from 3", s.Read, len(s.Files), 40<<20)
		}
	})
}

// nest is how the scanner recurses into nested archives: each zip member
// is extracted again with MaxDepth lowered, until it reaches 1.
type nest struct {
	lim     extract.Limits
	calls   int
	deepest int
	leaves  map[string]string
	errs    []error
	sinks   []*extracttest.Recorder
}

// newNest returns the state of a recursive scan and the sink for its top
// level.
func newNest(lim extract.Limits) (*nest, *extracttest.Recorder) {
	// The top-level call counts as the first extraction.
	n := &nest{lim: lim, calls: 1, deepest: 1, leaves: map[string]string{}}
	return n, n.sink("top", 1, lim)
}

// sink records one level and extracts the zips it is handed one level
// deeper.
func (n *nest) sink(path string, level int, lim extract.Limits) *extracttest.Recorder {
	s := &extracttest.Recorder{RejectText: true}
	s.Recurse = func(name, data string) error {
		path := path + "!/" + name
		if !strings.HasPrefix(data, "PK\x03\x04") {
			n.leaves[path] = data
			return nil
		}
		if lim.MaxDepth <= 1 {
			n.errs = append(n.errs, extract.LimitError("%s: nesting depth limit reached", path))
			return nil
		}
		child := lim
		child.MaxDepth--
		n.calls++
		n.deepest = max(n.deepest, level+1)
		if err := Zip(context.Background(), input(name, []byte(data), child), n.sink(path, level+1, child)); err != nil {
			n.errs = append(n.errs, fmt.Errorf("%s: %w", path, err))
		}
		return nil
	}
	n.sinks = append(n.sinks, s)
	return s
}

// read is the number of bytes read at all levels.
func (n *nest) read() int64 {
	var sum int64
	for _, s := range n.sinks {
		sum += s.Read
	}
	return sum
}

func countIs(errs []error, target error) int {
	n := 0
	for _, e := range errs {
		if errors.Is(e, target) {
			n++
		}
	}
	return n
}

func TestZipNestedDepth(t *testing.T) {
	data := makeZip(t, file("secret.txt", "password=placeholder"))
	for i := 1; i <= 20; i++ {
		data = makeRawZip(t, []string{fmt.Sprintf("level%02d.zip", i)}, []rawMember{stored(data)})
	}
	for _, depth := range []int{1, 5, 20, 21, 30} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			ns, top := newNest(limits(func(l *extract.Limits) { l.MaxDepth = depth }))
			err := Zip(context.Background(), input("nested.zip", data, ns.lim), top)
			wantErr(t, err, nil, "")
			reached := depth >= 21 // 20 wrapping levels plus the innermost zip
			if ns.calls != min(depth, 21) || ns.deepest != min(depth, 21) {
				t.Errorf("%d extractions, deepest %d; want %d", ns.calls, ns.deepest, min(depth, 21))
			}
			if got := len(ns.leaves) == 1; got != reached {
				t.Errorf("leaf reached = %v, want %v (%v)", got, reached, ns.leaves)
			}
			if got := countIs(ns.errs, extract.ErrLimit) == 1; got == reached {
				t.Errorf("depth limit error reported = %v with depth %d: %v", got, depth, ns.errs)
			}
		})
	}
}

func TestZipManyEntries(t *testing.T) {
	// More entries than one batch of the central directory (zipBatch).
	const n = 3*zipBatch + 7
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("f%06d", i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		max  int
		want []error
		msg  string
	}{
		{2*zipBatch + 1, []error{extract.ErrLimit}, fmt.Sprintf("more than %d entries", 2*zipBatch+1)},
		{n - 1, []error{extract.ErrLimit}, fmt.Sprintf("more than %d entries", n-1)},
		{n, nil, ""},
	} {
		t.Run(fmt.Sprint(tc.max), func(t *testing.T) {
			s, err := run(t, Zip, input("many.zip", buf.Bytes(), limits(func(l *extract.Limits) { l.MaxEntries = tc.max })))
			wantErr(t, err, tc.want, tc.msg)
			if len(s.Files) != min(tc.max, n) {
				t.Errorf("handed over %d members, want %d", len(s.Files), min(tc.max, n))
			}
		})
	}
}

// TestZipTruncated checks the fallback to local headers when the central
// directory, at the end of the file, was cut off.
func TestZipTruncated(t *testing.T) {
	big := randomText(200000)
	described := makeZip(t, file("a.txt", "alpha"), file("b.txt", "bravo"), file("c.txt", string(big)))
	storedZip := makeRawZip(t, []string{"x.txt", "y.txt"}, []rawMember{stored([]byte("xray")), stored([]byte("yankee"))})
	tests := []struct {
		name     string
		data     []byte
		files    map[string]int // member -> bytes read (at least)
		contains string
	}{
		{"descriptors", described[:len(described)-len(described)/4], map[string]int{"a.txt": 5, "b.txt": 5, "c.txt": 100000},
			"3 members were read from their local headers"},
		{"known sizes", storedZip[:len(storedZip)-30], map[string]int{"x.txt": 4, "y.txt": 6},
			"2 members were read from their local headers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := run(t, Zip, input("t.zip", tt.data, extract.DefaultLimits))
			wantErr(t, err, []error{extract.ErrMalformed}, tt.contains)
			if len(s.Files) != len(tt.files) {
				t.Errorf("members %q, want %v", sortedNames(s), tt.files)
			}
			for name, n := range tt.files {
				if len(s.Data(name)) < n {
					t.Errorf("member %q: %d bytes, want at least %d", name, len(s.Data(name)), n)
				}
			}
		})
	}
}
