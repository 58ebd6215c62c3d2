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

// sheetRun is what rendering one worksheet part gives: the text, the
// decoding error, the output length at the end of every Pull step (where
// the member cap can cut) and how many bytes were taken from the source.
type sheetRun struct {
	text  string
	err   string
	steps []int
	read  int64
	slow  bool // the fast path handed off to encoding/xml
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// renderSheet renders data as container.sheet does, through a 64 KiB
// bufio.Reader like extract.Part; wrap, when set, sits under it.
func renderSheet(data []byte, slow bool, wrap func(io.Reader) io.Reader) (run sheetRun) {
	var src io.Reader = bytes.NewReader(data)
	if wrap != nil {
		src = wrap(src)
	}
	cr := &countReader{r: src}
	strs := &sst{}
	for _, s := range []string{"null", "en & to", "tre\tfire"} {
		strs.write([]byte(s))
		strs.add()
	}
	s := &sheetReader{sst: strs, fmts: digitFormats{1: "00000000000", 3: "000000 00000"}}
	part := bufio.NewReaderSize(cr, 64<<10)
	step := sheetStep(s, part, "xl/worksheets/sheet1.xml", true)
	var fs *fastSheet
	if !slow {
		fs = newFastSheet(s, part, "xl/worksheets/sheet1.xml")
		step = fs.step
	}
	defer func() { run.slow = fs == nil || fs.d != nil }()
	var out, chunk []byte
	for {
		var err error
		chunk, err = step(chunk[:0])
		out = append(out, chunk...)
		run.steps = append(run.steps, len(chunk))
		if err != nil {
			if err != io.EOF {
				run.err = err.Error()
			}
			break
		}
	}
	run.text, run.read = string(out), cr.n
	return run
}

// sameAsSlow fails t unless the fast path renders data exactly as
// encoding/xml does, under several ways of reading it.
func sameAsSlow(t *testing.T, data []byte) (handedOff bool) {
	t.Helper()
	wraps := map[string]func(io.Reader) io.Reader{
		"plain":    nil,
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
		"failing": func(r io.Reader) io.Reader {
			return io.MultiReader(io.LimitReader(r, int64(len(data)/2)), iotest.ErrReader(errors.New("disk on fire")))
		},
	}
	for name, wrap := range wraps {
		slow, fast := renderSheet(data, true, wrap), renderSheet(data, false, wrap)
		if fast.text != slow.text || fast.err != slow.err {
			t.Fatalf("%s: fast path differs on %q\nfast %q, %v\nslow %q, %v", name, trunc(data), fast.text, fast.err, slow.text, slow.err)
		}
		if fmt.Sprint(fast.steps) != fmt.Sprint(slow.steps) {
			t.Fatalf("%s: step ends differ: fast %v, slow %v", name, fast.steps, slow.steps)
		}
		if name == "plain" {
			if fast.read != slow.read {
				t.Fatalf("fast path read %d source bytes, encoding/xml %d", fast.read, slow.read)
			}
			handedOff = fast.slow
		}
	}
	return handedOff
}

func trunc(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "..."
	}
	return string(b)
}

