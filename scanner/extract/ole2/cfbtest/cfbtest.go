// Package cfbtest writes small OLE2 compound files (MS-CFB version 3) for
// tests: fixtures for .doc, .xls, .ppt and .msg parsers with exactly the
// streams a test needs.
package cfbtest

import (
	"encoding/binary"
	"sort"
	"strings"
	"unicode/utf16"
)

const (
	sectorSize = 512
	miniSize   = 64
	cutoff     = 4096
	endOfChain = 0xFFFFFFFE
	freeSect   = 0xFFFFFFFF
	fatSect    = 0xFFFFFFFD
	noStream   = 0xFFFFFFFF
)

type entry struct {
	name     string
	dir      bool
	data     []byte
	children []int
	start    uint32
	size     uint32
}

// Build returns a compound file holding streams, keyed by their path with
// "/" between storage names ("__attach_version1.0_#00000000/__substg1.0_
// 37010102"). Storages are implied by the paths. Streams under 4096 bytes
// go to the mini stream, as the format requires.
func Build(streams map[string][]byte) []byte {
	ents := []*entry{{name: "Root Entry", dir: true}}
	index := map[string]int{"": 0}
	paths := make([]string, 0, len(streams))
	for p := range streams {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		parts := strings.Split(p, "/")
		parent := 0
		for i, name := range parts {
			key := strings.Join(parts[:i+1], "/")
			id, ok := index[key]
			if !ok {
				id = len(ents)
				e := &entry{name: name, dir: i < len(parts)-1}
				if !e.dir {
					e.data = streams[p]
				}
				ents = append(ents, e)
				index[key] = id
				ents[parent].children = append(ents[parent].children, id)
			}
			parent = id
		}
	}

	// Mini stream: small streams in 64-byte mini sectors.
	var mini []byte
	var miniFAT []uint32
	for _, e := range ents[1:] {
		if e.dir || len(e.data) >= cutoff {
			continue
		}
		e.size = uint32(len(e.data))
		if len(e.data) == 0 {
			e.start = endOfChain
			continue
		}
		e.start = uint32(len(miniFAT))
		n := (len(e.data) + miniSize - 1) / miniSize
		for i := 0; i < n; i++ {
			next := uint32(len(miniFAT) + 1)
			if i == n-1 {
				next = endOfChain
			}
			miniFAT = append(miniFAT, next)
		}
		mini = append(mini, pad(e.data, miniSize)...)
	}

	var sectors [][]byte
	var fat []uint32
	chain := func(b []byte) uint32 {
		if len(b) == 0 {
			return endOfChain
		}
		start := uint32(len(sectors))
		b = pad(b, sectorSize)
		n := len(b) / sectorSize
		for i := 0; i < n; i++ {
			sectors = append(sectors, b[i*sectorSize:(i+1)*sectorSize])
			next := uint32(len(sectors))
			if i == n-1 {
				next = endOfChain
			}
			fat = append(fat, next)
		}
		return start
	}
	ents[0].start = chain(mini)
	ents[0].size = uint32(len(mini))
	for _, e := range ents[1:] {
		if !e.dir && len(e.data) >= cutoff {
			e.start = chain(e.data)
			e.size = uint32(len(e.data))
		}
	}
	miniFATStart := uint32(endOfChain)
	if len(miniFAT) > 0 {
		miniFATStart = chain(u32s(miniFAT))
	}
	nMiniFAT := (len(miniFAT)*4 + sectorSize - 1) / sectorSize
	dirStart := chain(directory(ents))

	// FAT sectors describe every sector, themselves included.
	nFAT := 0
	for (len(sectors)+nFAT)*4 > nFAT*sectorSize {
		nFAT++
	}
	if nFAT > 109 {
		panic("cfbtest: file too large for a header-only DIFAT")
	}
	fatStart := uint32(len(sectors))
	for i := 0; i < nFAT; i++ {
		fat = append(fat, fatSect)
	}
	fb := pad(u32s(fat), sectorSize)
	for i := len(fat) * 4; i < len(fb); i += 4 {
		binary.LittleEndian.PutUint32(fb[i:], freeSect)
	}
	for i := 0; i < nFAT; i++ {
		sectors = append(sectors, fb[i*sectorSize:(i+1)*sectorSize])
	}

	h := make([]byte, sectorSize)
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le := binary.LittleEndian
	le.PutUint16(h[24:], 0x3E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], uint32(nFAT))
	le.PutUint32(h[48:], dirStart)
	le.PutUint32(h[56:], cutoff)
	le.PutUint32(h[60:], miniFATStart)
	le.PutUint32(h[64:], uint32(nMiniFAT))
	le.PutUint32(h[68:], endOfChain)
	for i := 0; i < 109; i++ {
		v := uint32(freeSect)
		if i < nFAT {
			v = fatStart + uint32(i)
		}
		le.PutUint32(h[76+4*i:], v)
	}
	out := h
	for _, s := range sectors {
		out = append(out, s...)
	}
	return out
}

// directory encodes the entries; siblings hang as a chain of right links
// (a valid, if unbalanced, all-black tree).
func directory(ents []*entry) []byte {
	b := make([]byte, 128*len(ents))
	le := binary.LittleEndian
	right := make([]uint32, len(ents))
	child := make([]uint32, len(ents))
	for i := range ents {
		right[i], child[i] = noStream, noStream
	}
	for i, e := range ents {
		for j, c := range e.children {
			if j == 0 {
				child[i] = uint32(c)
			} else {
				right[e.children[j-1]] = uint32(c)
			}
		}
	}
	for i, e := range ents {
		d := b[128*i:]
		u := utf16.Encode([]rune(e.name))
		if len(u) > 31 {
			u = u[:31]
		}
		for k, c := range u {
			le.PutUint16(d[2*k:], c)
		}
		le.PutUint16(d[64:], uint16(2*len(u)+2))
		switch {
		case i == 0:
			d[66] = 5
		case e.dir:
			d[66] = 1
		default:
			d[66] = 2
		}
		d[67] = 1
		le.PutUint32(d[68:], noStream)
		le.PutUint32(d[72:], right[i])
		le.PutUint32(d[76:], child[i])
		start := e.start
		if e.dir && i != 0 {
			start = 0
		}
		le.PutUint32(d[116:], start)
		le.PutUint32(d[120:], e.size)
	}
	return b
}

func pad(b []byte, n int) []byte {
	if len(b)%n == 0 {
		return b
	}
	return append(b[:len(b):len(b)], make([]byte, n-len(b)%n)...)
}

func u32s(v []uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], x)
	}
	return b
}

// UTF16 encodes s as UTF-16LE, as .msg string properties and Word text are.
func UTF16(s string) []byte {
	u := utf16.Encode([]rune(s))
	return u32to16(u)
}

func u32to16(u []uint16) []byte {
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}
