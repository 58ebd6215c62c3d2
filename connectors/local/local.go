// Package local walks folders and files on this machine, read-only.
package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"

	"github.com/credsweep/credsweep/connectors"
)

// Connector walks one local folder or file. It never writes (on Linux it
// leaves access times unchanged where it may: see openNoAtime), never follows
// a symlink into a folder (no loops), and skips FIFOs, sockets and devices
// instead of blocking on them.
type Connector struct {
	root   string
	isFile bool

	mu    sync.Mutex
	names map[string]string // uid/gid cache: "u1000" → "alice"
}

var _ connectors.Connector = (*Connector)(nil)
var _ connectors.Exposer = (*Connector)(nil)

// New checks that root exists and returns its connector.
func New(root string) (*Connector, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", root, unwrapPathError(err))
	}
	return &Connector{root: abs, isFile: !fi.IsDir(), names: map[string]string{}}, nil
}

type ref struct{ abs string }

// Walk calls fn for every entry under the root in lexical order.
func (c *Connector) Walk(ctx context.Context, fn func(connectors.Item) error) error {
	if c.isFile {
		fi, err := os.Lstat(c.root)
		if err != nil {
			return fn(connectors.Item{Path: filepath.Base(c.root), Display: c.root, Err: unwrapPathError(err)})
		}
		return fn(c.item(c.root, filepath.Base(c.root), fi))
	}
	return c.walkDir(ctx, c.root, "", fn)
}

func (c *Connector) walkDir(ctx context.Context, abs, rel string, fn func(connectors.Item) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, info, pause, err := readDir(abs)
	defer pause()
	if err != nil {
		// ReadDir returns what it read before the error: report the
		// folder, then go on with those entries.
		ferr := fn(connectors.Item{Path: relOrDot(rel), Display: abs, ID: rel, Dir: true,
			Err: fmt.Errorf("folder could not be read: %w", unwrapPathError(err))})
		if ferr != nil {
			return ferr
		}
	}
	for _, e := range entries {
		childAbs := filepath.Join(abs, e.Name())
		childRel := e.Name()
		if rel != "" {
			childRel = rel + "/" + e.Name()
		}
		fi, err := info(e)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				err = errors.New("vanished during the walk")
			}
			if err := fn(connectors.Item{Path: childRel, Display: childAbs, ID: childRel, Err: unwrapPathError(err)}); err != nil {
				return err
			}
			continue
		}
		if fi.IsDir() {
			pause() // one folder fd open at a time, however deep
			if err := c.walkDir(ctx, childAbs, childRel, fn); err != nil {
				return err
			}
			continue
		}
		if err := fn(c.item(childAbs, childRel, fi)); err != nil {
			return err
		}
	}
	return nil
}

// item describes a non-folder entry (fi from Lstat).
func (c *Connector) item(abs, rel string, fi fs.FileInfo) connectors.Item {
	it := connectors.Item{Path: rel, Display: abs, ID: rel, Size: fi.Size(), ModTime: fi.ModTime(),
		Version: version(fi), Ref: ref{abs}}
	mode := fi.Mode()
	if mode&fs.ModeSymlink != 0 {
		target, err := os.Stat(abs)
		switch {
		case err != nil && errors.Is(err, syscall.ELOOP):
			it.Skip = "symlink loop"
		case err != nil:
			it.Skip = "broken symlink"
		case target.IsDir():
			it.Skip = "symlink to a folder (not followed)"
		case !target.Mode().IsRegular():
			it.Skip = "symlink to a " + specialKind(target.Mode())
		default:
			// The target's status: its content is what gets scanned.
			it.Size, it.ModTime, it.Version = target.Size(), target.ModTime(), version(target)
		}
		return it
	}
	if !mode.IsRegular() {
		it.Skip = specialKind(mode)
	}
	return it
}

func specialKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

// Open opens a walked file read-only. O_NONBLOCK keeps a file swapped for
// a FIFO after the walk from blocking the worker. On Linux the file is
// opened with O_NOATIME where the kernel allows it (owner or CAP_FOWNER),
// so reading it leaves its access time unchanged.
func (c *Connector) Open(ctx context.Context, it connectors.Item) (connectors.File, error) {
	r, ok := it.Ref.(ref)
	if !ok {
		return nil, errors.New("local: item from another connector")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, mode, err := openForRead(r.abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("vanished before it could be read: %w", fs.ErrNotExist)
		}
		return nil, unwrapPathError(err)
	}
	if !mode.IsRegular() {
		f.Close()
		return nil, fmt.Errorf("became a %s during the scan", specialKind(mode))
	}
	return &file{f: f, ctx: ctx}, nil
}