func TestSheetFastVsSlowCases(t *testing.T) {
	const ws = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	const firstHandOff = 8
	for i, tc := range []string{
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + ws + `<sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1"><v>1.0101901234E10</v></c></row></sheetData></worksheet>`,
		`<?xml version='1.0' encoding='utf-8'?><x:worksheet xmlns:x="m"><x:sheetData><x:row r='2' spans="1:3"><x:c t='inlineStr' r='B2'><x:is><x:t>a &amp; b &lt;&gt;&quot;&apos; &#65;&#x42;&#xe6;&#230;&#x1F600;</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
		ws + `<sheetData><row><c s="1"><v>123</v></c><c s="3" r="C1"><v>1010190123</v></c><c t="b"><v>1</v></c><c t="b"><v> 0 </v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1&amp;B1</f><v>pass_x000D_word</v></c></row></sheetData></worksheet>`,
		ws + `<sheetData><row r="3"><c r="A3" t="inlineStr"><is><r><t xml:space="preserve"> kla </t></r><rPh><t>skip</t></rPh><t><![CDATA[<b>&amp;</b>]]></t></is></c><c r="B3"/><c r = "D3"  t = "s" ><v>2</v></c></row><row r="3"/></sheetData></worksheet>`,
		// The shapes of cell that fastSheet.cell reads in one pass, and
		// near misses it leaves to the tokenizer.
		ws + `<sheetData><row r="7"><c r="B7" s="1"/><c r="C7"></c><c></c><c r="D7" r="Z7" t="s" t="b"><v>0</v></c><c R="E7"><v>5</v></c><c rr="x" r="F7" t="s"><v>1</v></c><c r="G7"><v></v></c><c r="H7"><v>x</v> </c><c r="I7" ><v>1</v></c><c r="J7"><v>a > b</v></c><c t="str" r="K7"><v>tab	and
newline</v></c><c r="L7" s="0" t="n"><v>42</v></c><c r="M7" t="s"><v>7</v><f>1</f></c><c r='N7'><v>3</v></c></row><row r="9"/><row r="11" spans="1:3" ht="15"><c r="A11"><v>1</v></c></row ><row r="12" x14ac:dyDescent="0.25"><c r="A12"><v>2</v></c></row><row R="13" r="14"><c><v>3</v></c></row><row><c><v>4</v></c></row></sheetData><rowBreaks count="1"><brk id="3"/></rowBreaks></worksheet>`,
		ws + `<!-- a comment --><sheetData><?pi data?><row r="1"><c><v>1</v><!----></c></row></sheetData><extLst><ext><row><c><v>9</v></c></row></ext></extLst></worksheet>`,
		"",
		"just text",
		// Everything below must be handed off to encoding/xml, mostly errors.
		`<!DOCTYPE worksheet [<!ENTITY e "x">]>` + ws + `<sheetData><row><c t="str"><v>&e;</v></c></row></sheetData></worksheet>`,
		ws + "<sheetData>\n<row>\n<c t=\"str\"><v>a\r\nb</v></c></row>\n<row><c><v>&bogus;</v></c></row></sheetData></worksheet>",
		ws + "<sheetData>\n\n<row><c t=\"str\"><v>a\x01b</v></c></row></sheetData>",
		ws + "<sheetData>\n<row><c t=\"str\"><v>a]]>b</v></c></row></sheetData>",
		ws + "<sheetData>\n<row><c t=\"str\"><v>\xff</v></c></row></sheetData>",
		ws + "<sheetData>\n<row><c t=\"str\"><v>&#0;</v></c></row></sheetData>",
		ws + "<sheetData>\n<row><c t=\"str\"><v>&#xD800;&#xFFFE;</v></c></row></sheetData>",
		ws + "<sheetData>\n<row><c t=str><v>1</v></c></row></sheetData>",
		ws + "<sheetData>\n<row><c r=\"A<1\"><v>1</v></c></row></sheetData>",
		ws + "<sheetData>\n<row><!-- a -- b --><c><v>1</v></c></row></sheetData>",
		ws + "<sheetData>\n<row><c><v>1</v></c></row></sheetData",
		ws + "<sheetData>\n<row><c><v>1</v></c></row><a:b:c/></sheetData>",
		ws + "<sheetData>\n<row><c><v>1</v></c></row><æ/></sheetData>",
		`<?xml version="1.1"?>` + ws,
		`<?xml version="1.0" encoding="ISO-8859-1"?>` + ws,
		`<?xml encoding="utf` + "\r" + `8"?>` + ws,
		ws + `<sheetData><row><c t="inlineStr"><is><t>` + strings.Repeat("long text ", 200000) + `</t></is></c></row></sheetData>`,
		ws + `<sheetData><row><c t="inlineStr"><is><t>` + strings.Repeat("&amp;", 300000) + `</t></is></c></row></sheetData>`,
		"<",
		"<c r=\"A1\"",
	} {
		t.Run("", func(t *testing.T) {
			if off := sameAsSlow(t, []byte(tc)); off != (i >= firstHandOff) {
				t.Errorf("handed off = %v", off)
			}
		})
	}
}

// genSheet writes a random worksheet from the constructs spreadsheet
// writers use, with an occasional damage that encoding/xml rejects.
func genSheet(r *rand.Rand, rows int) []byte {
	var b bytes.Buffer
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	b.WriteString(pick(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n", `<?xml version='1.0'?>`, "", "<!-- generated -->\n", " \n"))
	p := pick("", "", "x:")
	fmt.Fprintf(&b, `<%sworksheet xmlns%s="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><%ssheetViews><%ssheetView workbookViewId="0"/></%ssheetViews><%ssheetData>`,
		p, strings.TrimSuffix(":"+p, ":"), p, p, p, p)
	attr := func(name, val string) string {
		q := pick(`"`, `'`)
		return pick(" ", "  ", "\n\t") + name + pick("=", " = ") + q + val + q
	}
	texts := []string{"ola.nordmann", "Sommer2018!", "a &amp; b", "&lt;tag&gt;", "blåbær", "Ærlig ø", "&#65;&#x6F8;", "x_x0009_y", "tab\tin", "line\nbreak", "😀", "<![CDATA[raw <&> text]]>", "", " padded "}
	nums := []string{"0", "12.5", "-3", "1.0101901234E10", "1E-3", "10101901234", "7", "abc", "2.5e+2"}
	for i := 1; i <= rows; i++ {
		rowAttr := ""
		switch r.IntN(5) {
		case 0:
		case 1:
			rowAttr = attr("r", fmt.Sprint(i+r.IntN(3)))
		default:
			rowAttr = attr("r", fmt.Sprint(i)) + attr("spans", "1:4")
		}
		fmt.Fprintf(&b, "<%srow%s>", p, rowAttr)
		for c := 0; c < r.IntN(6); c++ {
			col := string(rune('A'+r.IntN(8))) + fmt.Sprint(i)
			var attrs []string
			if r.IntN(4) > 0 {
				attrs = append(attrs, attr("r", col))
			}
			kind := r.IntN(7)
			var body string
			switch kind {
			case 0:
				attrs = append(attrs, attr("t", "s"))
				body = fmt.Sprintf("<%sv>%d</%sv>", p, r.IntN(5), p)
			case 1:
				attrs = append(attrs, attr("t", "inlineStr"))
				body = fmt.Sprintf("<%sis><%st>%s</%st></%sis>", p, p, pick(texts...), p, p)
			case 2:
				attrs = append(attrs, attr("t", pick("str", "e", "d")))
				body = fmt.Sprintf("<%sf>SUM(A1)</%sf><%sv>%s</%sv>", p, p, p, pick(texts...), p)
			case 3:
				attrs = append(attrs, attr("t", "b"))
				body = fmt.Sprintf("<%sv>%s</%sv>", p, pick("0", "1", " 1"), p)
			case 4:
				attrs = append(attrs, attr("s", pick("1", "2", "3")))
				body = fmt.Sprintf("<%sv>%s</%sv>", p, pick(nums...), p)
			case 5:
				body = ""
			default:
				body = fmt.Sprintf("<%sv>%s</%sv>", p, pick(nums...), p)
			}
			r.Shuffle(len(attrs), func(i, j int) { attrs[i], attrs[j] = attrs[j], attrs[i] })
			if body == "" {
				fmt.Fprintf(&b, "<%sc%s%s/>", p, strings.Join(attrs, ""), pick("", " "))
			} else {
				fmt.Fprintf(&b, "<%sc%s>%s</%sc>", p, strings.Join(attrs, ""), body, p)
			}
		}
		fmt.Fprintf(&b, "</%srow>%s", p, pick("", "", "\n", "<!-- r -->"))
	}
	fmt.Fprintf(&b, "</%ssheetData><%smergeCells count=\"1\"><%smergeCell ref=\"A1:B1\"/></%smergeCells></%sworksheet>", p, p, p, p, p)
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

func TestSheetFastVsSlowGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	fast := 0
	for i := 0; i < 400; i++ {
		if !sameAsSlow(t, genSheet(r, 1+r.IntN(60))) {
			fast++
		}
	}
	// Damaged sheets are handed off; the others must stay on the fast path.
	if fast < 200 {
		t.Errorf("only %d of 400 sheets read by the fast path alone", fast)
	}
	// Large enough for many Pull steps and buffer refills.
	for i := 0; i < 3; i++ {
		sameAsSlow(t, genSheet(r, 20000))
	}
}

