//go:build linux

package local

import (
	"errors"
	"os"
	"slices"
	"strings"
	"syscall"
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
// sorted by name, and those read before an error returned with it.
func readDir(name string) ([]os.DirEntry, error) {
	f, err := openNoAtime(name, os.O_RDONLY|syscall.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	slices.SortFunc(entries, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}
