package state

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if prev, err := s.BeginRun("rules-1", "test", time.Unix(100, 0)); err != nil || prev != nil {
		t.Fatalf("first run: %v %v", prev, err)
	}
	tg, err := s.Target("file:///srv/share")
	if err != nil || tg.ID == 0 || tg.Cursor != "" {
		t.Fatalf("target %+v %v", tg, err)
	}
	items := []Item{
		{Target: tg.ID, Key: []byte("k1"), Path: "a.txt", Size: 5, ModTime: time.Unix(7, 0), Marker: 42, Ruleset: 9, Outcome: "scanned"},
		{Target: tg.ID, Key: []byte("k2"), Path: "b.csv", Size: 9, Marker: 43, Ruleset: 9, Outcome: "scanned", Results: []byte(`[{"r":1}]`)},
	}
	if err := s.Put(items); err != nil {
		t.Fatal(err)
	}
	items[0].Marker = 44
	if err := s.Put(items[:1]); err != nil {
		t.Fatal(err)
	}
	if err := s.TargetDone(tg.ID, "tok-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.EndRun(true, time.Unix(200, 0), Tally{Results: 3, New: 2, Fixed: 1, Files: 10}); err != nil {
		t.Fatal(err)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	prev, err := s.BeginRun("rules-1", "test", time.Unix(300, 0))
	if err != nil || prev == nil || !prev.Complete || prev.Ended.Unix() != 200 || prev.Ruleset != "rules-1" {
		t.Fatalf("previous run %+v %v", prev, err)
	}
	hist, err := s.History(5)
	if err != nil || len(hist) != 1 || hist[0].Tally != (Tally{Results: 3, New: 2, Fixed: 1, Files: 10}) || hist[0].Ended.Unix() != 200 {
		t.Fatalf("history %+v %v: want the one ended run and its tally", hist, err)
	}
	tg2, _ := s.Target("file:///srv/share")
	if tg2.ID != tg.ID || tg2.Cursor != "tok-1" || tg2.CompleteRun == 0 {
		t.Fatalf("target %+v", tg2)
	}
	got := map[string]Prior{}
	if err := s.Items(tg.ID, func(k []byte, p Prior) { got[string(k)] = p }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["k1"].Marker != 44 || got["k1"].HasResults || !got["k2"].HasResults || got["k2"].Ruleset != 9 {
		t.Fatalf("items %+v", got)
	}
	if r, err := s.Results(tg.ID, []byte("k2")); err != nil || string(r) != `[{"r":1}]` {
		t.Fatalf("results %q %v", r, err)
	}
	if err := s.Delete(tg.ID, [][]byte{[]byte("k2")}); err != nil {
		t.Fatal(err)
	}
	if r, _ := s.Results(tg.ID, []byte("k2")); r != nil {
		t.Fatal("deleted item still has results")
	}
}

// TestSecondProcessIsRefused opens the file from a second process (this
// test binary, run again) while the first holds it.
func TestSecondProcessIsRefused(t *testing.T) {
	if p := os.Getenv("STATE_TEST_OPEN"); p != "" {
		_, err := Open(p)
		if errors.Is(err, ErrLocked) {
			os.Exit(3)
		}
		os.Exit(0)
	}
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=TestSecondProcessIsRefused")
	cmd.Env = append(os.Environ(), "STATE_TEST_OPEN="+path)
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("second process: %v, want ErrLocked", err)
	}
	s.Close()
	cmd = exec.Command(os.Args[0], "-test.run=TestSecondProcessIsRefused")
	cmd.Env = append(os.Environ(), "STATE_TEST_OPEN="+path)
	if err := cmd.Run(); err != nil {
		t.Fatalf("after Close: %v", err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec("PRAGMA user_version = 99")
	s.Close()
	if _, err := Open(path); err == nil {
		t.Fatal("a newer schema was accepted")
	}
}

// A state file of schema 1 (made here with the sqlite3 tool, not with this
// package) opens, migrates, and shows its runs without tallies.
func TestMigratesSchema1(t *testing.T) {
	sqlite, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("sqlite3 is not installed")
	}
	path := filepath.Join(t.TempDir(), "old.db")
	cmd := exec.Command(sqlite, path)
	cmd.Stdin = strings.NewReader(migrations[0] + `
INSERT INTO runs (started, ended, complete, ruleset, version) VALUES ('2026-11-01T02:00:00Z', '2026-11-01T03:00:00Z', 1, 'r', 'old');
PRAGMA user_version = 1;
`)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hist, err := s.History(10)
	if err != nil || len(hist) != 1 || hist[0].Tally != (Tally{}) || hist[0].Ended.Format(time.RFC3339) != "2026-11-01T03:00:00Z" {
		t.Fatalf("history after migration %+v %v", hist, err)
	}
}
