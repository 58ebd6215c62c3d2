package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner"
)

// The pre-count finds the files of local targets (the demo share holds 12,
// as `find testdata/demo-share -type f | wc -l` says), and the bar then
// shows files done of that total (at 12 of 12 it is done and cleared).
func TestProgressKnownTotal(t *testing.T) {
	var out bytes.Buffer
	p := newProgressEvery("always", &out, 0)
	root := filepath.Join(repoRoot(t), "testdata", "demo-share")
	<-p.countLocal(context.Background(), []scanner.Target{{Name: root, Source: "local"}})
	if got := p.total.Load(); got != 12 {
		t.Fatalf("pre-count %d files, want 12", got)
	}
	for range 12 {
		p.Begin("Adm/[fødselsnummer-0a1b2c3d].pdf")
		p.End(1000)
	}
	if !strings.Contains(out.String(), "(11/12,") || !strings.Contains(out.String(), "91%") {
		t.Errorf("the bar never showed 11 of 12 files:\n%q", out.String())
	}

	// A remote target makes the total unknown: the spinner stays.
	q := newProgress("always", &out)
	<-q.countLocal(context.Background(), []scanner.Target{{Name: root, Source: "local"}, {Name: "smb://fs01/skole", Source: "smb"}})
	if q.total.Load() != 0 {
		t.Error("a total was guessed for an SMB target")
	}

	// A count that falls short grows with the scan instead of passing 100%.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a"), 0o644)
	r := newProgress("always", &out)
	<-r.countLocal(context.Background(), []scanner.Target{{Name: dir, Source: "local"}})
	r.End(1)
	r.End(1)
	if r.total.Load() != 2 {
		t.Errorf("total %d after 2 files of an expected 1, want 2", r.total.Load())
	}
}
