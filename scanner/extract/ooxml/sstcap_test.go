package ooxml

import (
	"bufio"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
)

// TestSSTChunks checks strings across the chunk boundaries of the table's
// text and of its index against a plain list.
func TestSSTChunks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		sizes []int // of the strings, in order
	}{
		{"small", []int{0, 1, 5, 0}},
		{"one per chunk", []int{sstChunk, sstChunk, 1}},
		{"across", []int{sstChunk - 3, 7, 2*sstChunk + 11, 0, 5}},
		{"many", func() []int {
			s := make([]int, 3*sstEndsChunk+5)
			for i := range s {
				s[i] = i % 13
			}
			return s
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s sst
			want := make([]string, len(tc.sizes))
			for i, n := range tc.sizes {
				b := []byte(strings.Repeat(string(rune('a'+i%26)), n))
				// Written in pieces, as text tokens come.
				for len(b) > 0 {
					k := min(len(b), 1+i%7000)
					s.write(b[:k])
					b = b[k:]
				}
				s.add()
				want[i] = strings.Repeat(string(rune('a'+i%26)), n)
			}
			if s.count != len(want) {
				t.Fatalf("%d strings, want %d", s.count, len(want))
			}
			for i, w := range want {
				if got := string(s.appendTo([]byte("x"), i)); got != "x"+w {
					t.Fatalf("string %d: %d bytes, want %d", i, len(got)-1, len(w))
				}
			}
			if got := s.appendTo(nil, len(want)); got != nil {
				t.Errorf("past the end: %q", got)
			}
			var text int64
			for _, c := range s.text {
				text += int64(cap(c))
			}
			var ends int
			for _, c := range s.ends {
				ends += cap(c)
			}
			if text > s.n+sstChunk || ends > s.count+sstEndsChunk {
				t.Errorf("chunks hold %d bytes for %d, %d ends for %d", text, s.n, ends, s.count)
			}
		})
	}
}

// endlessSST streams a shared strings part that never ends.
type endlessSST struct {
	i   int
	buf []byte
}

func (e *endlessSST) Read(p []byte) (int, error) {
	for len(e.buf) < len(p) {
		if e.i == 0 {
			e.buf = append(e.buf, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`...)
		}
		e.buf = fmt.Appendf(e.buf, "<si><t>Passord%07d</t></si><si/>", e.i)
		e.i++
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	return n, nil
}

// TestSSTCapBoundsMemory reads an endless table: the cap must stop it,
// and what the table holds, not only the bytes read, must stay under it.
func TestSSTCapBoundsMemory(t *testing.T) {
	for _, slow := range []bool{false, true} {
		t.Run(fmt.Sprintf("slow %v", slow), func(t *testing.T) {
			const capBytes = 8 << 20
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			s, capped, err := readSST(bufio.NewReaderSize(&endlessSST{}, 64<<10), capBytes, slow)
			runtime.GC()
			runtime.ReadMemStats(&after)
			if !capped || err != nil {
				t.Fatalf("capped %v, err %v", capped, err)
			}
			if s.size() > capBytes || s.size() < capBytes-64 {
				t.Errorf("table of %d bytes, cap %d", s.size(), capBytes)
			}
			// Strings alternate "Passord%07d" (14 bytes) and empty: 4+14+4
			// bytes of table per pair.
			if want := capBytes / 22 * 2; s.count < want-2 || s.count > want+2 {
				t.Errorf("%d strings, want about %d", s.count, want)
			}
			if got := string(s.appendTo(nil, 2*1234)); got != "Passord0001234" {
				t.Errorf("string 2468 = %q", got)
			}
			if live := int64(after.HeapAlloc) - int64(before.HeapAlloc); live > capBytes+4<<20 {
				t.Errorf("%d bytes live for a table capped at %d", live, capBytes)
			}
		})
	}
}

// TestSharedStringsOverCap: past the cap the sheets are still read, with
// the strings loaded so far, and the workbook is partial (a limit error).
func TestSharedStringsOverCap(t *testing.T) {
	var strs strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&strs, "<si><t>Passord%05d</t></si>", i)
	}
	data := buildZip(t, []zpart{
		{"[Content_Types].xml", contentTypes("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")},
		{"_rels/.rels", rootRels("xl/workbook.xml")},
		{"xl/workbook.xml", `<workbook ` + sns + `><sheets><sheet name="Elever" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", rels + `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/sharedStrings.xml", `<sst ` + sns + `>` + strs.String() + `</sst>`},
		{"xl/worksheets/sheet1.xml", `<worksheet ` + sns + `><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>4999</v></c><c r="C1" t="inlineStr"><is><t>inline</t></is></c></row></sheetData></worksheet>`},
	})
	// 64 KiB hold about 3,500 strings of 14 bytes.
	s, err := run(t, data, extract.Limits{MaxMemberBytes: 64 << 10})
	// Under the member limit the part is cut before the table reaches
	// its own cap (the table is smaller than its XML): either way the
	// shared strings are the limit that tripped.
	if !errors.Is(err, extract.ErrLimit) || !strings.Contains(err.Error(), "sharedStrings.xml") {
		t.Fatalf("err = %v, want the shared strings limit", err)
	}
	sec, ok := s.get("sheet Elever")
	if !ok || sec.text != "Passord00000\t\tinline\n" {
		t.Errorf("sheet = %q (%v)", sec.text, ok)
	}
}

// FuzzSSTCap reads arbitrary shared strings under small caps: the table
// never holds more than its cap, and capped is reported exactly when a
// larger cap would have kept more.
func FuzzSSTCap(f *testing.F) {
	f.Add([]byte(`<sst><si><t>12345</t></si><si/><si><r><t>a</t></r><r><t>b</t></r></si></sst>`), uint16(13))
	f.Add([]byte(`<sst><si/><si/><si/><si/></sst>`), uint16(9))
	f.Add([]byte(`<sst><si><t>`+strings.Repeat("x_x0041_", 100)+`</t></si></sst>`), uint16(300))
	f.Fuzz(func(t *testing.T, data []byte, capBytes uint16) {
		for _, slow := range []bool{false, true} {
			s, capped, _ := readSST(strings.NewReader(string(data)), int64(capBytes), slow)
			if s.size() > int64(capBytes) {
				t.Fatalf("table of %d bytes, cap %d", s.size(), capBytes)
			}
			all, _, _ := readSST(strings.NewReader(string(data)), maxSharedBytes, slow)
			if !capped && all.count != s.count {
				t.Fatalf("not capped but %d strings of %d", s.count, all.count)
			}
			if s.count > all.count {
				t.Fatalf("%d strings, more than the %d without a cap", s.count, all.count)
			}
		}
	})
}
