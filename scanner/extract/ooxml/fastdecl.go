package ooxml

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The rarer markup of the fast tokenizer: processing instructions,
// comments and CDATA sections.

// procInst checks and drops a processing instruction whose target is at
// buf[i]. The XML declaration must say version 1.0 (or nothing) and UTF-8
// (or nothing), as encoding/xml without a CharsetReader requires.
func (x *fastXML) procInst(buf []byte, i int) (int, int) {
	full, _, j, r := x.qname(buf, i)
	if r != parsed {
		return 0, r
	}
	for j < len(buf) && isSpace(buf[j]) {
		j++
	}
	k := bytes.Index(buf[j:], []byte("?>"))
	if k < 0 {
		if len(buf)-x.pos > maxFastToken {
			return 0, bail
		}
		return x.short(len(buf))
	}
	if string(full) == "xml" {
		content := string(buf[j : j+k])
		if v := procInstParam("version", content); v != "" && v != "1.0" {
			return 0, bail
		}
		if e := procInstParam("encoding", content); e != "" && !equalFoldASCII(e, "utf-8") {
			return 0, bail
		}
	}
	x.pos = j + k + 2
	return tokSkip, parsed
}

// procInstParam finds param="value" in the content of a processing
// instruction the way encoding/xml does: the first occurrence of "param="
// that is followed by a quote.
func procInstParam(param, s string) string {
	param += "="
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || len(param)+k >= len(sub) {
			return ""
		}
		i += len(param) + k + 1
		if c := sub[len(param)+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// equalFoldASCII compares ASCII strings ignoring the case of letters.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		ca, cb := a[i], b[i]
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return false
		}
	}
	return true
}

// comment reads a comment or a CDATA section after "<!" at buf[i]; other
// declarations (DOCTYPE) are handed off.
func (x *fastXML) comment(buf []byte, i int) (int, int) {
	if i+7 > len(buf) && !x.eof(i+7) {
		return 0, needMore
	}
	switch {
	case bytes.HasPrefix(buf[i:], []byte("--")):
		body := i + 2
		k := bytes.Index(buf[body:], []byte("--"))
		if k < 0 || body+k+2 >= len(buf) {
			if len(buf)-x.pos > maxFastToken {
				return 0, bail
			}
			return x.short(len(buf))
		}
		if buf[body+k+2] != '>' {
			return 0, bail // encoding/xml: "--" not allowed in comments
		}
		x.pos = body + k + 3
		return tokSkip, parsed
	case bytes.HasPrefix(buf[i:], []byte("[CDATA[")):
		body := i + 7
		k := bytes.Index(buf[body:], []byte("]]>"))
		if k < 0 {
			if len(buf)-x.pos > maxFastToken {
				return 0, bail
			}
			return x.short(len(buf))
		}
		text := buf[body : body+k]
		for j := 0; j < len(text); {
			switch c := text[j]; {
			case c >= utf8.RuneSelf:
				n, r := x.rune(text, j)
				if r != parsed {
					return 0, bail
				}
				j += n
			case c < 0x20 && c != '\t' && c != '\n':
				return 0, bail
			default:
				j++
			}
		}
		x.text = text
		x.pos = body + k + 3
		return tokText, parsed
	}
	return 0, bail
}
