package smb

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// Access-mask bits from MS-DTYP 2.4.3 and MS-SMB2 2.2.13.1.1, written out
// here rather than taken from go-smb2.
const (
	maskReadData        = 0x00000001 // FILE_READ_DATA / FILE_LIST_DIRECTORY
	maskWriteData       = 0x00000002
	maskAppendData      = 0x00000004
	maskReadEA          = 0x00000008
	maskWriteEA         = 0x00000010
	maskDeleteChild     = 0x00000040
	maskReadAttributes  = 0x00000080
	maskWriteAttributes = 0x00000100
	maskDelete          = 0x00010000
	maskReadControl     = 0x00020000
	maskWriteDAC        = 0x00040000
	maskWriteOwner      = 0x00080000
	maskSynchronize     = 0x00100000
	maskMaximumAllowed  = 0x02000000
	maskGenericAll      = 0x10000000
	maskGenericWrite    = 0x40000000

	// maskAnyWrite is every bit that would let the handle change the file,
	// its attributes or times, or its security.
	maskAnyWrite = maskWriteData | maskAppendData | maskWriteEA | maskDeleteChild |
		maskWriteAttributes | maskDelete | maskWriteDAC | maskWriteOwner |
		maskMaximumAllowed | maskGenericAll | maskGenericWrite
	// maskFileGenericRead is FILE_GENERIC_READ (MS-DTYP 2.4.3), what a
	// server grants for GENERIC_READ.
	maskFileGenericRead = maskReadData | maskReadEA | maskReadAttributes | maskReadControl | maskSynchronize
)

var oldAtime = time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)

