package archive

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
)

// The 7z fixtures were made once with 7-Zip 25.01 (7zz a [-ppassword
// [-mhe=on]]) from users.csv, dir/readme.txt and dir/sub/note.txt.
var sevenZipMembers = map[string]string{
	"users.csv":        "username;password\nola.nordmann;placeholder-1\n",
	"dir/readme.txt":   "second file\n",
	"dir/sub/note.txt": "hello from a nested dir\n",
}

func TestSevenZip(t *testing.T) {
	plain := readFixture(t, "plain.7z")
	tests := []struct {
		name      string
		data      []byte
		lim       func(*extract.Limits)
		want      []error
		contains  string
		files     map[string]string
		encrypted int
	}{
		{name: "plain", data: plain, files: sevenZipMembers},
		{name: "encrypted", data: readFixture(t, "encrypted.7z"), want: []error{extract.ErrEncrypted},
			contains: `7z member "users.csv"`, encrypted: 3},
		{name: "encrypted names", data: readFixture(t, "encrypted-names.7z"), want: []error{extract.ErrEncrypted},
			contains: "7z: the archive is password protected, file names included"},
		{name: "garbage", data: []byte("7z? no"), want: []error{extract.ErrMalformed},
			contains: "7z: not a valid 7z archive"},
		{name: "truncated", data: plain[:len(plain)-40], want: []error{extract.ErrMalformed},
			contains: "7z: not a valid 7z archive"},
		{name: "member limit", data: plain, lim: func(l *extract.Limits) { l.MaxMemberBytes = 12 },
			want: []error{extract.ErrLimit}, contains: "member size limit of 12 bytes",
			files: map[string]string{"users.csv": "username;pas", "dir/readme.txt": "second file\n", "dir/sub/note.txt": "hello from a"}},
		{name: "entries", data: plain, lim: func(l *extract.Limits) { l.MaxEntries = 3 },
			want: []error{extract.ErrLimit}, contains: "more than 3 entries",
			files: map[string]string{"dir/readme.txt": "second file\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := run(t, SevenZip, input("a.7z", tt.data, limits(tt.lim)))
			wantErr(t, err, tt.want, tt.contains)
			if len(s.Files) != len(tt.files) {
				t.Errorf("members %q, want %d", sortedNames(s), len(tt.files))
			}
			for name, body := range tt.files {
				if s.Data(name) != body {
					t.Errorf("member %q = %q, want %q", name, s.Data(name), body)
				}
			}
			n := 0
			for _, reason := range s.Skips {
				if reason == "encrypted" {
					n++
				}
			}
			if n != tt.encrypted {
				t.Errorf("%d members skipped as encrypted, want %d: %v", n, tt.encrypted, s.Skips)
			}
		})
	}
}

// TestSevenZipBomb needs the 7-Zip command to make 16 MiB of zeros into
// a 3 KB archive.
func TestSevenZipBomb(t *testing.T) {
	bin, err := exec.LookPath("7zz")
	if err != nil {
		if bin, err = exec.LookPath("7z"); err != nil {
			t.Skip("7-Zip command not installed")
		}
	}
	out := filepath.Join(t.TempDir(), "zeros.7z")
	cmd := exec.Command(bin, "a", "-bd", "-bso0", "-sizeros.bin", out)
	cmd.Stdin = &limitedZeros{n: 16 << 20}
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := newRecorder()
	s.Discard = true
	err = SevenZip(t.Context(), input("zeros.7z", data, extract.DefaultLimits), s)
	wantErr(t, err, []error{extract.ErrLimit}, `7z member "zeros.bin": compression ratio above 200:1`)
	if s.Read > int64(200*len(data))+ratioFloor+64<<10 {
		t.Errorf("read %d bytes of a %d-byte archive", s.Read, len(data))
	}
}

type limitedZeros struct{ n int64 }

func (z *limitedZeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), z.n)]
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

