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
)

// renderFlow renders data as container.flowPart does in mode, through a
// 64 KiB bufio.Reader like extract.Part; wrap, when set, sits under it.
// The tables count is appended to the text.
func renderFlow(data []byte, mode int, slow bool, wrap func(io.Reader) io.Reader) (run sheetRun) {
	var src io.Reader = bytes.NewReader(data)
	if wrap != nil {
		src = wrap(src)
	}
	cr := &countReader{r: src}
	f := &flow{mode: mode}
	part := bufio.NewReaderSize(cr, 64<<10)
	step := flowStep(f, part, "word/document.xml", true)
	var ff *fastFlow
	if !slow {
		ff = newFastFlow(f, part, "word/document.xml")
		step = ff.step
	}
	defer func() { run.slow = ff == nil || ff.d != nil }()
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
	run.text, run.read = fmt.Sprintf("%s\n[%d tables]", out, f.tables), cr.n
	return run
}

// flowSameAsSlow fails t unless the fast path renders data exactly as
// encoding/xml does, in both modes and under several ways of reading it.
func flowSameAsSlow(t *testing.T, data []byte) (handedOff bool) {
	t.Helper()
	wraps := map[string]func(io.Reader) io.Reader{
		"plain":    nil,
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
		"failing": func(r io.Reader) io.Reader {
			return io.MultiReader(io.LimitReader(r, int64(len(data)/2)), iotest.ErrReader(errors.New("disk on fire")))
		},
	}
	for _, mode := range []int{flowAll, flowBody} {
		for name, wrap := range wraps {
			slow, fast := renderFlow(data, mode, true, wrap), renderFlow(data, mode, false, wrap)
			if fast.text != slow.text || fast.err != slow.err {
				t.Fatalf("%s, mode %d: fast path differs on %q\nfast %q, %v\nslow %q, %v", name, mode, trunc(data), fast.text, fast.err, slow.text, slow.err)
			}
			if fmt.Sprint(fast.steps) != fmt.Sprint(slow.steps) {
				t.Fatalf("%s, mode %d: step ends differ: fast %v, slow %v", name, mode, fast.steps, slow.steps)
			}
			if name == "plain" {
				if fast.read != slow.read {
					t.Fatalf("fast path read %d source bytes, encoding/xml %d", fast.read, slow.read)
				}
				handedOff = fast.slow
			}
		}
	}
	return handedOff
}

func TestFlowFastVsSlowCases(t *testing.T) {
	const doc = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
	const firstHandOff = 6
	for i, tc := range []string{
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + doc + `<w:p><w:r><w:t>Passord: Sommer2018!</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> 010190 12345 </w:t><w:br/></w:r></w:p></w:body></w:document>`,
		doc + `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a &amp; b</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl><w:p><w:r><w:t>after</w:t></w:r></w:p></w:body></w:document>`,
		doc + `<w:p><w:r><w:instrText>HYPERLINK x</w:instrText><w:delText>gone</w:delText><w:noBreakHyphen/><mc:AlternateContent><mc:Choice><w:t>c</w:t></mc:Choice><mc:Fallback><w:t>f</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p><!-- c --><?pi x?><w:p><w:r><w:t><![CDATA[<raw>]]>&#65;&#x42;&#xe6;</w:t></w:r></w:p></w:body></w:document>`,
		`<p:sld xmlns:a="a" xmlns:p="p"><p:txBody><a:p><a:r><a:t>slide text</a:t></a:r><a:br/></a:p><a:tbl><a:tr><a:tc><a:txBody><a:p><a:r><a:t>cell</a:t></a:r></a:p></a:txBody></a:tc></a:tr></a:tbl></p:txBody></p:sld>`,
		"",
		"just text",
		// Everything below must be handed off to encoding/xml, mostly errors.
		`<!DOCTYPE w:document [<!ENTITY e "x">]>` + doc + `<w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>`,
		doc + "\n<w:p><w:r><w:t>a\r\nb</w:t></w:r></w:p>\n<w:p><w:r><w:t>&bogus;</w:t></w:r></w:p></w:body></w:document>",
		doc + "\n<w:p><w:r><w:t>a\x01b</w:t></w:r></w:p>",
		doc + "\n<w:p><w:r><w:t>\xff</w:t></w:r></w:p>",
		doc + "\n<w:p><w:r><w:t>a]]>b</w:t></w:r></w:p>",
		doc + "\n<w:p><w:r w:rsidR=x><w:t>1</w:t></w:r></w:p>",
		doc + "\n<w:p><w:r><w:t>1</w:t></w:r></w:p></w:body",
		doc + "\n<w:p><æ/></w:p>",
		doc + `<w:p><w:r><w:t>` + strings.Repeat("long text ", 200000) + `</w:t></w:r></w:p></w:body></w:document>`,
		"<",
	} {
		t.Run("", func(t *testing.T) {
			if off := flowSameAsSlow(t, []byte(tc)); off != (i >= firstHandOff) {
				t.Errorf("handed off = %v", off)
			}
		})
	}
}

