// Command gencorpus writes a deterministic synthetic file share for the
// benchmarks: office-style text, CSV exports, logs, source code, some
// binaries, and a few planted ID numbers and credentials. The same seed and
// size always give the same bytes.
//
//	go run ./bench/gencorpus -out /tmp/share -size 500MB
//	go run ./bench/gencorpus -out /tmp/office -size 200MB -office
package main

import (
	"archive/zip"
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

var words = strings.Fields(`og i det som er en på til med har ikke av for jeg var
seg men å om så kan vi de han hun fra skal etter ved eller når da skole elev lærer
møte referat budsjett plan rapport kommune vedtak saksbehandler prosjekt levering
avtale kontrakt faktura beløp dato tid uke måned år ansvar oppfølging tiltak mål
the and to of in for is on that with as are this be at by from report meeting`)

type gen struct {
	r       *rand.Rand
	out     string
	written int64
	planted int
	files   int
}

func main() {
	out := flag.String("out", "", "folder to write (created)")
	size := flag.String("size", "500MB", "approximate total size")
	office := flag.Bool("office", false, "write an office-heavy corpus (xlsx, docx, zip) instead")
	seed := flag.Uint64("seed", 2018, "random seed")
	bigXLSX := flag.String("big-xlsx", "", "instead: write one workbook with a single sheet of -size bytes of XML to this path")
	flag.Parse()
	if *out == "" && *bigXLSX == "" {
		fmt.Fprintln(os.Stderr, "gencorpus: -out is required")
		os.Exit(2)
	}
	total, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(2)
	}
	g := &gen{r: rand.New(rand.NewPCG(*seed, 1)), out: *out}
	if *bigXLSX != "" {
		g.bigWorkbook(*bigXLSX, total)
		fmt.Printf("wrote %s with %.1f MB of sheet XML\n", *bigXLSX, float64(total)/1e6)
		return
	}
	if *office {
		for g.written < total {
			g.officeFile()
		}
	} else {
		for g.written < total {
			g.textFile()
		}
	}
	fmt.Printf("wrote %d files, %.1f MB, %d planted ID numbers to %s\n", g.files, float64(g.written)/1e6, g.planted, *out)
}

