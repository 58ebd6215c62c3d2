package ooxml

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/credsweep/credsweep/scanner/extract"
)

// sstRun is what reading one shared strings part gives.
type sstRun struct {
	strs      string // the table, quoted
	capped    bool
	err       string
	read      int64 // bytes taken from the source
	handedOff bool
}

// renderSST reads data as loadSST does, through a 64 KiB bufio.Reader like
// extract.Part; wrap, when set, sits under it.
func renderSST(data []byte, capBytes int64, slow bool, wrap func(io.Reader) io.Reader) (run sstRun) {
	var src io.Reader = bytes.NewReader(data)
	if wrap != nil {
		src = wrap(src)
	}
	cr := &countReader{r: src}
	part := bufio.NewReaderSize(cr, 64<<10)
	b := &sstBuilder{s: &sst{}, capBytes: capBytes}
	var err error
	if slow {
		run.capped, err = b.decode(extract.NewXMLDecoder(part), 0)
	} else {
		run.capped, run.handedOff, err = b.fast(part)
	}
	if err != nil {
		run.err = err.Error()
	}
	var sb strings.Builder
	for i := range b.s.count {
		fmt.Fprintf(&sb, "%q\n", b.s.get(i))
	}
	run.strs, run.read = sb.String(), cr.n
	return run
}

// sameSSTAsSlow fails t unless the fast path reads data exactly as
// encoding/xml does, under several ways of reading it and several caps.
func sameSSTAsSlow(t *testing.T, data []byte) (handedOff bool) {
	t.Helper()
	wraps := map[string]func(io.Reader) io.Reader{
		"plain":    nil,
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
		"failing": func(r io.Reader) io.Reader {
			return io.MultiReader(io.LimitReader(r, int64(len(data)/2)), iotest.ErrReader(errors.New("disk on fire")))
		},
	}
	for _, capBytes := range []int64{maxSharedBytes, int64(len(data) / 3), 7} {
		for name, wrap := range wraps {
			slow, fast := renderSST(data, capBytes, true, wrap), renderSST(data, capBytes, false, wrap)
			if fast.strs != slow.strs || fast.err != slow.err || fast.capped != slow.capped {
				t.Fatalf("%s, cap %d: fast path differs on %q\nfast %v %s%v\nslow %v %s%v", name, capBytes, trunc(data),
					fast.capped, trunc([]byte(fast.strs)), fast.err, slow.capped, trunc([]byte(slow.strs)), slow.err)
			}
			if name == "plain" {
				if fast.read != slow.read {
					t.Fatalf("cap %d: fast path read %d source bytes, encoding/xml %d", capBytes, fast.read, slow.read)
				}
				if capBytes == maxSharedBytes {
					handedOff = fast.handedOff
				}
			}
		}
	}
	return handedOff
}

func TestReadSST(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<sst ` + sns + ` count="5" uniqueCount="5">`
	for _, tc := range []struct {
		name, in string
		cap      int64
		want     []string
		capped   bool
		err      bool
	}{
		{"plain", head + `<si><t>Brukernavn</t></si><si><t>Passord</t></si></sst>`, maxSharedBytes, []string{"Brukernavn", "Passord"}, false, false},
		{"rich text", head + `<si><r><t>ola.</t></r><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">nordmann </t></r></si></sst>`, maxSharedBytes, []string{"ola.nordmann "}, false, false},
		{"phonetic", head + `<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si></sst>`, maxSharedBytes, []string{"東京"}, false, false},
		{"escapes", head + `<si><t>a &amp; b&#10;c_x000D__x0009_d_x00zz_ &lt;e&gt;</t></si><si><t><![CDATA[<&>]]></t></si></sst>`, maxSharedBytes, []string{"a & b\nc\r\td_x00zz_ <e>", "<&>"}, false, false},
		{"empty items", head + `<si/><si><t/></si><t>stray</t><si>outside t<t>in</t></si></sst>`, maxSharedBytes, []string{"", "", "in"}, false, false},
		{"prefixed", `<x:sst xmlns:x="m"><x:si><x:t>p</x:t></x:si></x:sst>`, maxSharedBytes, []string{"p"}, false, false},
		// The cap counts text and 4 bytes per string.
		{"cap", head + `<si><t>12345</t></si><si><t>67890</t></si><si><t>x</t></si></sst>`, 13, []string{"12345"}, true, false},
		{"cap exact", head + `<si><t>12345</t></si><si><t>678</t></si></sst>`, 16, []string{"12345", "678"}, false, false},
		{"cap on empty strings", head + `<si/><si/><si><t/></si><si/></sst>`, 12, []string{"", "", ""}, true, false},
		{"damaged", head + "<si><t>ok</t></si>\n<si><t>a\x01b</t></si></sst>", maxSharedBytes, []string{"ok"}, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, capped, err := readSST(strings.NewReader(tc.in), tc.cap, false)
			var got []string
			for i := range s.count {
				got = append(got, string(s.get(i)))
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.want) || capped != tc.capped || (err != nil) != tc.err {
				t.Errorf("got %q capped %v err %v, want %q capped %v err %v", got, capped, err, tc.want, tc.capped, tc.err)
			}
			if err != nil && !strings.Contains(err.Error(), "line 3") {
				t.Errorf("error %v, want it on line 3", err)
			}
		})
	}
}

