//go:build !linux

package local

import "os"

// openNoAtime opens name with flag. Only Linux has O_NOATIME; elsewhere
// reads update access times as the file system decides.
func openNoAtime(name string, flag int) (*os.File, error) {
	return os.OpenFile(name, flag, 0)
}

// readDir is os.ReadDir.
func readDir(name string) ([]os.DirEntry, error) { return os.ReadDir(name) }
