package scanner

import (
	"bytes"
	"crypto/aes"
	"io"
	"math/rand/v2"
	"os"
	"testing"
)

func TestSealedFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	f, err := newSealedFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	plain := bytes.Repeat([]byte("Brukernavn;Passord\nola;Sommer2018!\n"), 5000)
	if _, err := f.writer().Write(plain); err != nil {
		t.Fatal(err)
	}
	// Nothing readable on disk, and no name in the folder.
	raw := make([]byte, len(plain))
	if _, err := f.f.ReadAt(raw, 0); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("Sommer2018!")) {
		t.Fatal("spooled bytes are in clear")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("spool file has a name: %v", ents)
	}
	// Random reads at any offset decrypt.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		off := rng.IntN(len(plain))
		n := rng.IntN(3*aes.BlockSize + 1)
		got := make([]byte, n)
		m, err := f.ReadAt(got, int64(off))
		if err != nil && err != io.EOF {
			t.Fatal(err)
		}
		if !bytes.Equal(got[:m], plain[off:off+m]) {
			t.Fatalf("ReadAt(%d, %d) = %q", off, n, got[:m])
		}
	}
}

func TestAddCounterCarries(t *testing.T) {
	var iv [aes.BlockSize]byte
	for i := 8; i < 16; i++ {
		iv[i] = 0xff
	}
	addCounter(&iv, 1)
	want := [aes.BlockSize]byte{7: 1}
	if iv != want {
		t.Fatalf("carry: %x", iv)
	}
}
