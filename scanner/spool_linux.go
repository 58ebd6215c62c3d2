package scanner

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// unnamedTemp opens a file in dir that never has a name (O_TMPFILE), or,
// on file systems without it, one that is unlinked at once.
func unnamedTemp(dir string) (*os.File, error) {
	fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600)
	if err == nil {
		return os.NewFile(uintptr(fd), dir+"/(unnamed spool)"), nil
	}
	if errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.EISDIR) || errors.Is(err, unix.EINVAL) {
		return createUnlinked(dir)
	}
	return nil, &os.PathError{Op: "open", Path: dir, Err: err}
}
