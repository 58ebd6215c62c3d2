package mail

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/extracttest"
	"github.com/credsweep/credsweep/scanner/extract/ole2/cfbtest"
)

// props builds a __properties_version1.0 stream holding 4-byte integer
// properties after a header of hdr bytes.
func props(hdr int, kv map[uint32]uint32) []byte {
	b := make([]byte, hdr, hdr+16*len(kv))
	for tag, v := range kv {
		e := make([]byte, 16)
		binary.LittleEndian.PutUint32(e, tag)
		binary.LittleEndian.PutUint32(e[8:], v)
		b = append(b, e...)
	}
	return b
}

// testMSG builds an Outlook message with a Unicode subject and body, an
// 8-bit cp1252 recipient, an xlsx-named attachment and an attached message
// with an HTML-only body.
func testMSG() []byte {
	att := "__attach_version1.0_#00000000/"
	emb := "__attach_version1.0_#00000001/"
	inner := emb + "__substg1.0_3701000D/"
	return cfbtest.Build(map[string][]byte{
		"__properties_version1.0":                                    props(32, map[uint32]uint32{propMessageCodepage: 1252}),
		"__substg1.0_0037001F":                                       cfbtest.UTF16("Passord til elever på Bjørnebo"),
		"__substg1.0_0C1A001F":                                       cfbtest.UTF16("Lærer Øystein"),
		"__substg1.0_0E04001F":                                       cfbtest.UTF16("IT-avdelingen"),
		"__substg1.0_1000001F":                                       cfbtest.UTF16("Brukernavn: ola Passord: Sommer2018!\r\nNavn\tPassord\r\nKari\tVinter2019#\r\n"),
		"__recip_version1.0_#00000000/__substg1.0_3001001E":          []byte("Bj\xf8rn\x00"),
		att + "__substg1.0_3707001F":                                 cfbtest.UTF16("elever år 2018.xlsx"),
		att + "__substg1.0_3704001F":                                 cfbtest.UTF16("ELEVER~1.XLS"),
		att + "__substg1.0_37010102":                                 []byte("PK\x03\x04xlsx bytes"),
		emb + "__substg1.0_3707001F":                                 cfbtest.UTF16("videresendt.msg"),
		inner + "__properties_version1.0":                            props(24, nil),
		inner + "__substg1.0_0037001E":                               []byte("Fwd: gamle passord"),
		inner + "__substg1.0_10130102":                               []byte("<p>Brukernavn: per&nbsp;Passord: <b>H\xf8st2017!</b></p>"),
		inner + "__attach_version1.0_#00000000/__substg1.0_37010102": []byte("inner data"),
	})
}

func TestMSG(t *testing.T) {
	data := testMSG()
	if os.Getenv("UPDATE_FIXTURES") != "" {
		if err := os.WriteFile("testdata/sample.msg", data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := run(t, MSG, readFixture(t, "sample.msg"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Texts) != 2 {
		t.Fatalf("got %d texts, want 2: %+v", len(s.Texts), s.Texts)
	}
	top, inner := s.Texts[0], s.Texts[1]
	for _, w := range []string{"Subject: Passord til elever på Bjørnebo", "From: Lærer Øystein", "To: IT-avdelingen",
		"Recipient: Bjørn", "Brukernavn: ola Passord: Sommer2018!", "Kari\tVinter2019#"} {
		if !strings.Contains(top.Data, w) {
			t.Errorf("top text lacks %q:\n%s", w, top.Data)
		}
	}
	if inner.Name != "videresendt.msg" || !strings.Contains(inner.Data, "Subject: Fwd: gamle passord") ||
		!strings.Contains(inner.Data, "Brukernavn: per\u00a0Passord: Høst2017!") {
		t.Errorf("attached message: %+v", inner)
	}
	if f, ok := s.Lookup("elever år 2018.xlsx"); !ok || f.Data != "PK\x03\x04xlsx bytes" {
		t.Errorf("attachment: %+v", s.Files)
	}
	if _, ok := s.Lookup("videresendt.msg/attachment 1"); !ok {
		t.Errorf("attachment of the attached message: %+v", s.Files)
	}
}

func TestMSGMalformed(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not ole"), make([]byte, 4096)} {
		if _, err := run(t, MSG, data); !errors.Is(err, extract.ErrMalformed) {
			t.Errorf("%d bytes: got %v", len(data), err)
		}
	}
	data := testMSG()
	for n := 0; n < len(data); n += 97 {
		_, _ = run(t, MSG, data[:n])
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := MSG(ctx, input(data), &extracttest.Recorder{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestMSGRealFile reads the Outlook sample shipped with mscfb, when the
// module cache has it.
func TestMSGRealFile(t *testing.T) {
	gomod := os.Getenv("GOMODCACHE")
	if gomod == "" {
		home, _ := os.UserHomeDir()
		gomod = filepath.Join(home, "go", "pkg", "mod")
	}
	data, err := os.ReadFile(filepath.Join(gomod, "github.com/richardlehane/mscfb@v1.0.9/test/test.msg"))
	if err != nil {
		t.Skip("mscfb sample not in module cache")
	}
	s, err := run(t, MSG, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Texts) == 0 || !strings.Contains(s.Texts[0].Data, "Subject: ") {
		t.Errorf("no subject in %+v", s.Texts)
	}
	t.Logf("texts %d files %d skips %v; first text %.200q", len(s.Texts), len(s.Files), s.Skips, s.Texts[0].Data)
}

func FuzzMSG(f *testing.F) {
	f.Add(testMSG())
	f.Fuzz(func(t *testing.T, data []byte) {
		in := input(data)
		in.Limits.MaxMemberBytes = 1 << 20
		_ = MSG(context.Background(), in, &extracttest.Recorder{})
	})
}
