package archive

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
