package scanner

import (
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/detectors/credentials"
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
			"log":     m.maskLogPath(tt.display, tt.rel, m.mask),
			"timer":   m.maskLogPath(tt.display, tt.rel, m.compute),
		} {
			if !strings.HasPrefix(got, tt.keep) || strings.Contains(got, tt.gone) || !strings.Contains(got, "[fødselsnummer-") {
				t.Errorf("%s of %q: %q; want it to start %q and mask %q", name, tt.display, got, tt.keep, tt.gone)
			}
		}
	}
}

// A Drive item's path is its id and its display form the folder names
// under the owner's address: every folder segment is masked, and the
// person's part of the address.
func TestMaskDisplayOfDrive(t *testing.T) {
	m := newNameMasker([]byte("k"), []detectors.Detector{credentials.New()})
	display := "ola.nordmann@example.no/My Drive/passord=Zk4!vQ9wT2/15108695088/notes.txt"
	got := m.maskDisplay(display, "gdrive/1AbCdEf/notes.txt", nil)
	for _, gone := range []string{"ola.nordmann", "Zk4!vQ9wT2", "15108695088"} {
		if strings.Contains(got, gone) {
			t.Errorf("%q still shows %q", got, gone)
		}
	}
	if !strings.Contains(got, "@example.no/My Drive/") || !strings.HasSuffix(got, "/notes.txt") {
		t.Errorf("%q: the domain, the drive and the file's own name should stay", got)
	}
	if again := m.maskDisplay(display, "gdrive/1AbCdEf/notes.txt", nil); again != got {
		t.Errorf("masking is not stable: %q then %q", got, again)
	}
}
