package ole2

import (
	"encoding/binary"
	"math"
	"os"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract/ole2/cfbtest"
)

// The fixtures in testdata are written by these builders; run with
// UPDATE_FIXTURES=1 to rewrite them.

const secretLine = "Brukernavn: ola Passord: Sommer2018!"

func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// buildDoc writes a Word 97 file: a compressed cp1252 piece and a UTF-16
// piece holding a table and a hyperlink field, text found through the
// piece table in 1Table.
func buildDoc(encrypted bool) []byte {
	const csw, cslw, cbRgFcLcb = 14, 22, 93
	fib := make([]byte, 32)
	binary.LittleEndian.PutUint16(fib[0:], wordIdent)
	binary.LittleEndian.PutUint16(fib[2:], 0x00C1)
	flags := uint16(fWhichTblStm)
	if encrypted {
		flags |= fEncrypted
	}
	binary.LittleEndian.PutUint16(fib[0x0A:], flags)
	fib = append(fib, le16(csw)...)
	fib = append(fib, make([]byte, 2*csw)...)
	fib = append(fib, le16(cslw)...)
	fib = append(fib, make([]byte, 4*cslw)...)
	fib = append(fib, le16(cbRgFcLcb)...)
	rg := len(fib)
	fib = append(fib, make([]byte, 8*cbRgFcLcb)...)

	piece1 := []byte("Elevliste for Bj\xf8rnebo skole\r" + secretLine + "\r")
	piece2 := cfbtest.UTF16("Navn\x07Brukernavn\x07Passord\x07\x07Kari Nordmann\x07kari01\x07Vinter2019#\x07\x07" +
		"Se \x13 HYPERLINK \"http://intra/x\" \x14intranettet\x15 for mer.\r")
	wd := make([]byte, 0x800)
	copy(wd, fib)
	off1 := len(wd)
	wd = append(wd, piece1...)
	off2 := len(wd)
	wd = append(wd, piece2...)

	cp1 := uint32(len(piece1))
	cp2 := cp1 + uint32(len(piece2)/2)
	var plc []byte
	for _, cp := range []uint32{0, cp1, cp2} {
		plc = append(plc, le32(cp)...)
	}
	pcd := func(fc uint32) []byte { return append(append(le16(0), le32(fc)...), le16(0)...) }
	plc = append(plc, pcd(uint32(off1*2)|0x40000000)...)
	plc = append(plc, pcd(uint32(off2))...)
	clx := []byte{0x01}
	clx = append(clx, le16(2)...)
	clx = append(clx, 0xAA, 0xBB) // a Prc to skip
	clx = append(clx, 0x02)
	clx = append(clx, le32(uint32(len(plc)))...)
	clx = append(clx, plc...)
	table := append(make([]byte, 100), clx...)
	binary.LittleEndian.PutUint32(wd[rg+clxIndex*8:], 100)
	binary.LittleEndian.PutUint32(wd[rg+clxIndex*8+4:], uint32(len(clx)))
	return cfbtest.Build(map[string][]byte{"WordDocument": wd, "1Table": table, "\x05SummaryInformation": make([]byte, 64)})
}

func rec(typ uint16, body ...[]byte) []byte {
	var d []byte
	for _, b := range body {
		d = append(d, b...)
	}
	return append(append(le16(typ), le16(uint16(len(d)))...), d...)
}

func cellHead(row, col uint16) []byte { return append(append(le16(row), le16(col)...), le16(15)...) }