// TestSheetFastVsSlowFixtures compares the worksheets of the fixture
// workbooks and of the benchmark workbook.
func TestSheetFastVsSlowFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.xls*")
	if len(files) == 0 {
		t.Fatal("no fixture workbooks")
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range worksheets(t, data) {
			if sameAsSlow(t, sh) {
				t.Errorf("%s: handed off to encoding/xml", p)
			}
		}
	}
	for _, sh := range worksheets(t, benchWorkbook(t, 3000)) {
		if sameAsSlow(t, sh) {
			t.Error("benchmark sheet handed off to encoding/xml")
		}
	}
}

func worksheets(t testing.TB, data []byte) [][]byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") || !strings.HasSuffix(f.Name, ".xml") {
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

func FuzzSheetFastVsSlow(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20; i++ {
		f.Add(genSheet(r, 1+r.IntN(8)))
	}
	files, _ := filepath.Glob("testdata/*.xls*")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			for _, sh := range worksheets(f, data) {
				f.Add(sh)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsSlow(t, data)
	})
}

// TestFastSheetLimits checks that the member cap cuts the fast path's
// output where it cuts encoding/xml's.
func TestFastSheetLimits(t *testing.T) {
	data := genSheet(rand.New(rand.NewPCG(5, 6)), 5000)
	for _, max := range []int64{1, 100, 40000, 100000} {
		var got [2]string
		for i, slow := range []bool{false, true} {
			s := &sheetReader{sst: &sst{}, fmts: digitFormats{}}
			pl := extract.NewPull(sheetStep(s, bufio.NewReader(bytes.NewReader(data)), "p", slow), max)
			b, err := io.ReadAll(pl)
			got[i] = fmt.Sprintf("%d %q %v", len(b), b, err)
		}
		if got[0] != got[1] {
			t.Errorf("max %d: fast and slow differ", max)
		}
	}
}
