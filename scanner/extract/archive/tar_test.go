package archive

import (
	"archive/tar"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

// v7Header turns the first header of a USTAR archive into a pre-POSIX
// one: no magic, checksum recomputed.
func v7Header(t *testing.T, data []byte) []byte {
	t.Helper()
	h := bytes.Clone(data[:tarBlock])
	clear(h[257:tarBlock])
	copy(h[148:156], "        ")
	sum := 0
	for _, c := range h {
		sum += int(c)
	}
	copy(h[148:156], fmt.Sprintf("%06o\x00 ", sum))
	return h
}

func TestIsTar(t *testing.T) {
	ustar := makeTar(t, tar.FormatUSTAR, reg("a.txt", "a"))
	gnu := makeTar(t, tar.FormatGNU, reg("a.txt", "a"))
	pax := makeTar(t, tar.FormatPAX, reg("a.txt", "a"))
	v7 := v7Header(t, ustar)
	badSum := bytes.Clone(v7)
	badSum[0] ^= 1
	tests := []struct {
		name string
		head []byte
		want bool
	}{
		{"ustar", ustar, true},
		{"gnu", gnu, true},
		{"pax", pax, true},
		{"v7", v7, true},
		{"v7 bad checksum", badSum, false},
		{"text", []byte(strings.Repeat("username;password\n", 40)), false},
		{"zeros", make([]byte, 1024), false},
		{"short", ustar[:200], false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := IsTar(tt.head); got != tt.want {
			t.Errorf("%s: IsTar = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func tarWithSpecials(t *testing.T) []byte {
	return makeTar(t, tar.FormatPAX,
		tarEntry{hdr: tar.Header{Name: "dir/", Typeflag: tar.TypeDir, Mode: 0o755}},
		reg("dir/users.csv", "user;pass\n"),
		reg("../../escape.txt", "escape"),
		reg("dup.txt", "one"),
		reg("dup.txt", "two"),
		reg("empty", ""),
		tarEntry{hdr: tar.Header{Name: "link", Typeflag: tar.TypeSymlink, Linkname: "/etc/shadow"}},
		tarEntry{hdr: tar.Header{Name: "hard", Typeflag: tar.TypeLink, Linkname: "dir/users.csv"}},
		tarEntry{hdr: tar.Header{Name: "tty", Typeflag: tar.TypeChar}},
		tarEntry{hdr: tar.Header{Name: "sda", Typeflag: tar.TypeBlock}},
		tarEntry{hdr: tar.Header{Name: "pipe", Typeflag: tar.TypeFifo}},
		reg("ø/last.txt", "last"),
	)
}

func checkSpecials(t *testing.T, s *extracttest.Recorder) {
	t.Helper()
	want := map[string]string{
		"dir/users.csv": "user;pass\n", "escape.txt": "escape",
		"dup.txt": "one", "dup (2).txt": "two", "empty": "", "ø/last.txt": "last",
	}
	if len(s.Files) != len(want) {
		t.Errorf("members %q, want %d", sortedNames(s), len(want))
	}
	for name, body := range want {
		if f, ok := s.Lookup(name); !ok || f.Data != body {
			t.Errorf("member %q = %q (present %v), want %q", name, f.Data, ok, body)
		}
	}
	skips := map[string]string{
		"link": `symlink to "/etc/shadow"`, "hard": `hard link to "dir/users.csv"`,
		"tty": "character device", "sda": "block device", "pipe": "named pipe",
	}
	for name, reason := range skips {
		if s.Skips[name] != reason {
			t.Errorf("skip %q = %q, want %q", name, s.Skips[name], reason)
		}
	}
}

func TestTar(t *testing.T) {
	data := tarWithSpecials(t)
	s, err := run(t, Tar, streamInput("a.tar", bytes.NewReader(data), extract.DefaultLimits))
	wantErr(t, err, nil, "")
	checkSpecials(t, s)
	if sizeHint(s, "dir/users.csv") != 10 {
		t.Errorf("size hint %d", sizeHint(s, "dir/users.csv"))
	}
}

func TestTarErrorsAndLimits(t *testing.T) {
	data := makeTar(t, tar.FormatUSTAR, reg("a.txt", strings.Repeat("a", 1000)), reg("b.txt", "b"), reg("c.txt", "c"))
	tests := []struct {
		name     string
		data     []byte
		lim      func(*extract.Limits)
		want     []error
		contains string
		files    map[string]int
	}{
		{"not tar", []byte(strings.Repeat("plain text, no tar\n", 60)), nil,
			[]error{extract.ErrMalformed}, "tar: not a valid tar archive", map[string]int{}},
		{"truncated member", data[:700], nil,
			[]error{extract.ErrMalformed, ErrTruncated}, "tar: a member ends after 188 bytes, cut short by the end of the file", map[string]int{"a.txt": 188}},
		{"truncated header", data[:1536+100], nil,
			[]error{extract.ErrMalformed, ErrTruncated}, "tar: unexpected EOF after 1 entries", map[string]int{"a.txt": 1000}},
		{"member limit", data, func(l *extract.Limits) { l.MaxMemberBytes = 100 },
			[]error{extract.ErrLimit}, "member size limit of 100 bytes", map[string]int{"a.txt": 100, "b.txt": 1, "c.txt": 1}},
		{"entries", data, func(l *extract.Limits) { l.MaxEntries = 2 },
			[]error{extract.ErrLimit}, "more than 2 entries", map[string]int{"a.txt": 1000, "b.txt": 1}},
		{"total", data, func(l *extract.Limits) { l.MaxTotalBytes = 1000 },
			[]error{extract.ErrLimit}, "total size limit of 1000 bytes", map[string]int{"a.txt": 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := run(t, Tar, streamInput("t.tar", bytes.NewReader(tt.data), limits(tt.lim)))
			wantErr(t, err, tt.want, tt.contains)
			if len(s.Files) != len(tt.files) {
				t.Errorf("members %q, want %v", sortedNames(s), tt.files)
			}
			for name, n := range tt.files {
				if len(s.Data(name)) != n {
					t.Errorf("member %q: %d bytes, want %d", name, len(s.Data(name)), n)
				}
			}
		})
	}
}