func TestSSTFastVsSlowCases(t *testing.T) {
	const head = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3">`
	const firstHandOff = 6
	for i, tc := range []string{
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + head + `<si><t>Brukernavn</t></si><si><r><t>ola.</t></r><r><rPr><b/></rPr><t xml:space="preserve"> nordmann</t></r><rPh><t>x</t></rPh></si></sst>`,
		head + `<si><t>a &amp; b &lt;&gt;&quot;&apos; &#65;&#x42;&#xe6;&#230;&#x1F600;_x000D_</t></si><si><t><![CDATA[raw]]></t><!-- c --></si><?pi x?></sst>`,
		`<x:sst xmlns:x="m"><x:si><x:t>p</x:t></x:si><x:si/><x:si><x:rPh><x:rPh><x:t>n</x:t></x:rPh></x:rPh></x:si></x:sst>`,
		head + "<si><t>tab\tand\nnewline</t></si>\n<si><t>blåbær 😀</t></si></sst>",
		"",
		"just text",
		// Everything below must be handed off to encoding/xml, mostly errors.
		`<!DOCTYPE sst [<!ENTITY e "x">]>` + head + `<si><t>&e;</t></si></sst>`,
		head + "\n<si><t>a\r\nb</t></si>\n<si><t>&bogus;</t></si></sst>",
		head + "\n<si><t>a\x01b</t></si></sst>",
		head + "\n<si><t>a]]>b</t></si></sst>",
		head + "\n<si><t>\xff</t></si></sst>",
		head + "\n<si><t>&#0;</t></si></sst>",
		head + "\n<si><t>&#xD800;&#xFFFE;</t></si></sst>",
		head + "\n<si><t xml:space=preserve>a</t></si></sst>",
		head + "\n<si><t>a</t></si",
		head + "\n<si><a:b:c/></si></sst>",
		`<?xml version="1.1"?>` + head,
		`<?xml version="1.0" encoding="windows-1252"?>` + head,
		head + `<si><t>` + strings.Repeat("long text ", 200000) + `</t></si><si><t>after</t></si></sst>`,
		head + `<si><t>` + strings.Repeat("&amp;", 300000) + `</t></si></sst>`,
		"<",
	} {
		t.Run("", func(t *testing.T) {
			if off := sameSSTAsSlow(t, []byte(tc)); off != (i >= firstHandOff) {
				t.Errorf("handed off = %v", off)
			}
		})
	}
}