func parseSize(s string) (int64, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for suf, m := range map[string]int64{"GB": 1e9, "MB": 1e6, "KB": 1e3} {
		if strings.HasSuffix(s, suf) {
			s, mult = strings.TrimSuffix(s, suf), m
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return int64(v * float64(mult)), err
}

func (g *gen) create(rel string) (*os.File, *bufio.Writer) {
	p := filepath.Join(g.out, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		panic(err)
	}
	f, err := os.Create(p)
	if err != nil {
		panic(err)
	}
	g.files++
	return f, bufio.NewWriterSize(f, 1<<16)
}

func (g *gen) close(f *os.File, w *bufio.Writer) {
	if err := w.Flush(); err != nil {
		panic(err)
	}
	fi, _ := f.Stat()
	g.written += fi.Size()
	f.Close()
}

// fnr returns a valid Norwegian fødselsnummer (both check digits).
func (g *gen) fnr() string {
	for {
		d := []int{}
		s := fmt.Sprintf("%02d%02d%02d%03d", 1+g.r.IntN(28), 1+g.r.IntN(12), g.r.IntN(100), g.r.IntN(500))
		for _, c := range s {
			d = append(d, int(c-'0'))
		}
		k1 := check(d, []int{3, 7, 6, 1, 8, 9, 4, 5, 2})
		if k1 == 10 {
			continue
		}
		d = append(d, k1)
		k2 := check(d, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
		if k2 == 10 {
			continue
		}
		return s + strconv.Itoa(k1) + strconv.Itoa(k2)
	}
}

func check(d, w []int) int {
	s := 0
	for i := range w {
		s += d[i] * w[i]
	}
	return (11 - s%11) % 11
}

func (g *gen) sentence(w io.Writer) {
	n := 6 + g.r.IntN(14)
	for i := range n {
		if i > 0 {
			io.WriteString(w, " ")
		}
		io.WriteString(w, words[g.r.IntN(len(words))])
	}
	io.WriteString(w, ".\n")
}

func (g *gen) textFile() {
	dir := fmt.Sprintf("dept%02d/%s", g.r.IntN(20), []string{"docs", "exports", "logs", "src", "misc"}[g.r.IntN(5)])
	switch g.r.IntN(10) {
	case 0, 1, 2: // office-style text
		f, w := g.create(fmt.Sprintf("%s/notat_%06d.txt", dir, g.files))
		size := 20000 + g.r.IntN(400000)
		for n := 0; n < size; n += 100 {
			g.sentence(w)
			if g.r.IntN(5000) == 0 {
				fmt.Fprintf(w, "Eleven har fødselsnummer %s.\n", g.fnr())
				g.planted++
			}
		}
		g.close(f, w)
	case 3, 4: // CSV export: numbers, dates, amounts, phone numbers
		f, w := g.create(fmt.Sprintf("%s/export_%06d.csv", dir, g.files))
		fmt.Fprintln(w, "id;dato;beløp;telefon;konto;kommentar")
		rows := 2000 + g.r.IntN(30000)
		for i := range rows {
			fmt.Fprintf(w, "%d;2018-%02d-%02d;%d,%02d;+47 %08d;%04d.%02d.%05d;%s\n", i, 1+g.r.IntN(12), 1+g.r.IntN(28),
				g.r.IntN(100000), g.r.IntN(100), g.r.IntN(1e8), g.r.IntN(1e4), g.r.IntN(100), g.r.IntN(1e5), words[g.r.IntN(len(words))])
		}
		g.close(f, w)
	case 5, 6: // logs
		f, w := g.create(fmt.Sprintf("%s/app_%06d.log", dir, g.files))
		lines := 5000 + g.r.IntN(60000)
		for range lines {
			fmt.Fprintf(w, "2018-11-%02dT%02d:%02d:%02d.%03dZ INFO [worker-%d] request id=%016x took %dms status=%d\n",
				1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60), g.r.IntN(1000), g.r.IntN(16), g.r.Uint64(), g.r.IntN(5000), 200+g.r.IntN(4)*100)
		}
		g.close(f, w)
	case 7, 8: // source code
		f, w := g.create(fmt.Sprintf("%s/module_%06d.go", dir, g.files))
		funcs := 50 + g.r.IntN(600)
		for i := range funcs {
			fmt.Fprintf(w, "// handle%d processes one request.\nfunc handle%d(ctx context.Context, req *Request) (*Response, error) {\n\tif req.Size > %d {\n\t\treturn nil, fmt.Errorf(\"too big: %%d\", req.Size)\n\t}\n\treturn &Response{Code: %d}, nil\n}\n\n", i, i, g.r.IntN(1e6), g.r.IntN(600))
		}
		g.close(f, w)
	default: // binaries
		f, w := g.create(fmt.Sprintf("%s/image_%06d.png", dir, g.files))
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
		buf := make([]byte, 4096)
		size := 50000 + g.r.IntN(2000000)
		for n := 0; n < size; n += len(buf) {
			for i := range buf {
				buf[i] = byte(g.r.Uint32())
			}
			w.Write(buf)
		}
		g.close(f, w)
	}
}

// officeFile writes xlsx, docx and zip files built from the same kinds of
// content, so extraction speed can be measured.
func (g *gen) officeFile() {
	dir := fmt.Sprintf("dept%02d", g.r.IntN(20))
	switch g.r.IntN(3) {
	case 0:
		g.zipFile(fmt.Sprintf("%s/liste_%06d.xlsx", dir, g.files), g.xlsxParts(500+g.r.IntN(20000)))
	case 1:
		g.zipFile(fmt.Sprintf("%s/brev_%06d.docx", dir, g.files), g.docxParts(200+g.r.IntN(4000)))
	default:
		var b strings.Builder
		for n := 0; n < 200000+g.r.IntN(2000000); n += 100 {
			g.sentence(&b)
		}
		g.zipFile(fmt.Sprintf("%s/arkiv_%06d.zip", dir, g.files), map[string]string{"arkiv/notat.txt": b.String()})
	}
}

func (g *gen) zipFile(rel string, parts map[string]string) {
	f, w := g.create(rel)
	zw := zip.NewWriter(w)
	for name, body := range parts {
		pw, err := zw.Create(name)
		if err != nil {
			panic(err)
		}
		io.WriteString(pw, body)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	g.close(f, w)
}

func (g *gen) docxParts(paras int) map[string]string {
	var s strings.Builder
	s.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for range paras {
		var b strings.Builder
		g.sentence(&b)
		fmt.Fprintf(&s, `<w:p><w:r><w:t>%s</w:t></w:r></w:p>`, strings.TrimSpace(b.String()))
	}
	s.WriteString(`</w:body></w:document>`)
	return map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   s.String(),
	}
}
