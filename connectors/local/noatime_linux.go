//go:build linux

package local

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// openNoAtime opens name read-only with O_NOATIME, so that reading it (a
// file) or listing it (a folder, whose getdents also touches atime) leaves
// its access time as it was: an incident responder's evidence. The kernel
// allows O_NOATIME only to the file's owner or a process with CAP_FOWNER;
// anyone else gets EPERM, and the open is retried without the flag (the
// read then updates atime as any read would, subject to the mount's
// relatime/noatime).
func openNoAtime(name string, flag int) (*os.File, error) {
	f, err := os.OpenFile(name, flag|syscall.O_NOATIME, 0)
	if err != nil && errors.Is(err, syscall.EPERM) {
		return os.OpenFile(name, flag, 0)
	}
	return f, err
}

// readDir is os.ReadDir with the folder opened by openNoAtime: the entries
// sorted by name, and those read before an error returned with it. info
// stats an entry by its name relative to the folder's fd; pause closes
// that fd (the walk calls it before going down into a subfolder, so that
// one fd is open at a time however deep the tree), and the next info
// opens the folder again.
func readDir(name string) (entries []os.DirEntry, info func(os.DirEntry) (fs.FileInfo, error), pause func(), err error) {
	f, err := openNoAtime(name, os.O_RDONLY|syscall.O_DIRECTORY)
	if err != nil {
		return nil, nil, func() {}, err
	}
	entries, err = f.ReadDir(-1)
	slices.SortFunc(entries, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	d := &dirStat{path: name, f: f}
	return entries, d.info, d.pause, err
}

// dirStat stats the entries of one folder through its fd.
type dirStat struct {
	path string
	f    *os.File // nil while paused
}

func (d *dirStat) info(e os.DirEntry) (fs.FileInfo, error) {
	if d.f == nil {
		f, err := openNoAtime(d.path, os.O_RDONLY|syscall.O_DIRECTORY)
		if err != nil {
			return os.Lstat(filepath.Join(d.path, e.Name()))
		}
		d.f = f
	}
	return lstatAt(int(d.f.Fd()), d.path, e.Name())
}

func (d *dirStat) pause() {
	if d.f != nil {
		d.f.Close()
		d.f = nil
	}
}

// lstatAt is os.Lstat of dir/name by a name relative to dir's open fd: the
// kernel resolves one name instead of the whole path, for every entry.
func lstatAt(dirfd int, dir, name string) (fs.FileInfo, error) {
	var u unix.Stat_t
	err := ignoringEINTR(func() error { return unix.Fstatat(dirfd, name, &u, unix.AT_SYMLINK_NOFOLLOW) })
	if err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: filepath.Join(dir, name), Err: err}
	}
	// The rest of the package reads syscall's Stat_t, as os.Lstat gives.
	return &statInfo{name: name, st: &syscall.Stat_t{
		Dev: u.Dev, Ino: u.Ino, Nlink: u.Nlink, Mode: u.Mode, Uid: u.Uid, Gid: u.Gid, Rdev: u.Rdev,
		Size: u.Size, Blksize: u.Blksize, Blocks: u.Blocks,
		Atim: syscall.Timespec{Sec: u.Atim.Sec, Nsec: u.Atim.Nsec},
		Mtim: syscall.Timespec{Sec: u.Mtim.Sec, Nsec: u.Mtim.Nsec},
		Ctim: syscall.Timespec{Sec: u.Ctim.Sec, Nsec: u.Ctim.Nsec},
	}}, nil
}

// statInfo is the fs.FileInfo of a stat result, as os.Lstat makes it.
type statInfo struct {
	name string
	st   *syscall.Stat_t
}

func (s *statInfo) Name() string { return s.name }
func (s *statInfo) Size() int64  { return s.st.Size }
func (s *statInfo) Mode() fs.FileMode {
	m := fs.FileMode(s.st.Mode&0o777) | modeOf(s.st.Mode)
	if s.st.Mode&syscall.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if s.st.Mode&syscall.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if s.st.Mode&syscall.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
func (s *statInfo) ModTime() time.Time {
	return time.Unix(int64(s.st.Mtim.Sec), int64(s.st.Mtim.Nsec)) // int32 fields on 32-bit Linux
}
func (s *statInfo) IsDir() bool { return s.Mode().IsDir() }
func (s *statInfo) Sys() any    { return s.st }