// The dictionary fixtures were made with p7zip 16.02 (7z 26.02) from
// standard input, whose size 7-Zip does not know, so the dictionary it
// writes is the one asked for (7z l -slt shows it as "Method"):
//
//	head -c 150M /dev/zero | 7z a -mx=1 -m0=lzma2:d=256m -sizeros.bin dict256m-lzma2.7z
//	head -c 150M /dev/zero | 7z a -mx=1 -m0=lzma:d=256m -sizeros.bin dict256m-lzma.7z
//	printf 'username;password\nola.nordmann;Sommer2018!\n' |
//	    7z a -m0=$METHOD -siusers.csv small-$METHOD.7z
//
// with METHOD lzma2:d=1536m, lzma:d=1536m, ppmd:mem=256m and ppmd:mem=16m.
func TestSevenZipCoderMemory(t *testing.T) {
	const users = "username;password\nola.nordmann;Sommer2018!\n"
	for _, tc := range []struct {
		fixture  string
		want     []error
		contains string
		body     string // of users.csv; "" when skipped
	}{
		// 150 MiB of output needs a 150 MiB dictionary: over the cap.
		{"dict256m-lzma2.7z", []error{extract.ErrLimit}, `7z member "zeros.bin": 7z: LZMA2 dictionary of 157.3 MB exceeds the 134.2 MB allowed; not examined`, ""},
		{"dict256m-lzma.7z", []error{extract.ErrLimit}, `7z member "zeros.bin": 7z: LZMA dictionary of 157.3 MB exceeds the 134.2 MB allowed; not examined`, ""},
		// A 1.5 GiB dictionary for 44 bytes: no more than 44 bytes are
		// needed, and the member is read.
		{"small-lzma2-d-1536m.7z", nil, "", users},
		{"small-lzma-d-1536m.7z", nil, "", users},
		{"small-ppmd-mem-256m.7z", []error{extract.ErrLimit}, "7z: PPMd model of 268.4 MB exceeds the 201.3 MB allowed", ""},
		{"small-ppmd-mem-16m.7z", nil, "", users},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			s, err := run(t, SevenZip, input("a.7z", readFixture(t, tc.fixture), extract.DefaultLimits))
			runtime.ReadMemStats(&after)
			wantErr(t, err, tc.want, tc.contains)
			if tc.body != "" && s.Data("users.csv") != tc.body {
				t.Errorf("users.csv = %q, want %q", s.Data("users.csv"), tc.body)
			}
			if tc.body == "" && len(s.Skips) != 1 {
				t.Errorf("skips %v, want the member", s.Skips)
			}
			// PPMd at 16 MB allocates its model; the rest nearly nothing.
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 24<<20 {
				t.Errorf("allocated %d bytes", alloc)
			}
		})
	}
}

// TestLZMADictSizes checks the dictionary sizes read from coder
// properties against the table of xz's file format (1.2.1, section
// 5.3.1) and 7-Zip's LZMA properties (DOC/lzma.txt: a byte lc/lp/pb,
// then the size as 32 bits, little-endian), for an output large enough
// not to shrink them.
func TestLZMADictSizes(t *testing.T) {
	for _, tc := range []struct {
		lzma2 bool
		props []byte
		want  int64
		bad   bool
	}{
		{true, []byte{0}, 4 << 10, false},
		{true, []byte{1}, 6 << 10, false},
		{true, []byte{18}, 2 << 20, false},
		{true, []byte{19}, 3 << 20, false},
		{true, []byte{37}, 1536 << 20, false},
		{true, []byte{39}, 3 << 30, false},
		{true, []byte{40}, 1<<32 - 1, false},
		{true, []byte{41}, 0, true},
		{true, nil, 0, true},
		{false, []byte{0x5d, 0, 0, 0, 0x40}, 1 << 30, false},
		{false, []byte{0x5d, 0, 0, 0x10, 0}, 1 << 20, false},
		{false, []byte{0x5d, 0, 1, 0, 0}, 4 << 10, false}, // below the minimum of 4 KiB
		{false, []byte{0x5d, 0, 0}, 0, true},
	} {
		f := lzmaDict
		if tc.lzma2 {
			f = lzma2Dict
		}
		got, err := f(tc.props, 1<<40)
		if (err != nil) != tc.bad || got != tc.want {
			t.Errorf("lzma2 %v, props %x: %d, %v; want %d (error %v)", tc.lzma2, tc.props, got, err, tc.want, tc.bad)
		}
		// An output of 100 bytes never needs more than the minimum.
		if small, err := f(tc.props, 100); !tc.bad && (err != nil || small != 4<<10) {
			t.Errorf("props %x for 100 bytes: %d, %v", tc.props, small, err)
		}
	}
}
