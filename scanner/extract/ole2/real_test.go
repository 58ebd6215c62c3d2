package ole2

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// TestRealSamples runs the extractor on real Office files and checks that
// it finds readable text of the right kind.
func TestRealSamples(t *testing.T) {
	for _, tt := range []struct{ file, kind string }{
		{"test.doc", KindDoc}, {"novpapplan.doc", KindDoc}, {"test.xls", KindXLS},
		{"test.ppt", KindPPT}, {"test.msg", KindMSG},
	} {
		t.Run(tt.file, func(t *testing.T) {
			data := mscfbSample(t, tt.file)
			if k := Kind(bytes.NewReader(data), int64(len(data))); k != tt.kind {
				t.Errorf("Kind = %q, want %q", k, tt.kind)
			}
			s, err := run(t, data)
			if err != nil {
				t.Fatal(err)
			}
			text := s.AllText("\n")
			if len(text) < 20 || !utf8.ValidString(text) {
				t.Errorf("little or invalid text: %q", text)
			}
			t.Logf("%d texts, %d files, skips %v; text %.300q", len(s.Texts), len(s.Files), s.Skips, text)
		})
	}
}