func setOldAtime(t *testing.T, p string) {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, oldAtime, fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

func atimeOf(t *testing.T, p string) time.Time {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Lstat(p, &st); err != nil {
		t.Fatal(err)
	}
	return tsTime(st.Atim)
}

// plainReadMovesAtime reports whether a plain local read of an old-atime
// file in dir moves its atime (false on a noatime mount).
func plainReadMovesAtime(t *testing.T, dir string) bool {
	t.Helper()
	p := filepath.Join(dir, "control.txt")
	if err := os.WriteFile(p, []byte("control\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(p)
	setOldAtime(t, p)
	if _, err := os.ReadFile(p); err != nil {
		t.Fatal(err)
	}
	return !atimeOf(t, p).Equal(oldAtime)
}

// openAccessMasks asks the server (smbstatus -L, the open-file table) for
// the access mask of every open handle on share paths ending in name.
func openAccessMasks(t *testing.T, srv *sambatest.Server, name string) []uint32 {
	t.Helper()
	if _, err := exec.LookPath("smbstatus"); err != nil {
		t.Skip("smbstatus not installed: cannot read the server's open-file table")
	}
	out, err := exec.Command("smbstatus", "-s", srv.Conf, "-L").CombinedOutput()
	if err != nil {
		t.Fatalf("smbstatus: %v\n%s", err, out)
	}
	// Pid User(ID) DenyMode Access R/W Oplock SharePath Name Time
	re := regexp.MustCompile(`^\s*\d+\s+\d+\s+\S+\s+(0x[0-9a-fA-F]+)\s`)
	var masks []uint32
	for _, line := range strings.Split(string(out), "\n") {
		m := re.FindStringSubmatch(line)
		if m == nil || !strings.Contains(line, name) {
			continue
		}
		v, err := strconv.ParseUint(m[1], 0, 32)
		if err != nil {
			t.Fatalf("smbstatus access %q: %v", m[1], err)
		}
		masks = append(masks, uint32(v))
	}
	if len(masks) == 0 {
		t.Fatalf("smbstatus lists no open handle on %s:\n%s", name, out)
	}
	return masks
}

// TestOpenAsksReadOnly checks on the server's side that a handle opened
// for a scan has no bit that could write data, attributes, times or
// security.
func TestOpenAsksReadOnly(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	dir := srv.ShareDir("data")
	mkfile(t, filepath.Join(dir, "evidence.txt"), "password=hunter2\n", 0o644)
	srv.AddShare("data", dir, sambatest.ShareOptions{})
	c := connect(t, srv, "data", Options{})
	it := byPath(walkAll(t, c))["smb/127.0.0.1/data/evidence.txt"]
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	f, err := c.Open(ctx, it)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, m := range openAccessMasks(t, srv, "evidence.txt") {
		t.Logf("server-side access mask of the open handle: %#08x", m)
		if m&maskAnyWrite != 0 {
			t.Errorf("access mask %#x has write bits %#x", m, m&maskAnyWrite)
		}
		if m&maskReadData == 0 {
			t.Errorf("access mask %#x lacks FILE_READ_DATA", m)
		}
		// go-smb2 asks GENERIC_READ: FILE_READ_EA rides along with the
		// minimum (read data, attributes, control, synchronize). It reads
		// and writes nothing more.
		if m&^maskFileGenericRead != 0 {
			t.Errorf("access mask %#x has bits beyond FILE_GENERIC_READ: %#x", m, m&^maskFileGenericRead)
		}
	}
}

// TestServerAtimeAfterScan records what a walk, a read and an exposure
// query through the connector do to the times on the server's disk. Samba reads files
// through the kernel without O_NOATIME, so the server's mount options
// decide: on relatime (the default) an atime older than the mtime or a day
// moves. The test asserts that nothing else changes (mtime and ctime: no
// data, mode, owner or xattr written) and logs the measured atimes.
func TestServerAtimeAfterScan(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	dir := srv.ShareDir("data")
	files := map[string]string{
		"a.txt":     "password=hunter2\n",
		"sub/b.txt": "fødselsnummer\n",
	}
	for rel, content := range files {
		mkfile(t, filepath.Join(dir, filepath.FromSlash(rel)), content, 0o644)
	}
	srv.AddShare("data", dir, sambatest.ShareOptions{})
	moves := plainReadMovesAtime(t, dir)
	paths := []string{dir, filepath.Join(dir, "sub"), filepath.Join(dir, "a.txt"), filepath.Join(dir, "sub", "b.txt")}
	before := map[string]syscall.Stat_t{}
	for _, p := range paths {
		setOldAtime(t, p)
		var st syscall.Stat_t
		if err := syscall.Lstat(p, &st); err != nil {
			t.Fatal(err)
		}
		before[p] = st
	}

	c := connect(t, srv, "data", Options{})
	items := walkAll(t, c)
	for _, p := range paths {
		t.Logf("after walk: /%s atime %v (was %v)", relTo(dir, p), atimeOf(t, p).UTC(), oldAtime)
	}
	read := 0
	for _, it := range items {
		if it.Dir || it.Err != nil {
			continue
		}
		if _, err := readAll(t, c, it); err != nil {
			t.Fatalf("read %s: %v", it.Path, err)
		}
		// The scanner also asks who can read each file with findings.
		if _, err := c.Exposure(context.Background(), it); err != nil {
			t.Fatalf("exposure of %s: %v", it.Path, err)
		}
		read++
	}
	if read != len(files) {
		t.Fatalf("read %d files, want %d", read, len(files))
	}
	changed := 0
	for _, p := range paths {
		at := atimeOf(t, p)
		if !at.Equal(oldAtime) {
			changed++
		}
		t.Logf("after read: /%s atime %v (was %v)", relTo(dir, p), at.UTC(), oldAtime)
		var st syscall.Stat_t
		if err := syscall.Lstat(p, &st); err != nil {
			t.Fatal(err)
		}
		// Neither data nor inode metadata (mode, owner, xattrs such as
		// Samba's user.DOSATTRIB) may change: mtime and ctime stay.
		b := before[p]
		if st.Mtim != b.Mtim {
			t.Errorf("/%s: mtime changed from %v to %v", relTo(dir, p), tsTime(b.Mtim), tsTime(st.Mtim))
		}
		if st.Ctim != b.Ctim {
			t.Errorf("/%s: ctime changed from %v to %v", relTo(dir, p), tsTime(b.Ctim), tsTime(st.Ctim))
		}
	}
	t.Logf("plain local read moves atime on the share's file system: %v; atimes changed by the scan: %d of %d", moves, changed, len(paths))
}

func tsTime(ts syscall.Timespec) time.Time { return time.Unix(ts.Unix()).UTC() }

func relTo(dir, p string) string {
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == "." {
		return ""
	}
	return filepath.ToSlash(rel)
}
