package scanner

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"sync"
)

// A spooled member is extracted content: a password sheet inside a zip
// inside a backup. It must never sit on disk in clear, nor outlive the
// process. So the temporary file has no name (O_TMPFILE on Linux, else
// created and unlinked at once: the kernel frees it when the process dies,
// even by SIGKILL), and its bytes are encrypted with AES-256-CTR under a key
// made at random for this process and kept only in its memory.

// spoolKey is the process's spool key.
var spoolKey = sync.OnceValue(func() cipher.Block {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic("credsweep: no randomness for the spool key: " + err.Error())
	}
	b, err := aes.NewCipher(k)
	if err != nil {
		panic(err)
	}
	return b
})

// sealedFile is an unnamed, encrypted temporary file.
type sealedFile struct {
	f  *os.File
	iv [aes.BlockSize]byte
}

// newSealedFile creates an unnamed temporary file in dir.
func newSealedFile(dir string) (*sealedFile, error) {
	f, err := unnamedTemp(dir)
	if err != nil {
		return nil, fmt.Errorf("spooling to a temporary file: %w", err)
	}
	s := &sealedFile{f: f}
	if _, err := rand.Read(s.iv[:]); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// writer encrypts what is written from the start of the file.
func (s *sealedFile) writer() io.Writer {
	return cipher.StreamWriter{S: cipher.NewCTR(spoolKey(), s.iv[:]), W: s.f}
}

// ReadAt decrypts from any offset: CTR's counter for byte off is the IV
// plus off/16.
func (s *sealedFile) ReadAt(p []byte, off int64) (int, error) {
	n, err := s.f.ReadAt(p, off)
	if n > 0 {
		iv := s.iv
		addCounter(&iv, uint64(off/aes.BlockSize))
		st := cipher.NewCTR(spoolKey(), iv[:])
		var skip [aes.BlockSize]byte
		st.XORKeyStream(skip[:off%aes.BlockSize], skip[:off%aes.BlockSize])
		st.XORKeyStream(p[:n], p[:n])
	}
	return n, err
}

// Close frees the file (it has no name to remove).
func (s *sealedFile) Close() error { return s.f.Close() }

// addCounter adds n to the 128-bit big-endian counter block.
func addCounter(iv *[aes.BlockSize]byte, n uint64) {
	lo := binary.BigEndian.Uint64(iv[8:])
	hi := binary.BigEndian.Uint64(iv[:8])
	sum := lo + n
	if sum < lo {
		hi++
	}
	binary.BigEndian.PutUint64(iv[8:], sum)
	binary.BigEndian.PutUint64(iv[:8], hi)
}

// createUnlinked is the fallback where O_TMPFILE is missing: the name
// exists only between the create and the remove.
func createUnlinked(dir string) (*os.File, error) {
	f, err := os.CreateTemp(dir, ".credsweep-spool-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