// genFlow writes a random WordprocessingML body from the constructs word
// processors write, with an occasional damage that encoding/xml rejects.
func genFlow(r *rand.Rand, paras int) []byte {
	var b bytes.Buffer
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	b.WriteString(pick(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\r\n", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n", "", "<!-- generated -->"))
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="mc"><w:body>`)
	texts := []string{"ola.nordmann", "Sommer2018!", "a &amp; b", "&lt;tag&gt;", "blåbær", "Ærlig ø", "&#65;&#x6F8;", "tab\tin", "line\nbreak", "😀", "<![CDATA[raw <&> text]]>", "", " padded ", "010190 12345", "&quot;q&apos;"}
	run := func() string {
		switch r.IntN(8) {
		case 0:
			return `<w:r><w:tab/></w:r>`
		case 1:
			return `<w:r><w:br/><w:cr/></w:r>`
		case 2:
			return `<w:r><w:instrText xml:space="preserve"> MERGEFIELD x </w:instrText></w:r>`
		case 3:
			return `<w:del><w:r><w:delText>` + pick(texts...) + `</w:delText></w:r></w:del>`
		case 4:
			return `<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>` + pick(texts...) + `</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>fb</w:t></w:r></mc:Fallback></mc:AlternateContent>`
		default:
			return fmt.Sprintf(`<w:r%s><w:rPr><w:b/></w:rPr><w:t%s>%s</w:t></w:r>`, pick("", ` w:rsidR="00AB12"`), pick("", ` xml:space="preserve"`, ` xml:space = 'preserve'`), pick(texts...))
		}
	}
	para := func() string {
		var p strings.Builder
		p.WriteString(pick("<w:p>", `<w:p w:rsidR="001"><w:pPr><w:pStyle w:val="Normal"/></w:pPr>`))
		for k := r.IntN(4); k >= 0; k-- {
			p.WriteString(run())
		}
		p.WriteString("</w:p>" + pick("", "", "\n"))
		return p.String()
	}
	var table func(depth int) string
	table = func(depth int) string {
		var t strings.Builder
		t.WriteString("<w:tbl><w:tblPr/>")
		for row := r.IntN(4); row >= 0; row-- {
			t.WriteString("<w:tr>")
			for c := r.IntN(4); c >= 0; c-- {
				t.WriteString("<w:tc>")
				for k := r.IntN(3); k >= 0; k-- {
					if depth < 2 && r.IntN(6) == 0 {
						t.WriteString(table(depth + 1))
					} else {
						t.WriteString(para())
					}
				}
				t.WriteString("</w:tc>")
			}
			t.WriteString("</w:tr>")
		}
		t.WriteString("</w:tbl>")
		return t.String()
	}
	for i := 0; i < paras; i++ {
		if r.IntN(8) == 0 {
			b.WriteString(table(0))
		} else {
			b.WriteString(para())
		}
	}
	b.WriteString(`<w:sectPr/></w:body></w:document>`)
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

func TestFlowFastVsSlowGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	fast := 0
	for i := 0; i < 200; i++ {
		if !flowSameAsSlow(t, genFlow(r, 1+r.IntN(40))) {
			fast++
		}
	}
	t.Logf("%d of 200 parts on the fast path alone", fast)
	// Damaged parts (and those with a \r\n after the declaration) are
	// handed off; the others must stay on the fast path.
	if fast < 75 {
		t.Errorf("only %d of 200 parts read by the fast path alone", fast)
	}
	// Large enough for many Pull steps and buffer refills.
	for i := 0; i < 2; i++ {
		flowSameAsSlow(t, genFlow(r, 2000))
	}
}

// flowParts returns the flow parts (document, headers, notes, slides) of
// the OOXML package data.
func flowParts(t testing.TB, data []byte) [][]byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil // an encrypted document is no zip
	}
	var out [][]byte
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") || !(strings.HasPrefix(f.Name, "word/") || strings.HasPrefix(f.Name, "ppt/slides/") || strings.HasPrefix(f.Name, "ppt/notesSlides/")) {
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

// TestFlowFastVsSlowFixtures compares the flow parts of the fixture
// documents and presentations.
func TestFlowFastVsSlowFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.docx")
	more, _ := filepath.Glob("testdata/*.pptx")
	files = append(files, more...)
	n := 0
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range flowParts(t, data) {
			n++
			if flowSameAsSlow(t, part) {
				t.Errorf("%s: a part was handed off to encoding/xml", p)
			}
		}
	}
	if n == 0 {
		t.Fatal("no fixture flow parts")
	}
}

func FuzzFlowFastVsSlow(f *testing.F) {
	r := rand.New(rand.NewPCG(9, 10))
	for i := 0; i < 20; i++ {
		f.Add(genFlow(r, 1+r.IntN(8)))
	}
	files, _ := filepath.Glob("testdata/*.docx")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			for _, part := range flowParts(f, data) {
				f.Add(part)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		flowSameAsSlow(t, data)
	})
}
