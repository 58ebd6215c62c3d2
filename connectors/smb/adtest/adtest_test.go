package adtest

import (
	"testing"
)

// TestStart: the DC starts, knows the fixture and stops cleanly.
func TestStart(t *testing.T) {
	d := Start(t, Options{})
	if d.DomainSID == "" || d.SID("Alle-elever") == "" {
		t.Fatalf("no SIDs: %+v", d)
	}
	d.Kinit("ola", UserPassword, t.TempDir()+"/cc")
}
