package archive

import (
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// cleanName turns a member name from an archive header into a display
// name: forward slashes, no drive letter, no leading "/" or "..", no
// control characters, valid UTF-8. Nothing is ever written to disk, so
// this is about clear reports, not about path traversal.
func cleanName(raw string) string {
	s := strings.ToValidUTF8(raw, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\\':
			return '/'
		case r < 0x20 || r == 0x7f:
			return '?'
		}
		return r
	}, s)
	if len(s) >= 2 && s[1] == ':' && isLetter(s[0]) {
		s = s[2:]
	}
	s = strings.TrimPrefix(path.Clean("/"+s), "/")
	if s == "" {
		return "unnamed"
	}
	return s
}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// namer makes member names unique within one archive, so that two
// members both called "passwords.txt" are reported apart: the second
// becomes "passwords (2).txt", keeping the extension as a type hint.
type namer struct {
	seen map[string]int
}

func newNamer() *namer { return &namer{seen: make(map[string]int)} }

func (n *namer) unique(name string) string {
	count := n.seen[name]
	n.seen[name] = count + 1
	if count == 0 {
		return name
	}
	dir, base := path.Split(name)
	ext := path.Ext(base)
	if ext == base {
		ext = ""
	}
	stem := strings.TrimSuffix(base, ext)
	for i := count + 1; ; i++ {
		candidate := dir + stem + " (" + strconv.Itoa(i) + ")" + ext
		if n.seen[candidate] == 0 {
			n.seen[candidate] = 1
			return candidate
		}
	}
}

// baseName is the last element of a cleaned name.
func baseName(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// hasNonASCII reports whether s needs a character set to be read.
func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