// buildXLS writes a BIFF8 workbook with two sheets: shared strings split
// over a CONTINUE record (switching to 16-bit mid-string), a rich string
// with phonetic data, inline LABELs, numbers, RKs, a MULRK and a formula
// with a cached string.
func buildXLS(encrypted bool) []byte {
	bof := func(dt uint16) []byte { return rec(recBOF, le16(biff8Version), le16(dt), make([]byte, 12)) }
	str8 := func(s string) []byte { return append(append(le16(uint16(len(s))), 0), s...) }
	// SST: "Brukernavn", "Passord", rich "ola" with a run and 4 bytes of
	// phonetic data, then "Sommer2018!" split: "Somm" 8-bit here, "er2018!"
	// as UTF-16 in the CONTINUE.
	sst := append(le32(5), le32(5)...)
	sst = append(sst, str8("Brukernavn")...)
	sst = append(sst, str8("Passord")...)
	sst = append(sst, le16(3)...)
	sst = append(sst, 0x0C)
	sst = append(sst, le16(1)...)
	sst = append(sst, le32(4)...)
	sst = append(sst, "ola"...)
	sst = append(sst, 0, 0, 1, 0, 0xDE, 0xAD, 0xBE, 0xEF)
	sst = append(sst, le16(11)...)
	sst = append(sst, 0)
	sst = append(sst, "Somm"...)
	cont := append([]byte{1}, cfbtest.UTF16("er2018!")...)
	cont = append(cont, str8("Bj\xf8rn")...)

	sheetName := func(s string) []byte { return append([]byte{byte(len(s)), 0}, s...) }
	var globals []byte
	globals = append(globals, bof(0x0005)...)
	if encrypted {
		globals = append(globals, rec(recFilePass, make([]byte, 54))...)
	}
	bs1 := len(globals)
	globals = append(globals, rec(recBoundSheet, le32(0), []byte{0, 0}, sheetName("Elever"))...)
	bs2 := len(globals)
	globals = append(globals, rec(recBoundSheet, le32(0), []byte{0, 0}, sheetName("Tom"))...)
	globals = append(globals, rec(recSST, sst)...)
	globals = append(globals, rec(recContinue, cont)...)
	globals = append(globals, rec(recEOF)...)

	var s1 []byte
	s1 = append(s1, bof(0x0010)...)
	s1 = append(s1, rec(recLabelSST, cellHead(0, 0), le32(0))...)
	s1 = append(s1, rec(recLabelSST, cellHead(0, 1), le32(1))...)
	s1 = append(s1, rec(recLabel, cellHead(0, 3), str8("F\xf8dselsnummer"))...)
	s1 = append(s1, rec(recLabelSST, cellHead(1, 0), le32(2))...)
	s1 = append(s1, rec(recLabelSST, cellHead(1, 1), le32(3))...)
	num := make([]byte, 8)
	binary.LittleEndian.PutUint64(num, math.Float64bits(12345678901))
	s1 = append(s1, rec(recNumber, cellHead(1, 3), num)...)
	s1 = append(s1, rec(recRK, cellHead(3, 0), le32(uint32(42)<<2|2))...)
	s1 = append(s1, rec(recMulRK, le16(3), le16(1), le16(15), le32(uint32(7)<<2|2), le16(15), le32(uint32(150)<<2|3), le16(2))...)
	fv := append([]byte{0, 0, 0, 0, 0, 0}, 0xFF, 0xFF)
	s1 = append(s1, rec(recFormula, cellHead(4, 0), fv, make([]byte, 6))...)
	s1 = append(s1, rec(recString, str8("Passord: Vinter2019#"))...)
	s1 = append(s1, rec(recLabelSST, cellHead(5, 0), le32(4))...)
	s1 = append(s1, rec(recLabelSST, cellHead(6, 0), le32(99))...) // out of range: dropped
	s1 = append(s1, rec(recEOF)...)
	s2 := append(bof(0x0010), rec(recEOF)...)

	wb := append(append(globals, s1...), s2...)
	binary.LittleEndian.PutUint32(wb[bs1+4:], uint32(len(globals)))
	binary.LittleEndian.PutUint32(wb[bs2+4:], uint32(len(globals)+len(s1)))
	return cfbtest.Build(map[string][]byte{"Workbook": wb})
}

// buildPPT writes a PowerPoint stream with a container and both kinds of
// text atom.
func buildPPT() []byte {
	atom := func(typ uint16, b []byte) []byte {
		return append(append(append(le16(0), le16(typ)...), le32(uint32(len(b)))...), b...)
	}
	inner := append(atom(rtTextCharsAtom, cfbtest.UTF16("Passord til wifi\r"+secretLine)), atom(rtTextBytesAtom, []byte("Bj\xf8rnebo\vskole"))...)
	inner = append(inner, atom(0x0FBA, cfbtest.UTF16("not text"))...)
	doc := append(append(append(le16(0x000F), le16(0x03E8)...), le32(uint32(len(inner)))...), inner...)
	return cfbtest.Build(map[string][]byte{"PowerPoint Document": doc, "Current User": make([]byte, 20)})
}

func buildEncryptedOOXML() []byte {
	return cfbtest.Build(map[string][]byte{
		"EncryptionInfo": append([]byte{4, 0, 4, 0, 0x40, 0, 0, 0}, "<encryption/>"...), "EncryptedPackage": make([]byte, 5000),
		"\x06DataSpaces/Version": make([]byte, 76),
	})
}

// buildWithPackage writes an unknown compound file that embeds a file as
// an Ole10Native object.
func buildWithPackage() []byte {
	payload := "Brukernavn;Passord\nola;Sommer2018!\n"
	native := append(le32(0), le16(2)...)
	native = append(native, "passord.csv\x00C:\\tmp\\passord.csv\x00"...)
	native = append(native, le32(0x00030000)...)
	tmp := "C:\\Temp\\passord.csv\x00"
	native = append(native, le32(uint32(len(tmp)))...)
	native = append(native, tmp...)
	native = append(native, le32(uint32(len(payload)))...)
	native = append(native, payload...)
	return cfbtest.Build(map[string][]byte{"Thumbs": make([]byte, 100), "ObjectPool/_1234/\x01Ole10Native": native})
}

var fixtures = map[string]func() []byte{
	"sample.doc":           func() []byte { return buildDoc(false) },
	"encrypted.doc":        func() []byte { return buildDoc(true) },
	"sample.xls":           func() []byte { return buildXLS(false) },
	"encrypted.xls":        func() []byte { return buildXLS(true) },
	"sample.ppt":           buildPPT,
	"encrypted-ooxml.docx": buildEncryptedOOXML,
	"embedded.bin":         buildWithPackage,
}

func TestWriteFixtures(t *testing.T) {
	if os.Getenv("UPDATE_FIXTURES") == "" {
		t.Skip("set UPDATE_FIXTURES=1 to rewrite testdata")
	}
	for name, build := range fixtures {
		if err := os.WriteFile("testdata/"+name, build(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
