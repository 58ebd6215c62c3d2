package scanner

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors/local"
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/detectors/credentials"
	"github.com/credsweep/credsweep/detectors/nationalid"
	"github.com/credsweep/credsweep/detectors/secrets"
)

// writeBenchCorpus writes office-style text, CSV exports, logs and code,
// about size bytes, with a few planted IDs: the shape of a file share.
func writeBenchCorpus(b *testing.B, dir string, size int) int64 {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("og i det som er en på til med har ikke skole elev møte referat rapport kommune vedtak the and report meeting plan budsjett")
	var total int64
	for i := 0; total < int64(size); i++ {
		var sb strings.Builder
		switch i % 4 {
		case 0:
			for sb.Len() < 256<<10 {
				for range 12 {
					sb.WriteString(words[r.IntN(len(words))])
					sb.WriteByte(' ')
				}
				sb.WriteString(".\n")
			}
			sb.WriteString("Eleven har fødselsnummer " + nationalid.Example("no", i) + ".\n")
		case 1:
			sb.WriteString("id;dato;beløp;telefon;konto\n")
			for sb.Len() < 256<<10 {
				fmt.Fprintf(&sb, "%d;2018-%02d-%02d;%d,%02d;+47 %08d;%04d.%02d.%05d\n", r.IntN(1e6), 1+r.IntN(12), 1+r.IntN(28), r.IntN(1e5), r.IntN(100), r.IntN(1e8), r.IntN(1e4), r.IntN(100), r.IntN(1e5))
			}
		case 2:
			for sb.Len() < 256<<10 {
				fmt.Fprintf(&sb, "2018-11-%02dT%02d:%02d:%02dZ INFO [worker-%d] request id=%016x took %dms status=%d\n", 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(16), r.Uint64(), r.IntN(5000), 200+r.IntN(4)*100)
			}
		default:
			for j := 0; sb.Len() < 256<<10; j++ {
				fmt.Fprintf(&sb, "func handle%d(ctx context.Context, req *Request) error {\n\tif req.Size > %d {\n\t\treturn fmt.Errorf(\"too big: %%d\", req.Size)\n\t}\n\treturn nil\n}\n\n", j, r.IntN(1e6))
			}
		}
		p := filepath.Join(dir, fmt.Sprintf("f%05d.txt", i))
		if err := os.WriteFile(p, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(sb.Len())
	}
	return total
}

// BenchmarkScanText measures the whole pipeline (walk, read, decode, all
// detectors, collect) over a text share; MB/s is of the share's bytes.
func BenchmarkScanText(b *testing.B) {
	dir := b.TempDir()
	total := writeBenchCorpus(b, dir, 32<<20)
	s, err := New(Options{
		Detectors:      []detectors.Detector{nationalid.New(), credentials.New(), secrets.New()},
		FingerprintKey: []byte("bench"),
	})
	if err != nil {
		b.Fatal(err)
	}
	c, _ := local.New(dir)
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		rep, err := s.Run(context.Background(), []Target{{Name: dir, Source: "local", Connector: c}})
		if err != nil || rep.Stats.Failed > 0 {
			b.Fatalf("%v %+v", err, rep.Stats)
		}
	}
}
