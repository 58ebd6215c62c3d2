package scanner

import (
	"strings"
	"testing"
)

// The target's root is the user's own input and stays as given; what is
// below it is masked. 15108695088 is python-stdnum's example fødselsnummer;
// 1305841234 is a valid CPR date run like the random part of a temp dir.
func TestMaskDisplayKeepsTheRoot(t *testing.T) {
	m := newNameMasker([]byte("k"), nil)
	tests := []struct {
		display, rel string
		keep, gone   string
	}{
		{"/tmp/Test1305841234/001/skanning/15108695088.pdf", "skanning/15108695088.pdf", "/tmp/Test1305841234/001/skanning/", "15108695088"},
		{"/tmp/Test1305841234/001/a.zip!/15108695088.txt", "a.zip", "/tmp/Test1305841234/001/a.zip!/", "15108695088"},
		{"/srv/share/15108695088.txt", "", "/srv/share/", "15108695088"},
	}
	for _, tt := range tests {
		for name, got := range map[string]string{
			"display": m.maskDisplay(tt.display, tt.rel, nil),
			"log":     m.maskLogPath(tt.display, tt.rel),
		} {
			if !strings.HasPrefix(got, tt.keep) || strings.Contains(got, tt.gone) || !strings.Contains(got, "[fødselsnummer-") {
				t.Errorf("%s of %q: %q; want it to start %q and mask %q", name, tt.display, got, tt.keep, tt.gone)
			}
		}
	}
}