// genSST writes a random shared strings part from the constructs
// spreadsheet writers use, with an occasional damage that encoding/xml
// rejects.
func genSST(r *rand.Rand, n int) []byte {
	var b bytes.Buffer
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	b.WriteString(pick(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n", `<?xml version='1.0'?>`, "", "<!-- generated -->\n"))
	p := pick("", "", "x:")
	fmt.Fprintf(&b, `<%ssst xmlns%s="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, p, strings.TrimSuffix(":"+p, ":"), n, n)
	texts := []string{"ola.nordmann", "Sommer2018!", "a &amp; b", "&lt;tag&gt;", "blåbær", "Ærlig ø", "&#65;&#x6F8;", "x_x0009_y", "_x000d_", "tab\tin", "line\nbreak", "😀", "<![CDATA[raw <&> text]]>", "10101901234", " padded "}
	t := func() string {
		if r.IntN(4) == 0 {
			return fmt.Sprintf(`<%st xml:space="preserve">%s</%st>`, p, pick(texts...), p)
		}
		return fmt.Sprintf(`<%st>%s</%st>`, p, pick(texts...), p)
	}
	for range n {
		fmt.Fprintf(&b, "<%ssi>", p)
		switch r.IntN(5) {
		case 0, 1:
			b.WriteString(t())
		case 2:
			for range 1 + r.IntN(3) {
				fmt.Fprintf(&b, `<%sr><%srPr><%sb/><%ssz val="11"/><%srFont val="Calibri"/></%srPr>%s</%sr>`, p, p, p, p, p, p, t(), p)
			}
		case 3:
			fmt.Fprintf(&b, `%s<%srPh sb="0" eb="1">%s</%srPh><%sphoneticPr fontId="1"/>`, t(), p, t(), p, p)
		default:
			fmt.Fprintf(&b, `<%st/>`, p)
		}
		fmt.Fprintf(&b, "</%ssi>%s", p, pick("", "", "\n"))
	}
	fmt.Fprintf(&b, "</%ssst>", p)
	out := b.Bytes()
	if r.IntN(3) == 0 && len(out) > 0 { // damage
		i := r.IntN(len(out))
		switch r.IntN(5) {
		case 0:
			out = out[:i]
		case 1:
			out[i] = byte(r.IntN(32))
		case 2:
			out[i] = 0xC3
		case 3:
			out = append(out[:i:i], append([]byte("&x;"), out[i:]...)...)
		default:
			out = append(out[:i:i], append([]byte("\r\n"), out[i:]...)...)
		}
	}
	return out
}

func TestSSTFastVsSlowGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	fast := 0
	for range 400 {
		if !sameSSTAsSlow(t, genSST(r, 1+r.IntN(60))) {
			fast++
		}
	}
	// Damaged parts are handed off; the others must stay on the fast path.
	if fast < 200 {
		t.Errorf("only %d of 400 parts read by the fast path alone", fast)
	}
	// Large enough for many buffer refills.
	for range 3 {
		sameSSTAsSlow(t, genSST(r, 20000))
	}
}

// TestSSTFastVsSlowFixtures compares the shared strings of the fixture
// workbooks and of the benchmark workbook.
func TestSSTFastVsSlowFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xls*")
	if len(files) == 0 {
		t.Fatal("no fixture workbooks")
	}
	for _, p := range append(files, "bench") {
		var data []byte
		if p == "bench" {
			data = benchSharedWorkbook(t, 3000)
		} else {
			var err error
			if data, err = os.ReadFile(p); err != nil {
				t.Fatal(err)
			}
		}
		parts := sharedStrings(t, data)
		if len(parts) == 0 {
			t.Errorf("%s: no shared strings", p)
		}
		for _, part := range parts {
			if sameSSTAsSlow(t, part) {
				t.Errorf("%s: handed off to encoding/xml", p)
			}
		}
	}
}

func sharedStrings(t testing.TB, data []byte) [][]byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, f := range zr.File {
		if f.Name != "xl/sharedStrings.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out = append(out, b)
	}
	return out
}

func FuzzSSTFastVsSlow(f *testing.F) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 20 {
		f.Add(genSST(r, 1+r.IntN(8)))
	}
	files, _ := filepath.Glob("testdata/*.xls*")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			for _, part := range sharedStrings(f, data) {
				f.Add(part)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameSSTAsSlow(t, data)
	})
}

// get returns string i of the table.
func (s *sst) get(i int) []byte { return s.appendTo(nil, i) }

func TestAppendUnescaped(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"a_x000D_b", "a\rb"},
		{"_x0009__x000a_", "\t\n"},
		{"_x00E6_", "æ"},
		{"_xD800_", "\uFFFD"},
		{"_x00zz_ _x12_ x_", "_x00zz_ _x12_ x_"},
		{"__x0041_", "_A"},
		{"_x004", "_x004"},
	} {
		if got := string(appendUnescaped([]byte(">"), []byte(tc.in))); got != ">"+tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, ">"+tc.want)
		}
	}
}
