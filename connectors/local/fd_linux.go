//go:build linux

package local

import (
	"errors"
	"io"
	"io/fs"
	"syscall"
)

// fdFile is a file read with plain system calls. An *os.File costs two
// more calls per file on Linux (registering a regular file with the
// poller fails, then the non-blocking flag is cleared) and an allocation
// with a cleanup; on a share of many small files the calls were a tenth
// of the time.
type fdFile struct {
	fd   int // -1 once closed
	name string
	// size is the file's size when it was opened, and read what Read
	// has returned. A short read (the kernel had no more then) that
	// brings read to size marks the end: the next Read answers io.EOF
	// without asking again. A file whose size says nothing (/proc) or
	// is stale (some network file systems) is read to the kernel's end.
	size, read int64
	atEnd      bool
}

// openForRead opens name read-only and non-blocking (so a file swapped for
// a FIFO after the walk cannot block the worker), with O_NOATIME where the
// kernel allows it (see openNoAtime), and returns its mode from fstat.
func openForRead(name string) (handle, fs.FileMode, error) {
	const flags = syscall.O_RDONLY | syscall.O_NONBLOCK | syscall.O_CLOEXEC
	fd, err := openRetry(name, flags|syscall.O_NOATIME)
	if errors.Is(err, syscall.EPERM) {
		fd, err = openRetry(name, flags)
	}
	if err != nil {
		return nil, 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	var st syscall.Stat_t
	if err := ignoringEINTR(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		syscall.Close(fd)
		return nil, 0, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return &fdFile{fd: fd, name: name, size: st.Size}, modeOf(st.Mode), nil
}

func openRetry(name string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(name, flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); err != syscall.EINTR {
			return err
		}
	}
}

// modeOf is the type part of fs.FileMode for a stat mode, as os.Stat
// reports it, except that an unknown type is ModeIrregular (os.Stat says
// regular): such a file is not read.
func modeOf(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFREG:
		return 0
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}

var errClosed = errors.New("read after close")

func (f *fdFile) Read(p []byte) (int, error) {
	if f.fd < 0 {
		return 0, errClosed
	}
	if len(p) == 0 {
		return 0, nil
	}
	if f.atEnd {
		return 0, io.EOF
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		f.read += int64(n)
		f.atEnd = n < len(p) && f.read == f.size
		return n, nil
	}
}

// ReadAt reads len(p) bytes at off, or returns why not (io.EOF at the end
// of the file), as io.ReaderAt says.
func (f *fdFile) ReadAt(p []byte, off int64) (int, error) {
	if f.fd < 0 {
		return 0, errClosed
	}
	done := 0
	for done < len(p) {
		n, err := syscall.Pread(f.fd, p[done:], off+int64(done))
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return done, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			return done, io.EOF
		}
		done += n
	}
	return done, nil
}

func (f *fdFile) Close() error {
	if f.fd < 0 {
		return errClosed
	}
	err := syscall.Close(f.fd)
	f.fd = -1
	return err
}
