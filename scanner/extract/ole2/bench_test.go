package ole2

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract/extracttest"
	"github.com/credsweep/credsweep/scanner/extract/ole2/cfbtest"
)

// BenchmarkXLS measures a 20,000-row sheet of inline strings and numbers.
func BenchmarkXLS(b *testing.B) {
	str8 := func(s string) []byte { return append(append(le16(uint16(len(s))), 0), s...) }
	wb := rec(recBOF, le16(biff8Version), le16(5), make([]byte, 12))
	wb = append(wb, rec(recBoundSheet, le32(uint32(len(wb)+4+15+4)), []byte{0, 0, 6, 0}, []byte("Elever"))...)
	wb = append(wb, rec(recEOF)...)
	wb = append(wb, rec(recBOF, le16(biff8Version), le16(0x10), make([]byte, 12))...)
	num := make([]byte, 8)
	for r := uint16(0); r < 20000; r++ {
		wb = append(wb, rec(recLabel, cellHead(r, 0), str8("ola.nordmann"))...)
		wb = append(wb, rec(recLabel, cellHead(r, 1), str8("Sommer2018!"))...)
		binary.LittleEndian.PutUint64(num, 0x4206FC23AC000000)
		wb = append(wb, rec(recNumber, cellHead(r, 2), num)...)
	}
	wb = append(wb, rec(recEOF)...)
	data := cfbtest.Build(map[string][]byte{"Workbook": wb})
	b.SetBytes(int64(len(data)))
	var d extracttest.Drain
	for b.Loop() {
		if err := Extract(context.Background(), input(data), &d); err != nil {
			b.Fatal(err)
		}
	}
}
