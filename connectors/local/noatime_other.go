//go:build !linux

package local

import (
	"io/fs"
	"os"
	"syscall"
)

// openForRead opens name read-only and non-blocking (a file swapped for a
// FIFO after the walk cannot block the worker) and returns its mode.
func openForRead(name string) (handle, fs.FileMode, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, fi.Mode(), nil
}

// openNoAtime opens name with flag. Only Linux has O_NOATIME; elsewhere
// reads update access times as the file system decides.
func openNoAtime(name string, flag int) (*os.File, error) {
	return os.OpenFile(name, flag, 0)
}

// readDir is os.ReadDir; info is DirEntry.Info, pause does nothing.
func readDir(name string) ([]os.DirEntry, func(os.DirEntry) (fs.FileInfo, error), func(), error) {
	entries, err := os.ReadDir(name)
	return entries, os.DirEntry.Info, func() {}, err
}
