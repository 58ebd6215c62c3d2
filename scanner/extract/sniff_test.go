package extract

import (
	"archive/zip"
	"bytes"
	"testing"
)

func TestSniff(t *testing.T) {
	tar := make([]byte, 600)
	copy(tar[257:], "ustar")
	tests := []struct {
		name string
		head []byte
		want Kind
	}{
		{"empty", nil, KindEmpty},
		{"utf-8 text", []byte("navn;fødselsnummer\n"), KindText},
		{"utf-16le no BOM", []byte("n\x00a\x00v\x00n\x00;\x00f\x00n\x00r\x00\r\x00\n\x00"), KindText},
		{"utf-16be BOM", []byte("\xfe\xff\x00n\x00a"), KindText},
		{"cp1252 text", []byte("Fødselsnummer;navn\r\n\xd8ystein;\xe6\xf8\xe5\r\n"), KindText},
		{"NUL-heavy .txt", bytes.Repeat([]byte{0, 0, 0, 'a', 1, 2}, 100), KindBinary},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), KindBinary},
		{"pdf", []byte("%PDF-1.7\n"), KindPDF},
		{"pdf after junk", []byte("junk\n%PDF-1.4\n"), KindPDF},
		{"rtf", []byte(`{\rtf1\ansi`), KindRTF},
		{"ole2", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}, KindOLE2},
		{"zip", []byte("PK\x03\x04\x14\x00"), KindZip},
		{"gzip", []byte{0x1f, 0x8b, 8, 0}, KindGzip},
		{"bzip2", []byte("BZh91AY&SY"), KindBzip2},
		{"xz", []byte{0xFD, '7', 'z', 'X', 'Z', 0, 0}, KindXZ},
		{"7z", []byte{'7', 'z', 0xBC, 0xAF, 0x27, 0x1C, 0}, KindSevenZip},
		{"tar", tar, KindTar},
		{"eml", []byte("Return-Path: <a@b.no>\r\nFrom: A <a@b.no>\r\nTo: b@c.no\r\nSubject: Passord\r\n\r\nHei\r\n"), KindEML},
		{"mbox", []byte("From a@b.no Mon Aug 13 08:15:00 2018\nFrom: a@b.no\nTo: c@d.no\nSubject: x\n\nbody\n"), KindMbox},
		{"key: value text is not mail", []byte("Navn: Ola\nPassord: x\n\n"), KindText},
	}
	for _, tt := range tests {
		if got, _ := Sniff(tt.head); got != tt.want {
			t.Errorf("%s: Sniff = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestZipKind(t *testing.T) {
	build := func(names map[string]string) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		for n, d := range names {
			w, _ := zw.Create(n)
			w.Write([]byte(d))
		}
		zw.Close()
		return b.Bytes()
	}
	for _, tt := range []struct {
		parts map[string]string
		want  Kind
	}{
		{map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": ""}, KindOOXML},
		{map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": ""}, KindODF},
		{map[string]string{"mimetype": "text/plain"}, KindZip},
		{map[string]string{"a/b.csv": "x"}, KindZip},
	} {
		z := build(tt.parts)
		if got := ZipKind(bytes.NewReader(z), int64(len(z))); got != tt.want {
			t.Errorf("%v: ZipKind = %s, want %s", tt.parts, got, tt.want)
		}
	}
	if got := ZipKind(bytes.NewReader([]byte("PK\x03\x04junk")), 8); got != KindZip {
		t.Errorf("corrupt zip: %s", got)
	}
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("From: a\nTo: b\nSubject: c\n\nx"))
	f.Add([]byte("\xff\xfeh\x00i\x00"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, head []byte) {
		k, _ := Sniff(head)
		if k == "" {
			t.Fatal("empty kind")
		}
		if k == KindZip {
			ZipKind(bytes.NewReader(head), int64(len(head)))
		}
	})
}