// handle is an open file: an *os.File, or on Linux an fdFile.
type handle interface {
	io.ReadCloser
	io.ReaderAt
}

// file is an open local file whose reads honour Open's context: a read
// after cancellation or past the deadline fails with ctx.Err() (a read
// already blocked in the kernel, on a hung network mount, is not
// interrupted).
type file struct {
	f   handle
	ctx context.Context
	// eof is set by the first read that returns io.EOF: later Reads
	// return io.EOF without asking the kernel again (the layers above
	// each read once more to see the end: two system calls per file).
	eof bool
}

func (f *file) Read(p []byte) (int, error) {
	if err := f.ctx.Err(); err != nil {
		return 0, err
	}
	if f.eof && len(p) > 0 {
		return 0, io.EOF
	}
	n, err := f.f.Read(p)
	if len(p) > 0 {
		f.eof = err == io.EOF
	}
	return n, err
}

func (f *file) ReadAt(p []byte, off int64) (int, error) {
	if err := f.ctx.Err(); err != nil {
		return 0, err
	}
	return f.f.ReadAt(p, off)
}

func (f *file) Close() error { return f.f.Close() }

// Close does nothing: local files need no connection.
func (c *Connector) Close() error { return nil }

// Exposure reads the file's mode bits: readable by others means every
// account on the host (or every user of the share it is exported by) can
// read it.
func (c *Connector) Exposure(ctx context.Context, it connectors.Item) (connectors.Exposure, error) {
	r, ok := it.Ref.(ref)
	if !ok {
		return connectors.Exposure{}, errors.New("local: item from another connector")
	}
	fi, err := os.Stat(r.abs)
	if err != nil {
		return connectors.Exposure{}, unwrapPathError(err)
	}
	perm := fi.Mode().Perm()
	e := connectors.Exposure{Audience: connectors.AudienceRestricted}
	var uid, gid string
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		uid, gid = strconv.Itoa(int(st.Uid)), strconv.Itoa(int(st.Gid))
		e.Owner = c.name("u", uid)
		if st.Uid >= 1000 && st.Uid != 65534 {
			// A regular account is a person (system accounts and
			// nobody are not).
			e.Owner = "user:" + e.Owner
		}
	}
	if perm&0o400 != 0 && e.Owner != "" {
		e.Readers = append(e.Readers, e.Owner)
	}
	if perm&0o040 != 0 && gid != "" {
		g := "group " + c.name("g", gid)
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Gid >= 1000 && st.Gid != 65534 && c.name("g", gid) == c.name("u", strconv.Itoa(int(st.Gid))) {
			// A user private group (Debian's default: group ola for
			// user ola) names a person.
			g = "user:" + c.name("g", gid)
		}
		if g != e.Owner {
			e.Readers = append(e.Readers, g)
		}
	}
	switch {
	case perm&0o004 != 0:
		e.Audience = connectors.AudienceOrganization
		e.Readers = append(e.Readers, "every local user")
		e.Detail = fmt.Sprintf("mode %04o: every user of this machine can read it", perm)
	default:
		who := "its owner"
		switch {
		case perm&0o400 == 0 && perm&0o040 != 0:
			who = "its group"
		case perm&0o040 != 0:
			who = "its owner and its group"
		case perm&0o400 == 0:
			who = "no one but root"
		}
		e.Detail = fmt.Sprintf("mode %04o: only %s can read it", perm, who)
	}
	return e, nil
}

func (c *Connector) name(kind, id string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.names[kind+id]; ok {
		return n
	}
	n := id
	if kind == "u" {
		if u, err := user.LookupId(id); err == nil {
			n = u.Username
		}
	} else if g, err := user.LookupGroupId(id); err == nil {
		n = g.Name
	}
	c.names[kind+id] = n
	return n
}

func relOrDot(rel string) string {
	if rel == "" {
		return "."
	}
	return rel
}

// unwrapPathError drops the *fs.PathError wrapper: the path is reported
// separately, and its Op ("open") says nothing to a user.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, fs.ErrPermission) {
			return fmt.Errorf("access denied: %w", fs.ErrPermission)
		}
		return pe.Err
	}
	return err
}
