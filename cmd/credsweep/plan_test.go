package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// TestShardOfSpreadsAndIsStable: every unit is in exactly one shard, the
// shards are about even, and going from 3 to 4 shards moves about a quarter
// of the units (rendezvous hashing), not most of them.
func TestShardOfSpreadsAndIsStable(t *testing.T) {
	const n = 20000
	counts := make([]int, 3)
	moved := 0
	for i := range n {
		id := fmt.Sprintf("smb://fs%02d/share%04d", i%40, i)
		s3 := shardOf(id, 3)
		if s3 < 0 || s3 >= 3 || shardOf(id, 3) != s3 {
			t.Fatalf("unit %s: shard %d", id, s3)
		}
		counts[s3]++
		if s4 := shardOf(id, 4); s4 != s3 {
			if s4 != 3 {
				t.Fatalf("unit %s moved from %d to %d, not to the new shard", id, s3, s4)
			}
			moved++
		}
	}
	for k, c := range counts {
		if c < n/3*9/10 || c > n/3*11/10 {
			t.Errorf("shard %d has %d of %d units", k, c, n)
		}
	}
	if moved < n/4*8/10 || moved > n/4*12/10 {
		t.Errorf("%d of %d units moved from 3 to 4 shards, want about a quarter", moved, n)
	}
}

func TestParseShard(t *testing.T) {
	t.Setenv("JOB_COMPLETION_INDEX", "2")
	for s, want := range map[string]string{"0/1": "{0 1}", "2/3": "{2 3}", "env/5": "{2 5}", "3/3": "error", "x/2": "error", "1": "error"} {
		got, err := parseShard(s)
		g := fmt.Sprint(got)
		if err != nil {
			g = "error"
		}
		if g != want {
			t.Errorf("parseShard(%q) = %s, want %s", s, g, want)
		}
	}
}

// TestShardsEqualOneScan serves four shares from one Samba server, plans
// them, scans them as one process and as 3 shards, and compares: every
// result once, the same fingerprints and category.
func TestShardsEqualOneScan(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	for i, name := range []string{"elever", "ansatte", "arkiv", "felles"} {
		dir := srv.ShareDir(name)
		body := "Brukernavn;Passord\n" + plantedUsers[i] + ";" + plantedPass[i] + "\n" + plantedUsers[i+1] + ";" + plantedPass[i+1] + "\n"
		os.WriteFile(filepath.Join(dir, "liste.csv"), []byte(body), 0o644)
		os.WriteFile(filepath.Join(dir, "register.txt"), []byte("Fødselsnummer: "+plantedIDs[0]+"\n"), 0o644)
		srv.AddShare(name, dir, sambatest.ShareOptions{})
	}
	env := []string{"CREDSWEEP_SMB_PASSWORD=" + srv.Password}
	server := srv.URL("")
	out := t.TempDir()
	res := runCLI(t, env, "plan", "-o", filepath.Join(out, "plan.json"), server)
	if res.code != 0 {
		t.Fatalf("plan: exit %d\n%s", res.code, res.stderr)
	}
	var p plan
	if err := json.Unmarshal(mustRead(t, filepath.Join(out, "plan.json")), &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Units) != 4 || !strings.Contains(res.stdout, "4 units") {
		t.Fatalf("plan: %+v\n%s", p, res.stdout)
	}
	single := filepath.Join(out, "single.sarif")
	if r := runCLI(t, env, "scan", "--progress", "never", "--sarif", single, server); r.code != exitFindings {
		t.Fatalf("single scan: exit %d\n%s", r.code, r.stderr)
	}
	cat0, want := sarifKeys(t, single)
	got := map[string]string{}
	for k := range 3 {
		sarif := filepath.Join(out, "shard-{shard}.sarif")
		r := runCLI(t, env, "scan", "--progress", "never", "--shard", fmt.Sprintf("%d/3", k), "--sarif", sarif, server)
		if r.code != exitFindings && r.code != 0 {
			t.Fatalf("shard %d: exit %d\n%s", k, r.code, r.stderr)
		}
		path := filepath.Join(out, fmt.Sprintf("shard-%d.sarif", k))
		validateSARIF(t, path)
		cat, keys := sarifKeys(t, path)
		if cat != cat0 {
			t.Errorf("shard %d: category %q, want %q", k, cat, cat0)
		}
		for key, fp := range keys {
			if _, dup := got[key]; dup {
				t.Errorf("%s in two shards", key)
			}
			got[key] = fp
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("shards %v\nsingle %v", got, want)
	}
	// Merged, the shards are one run equal to the single scan.
	merged := filepath.Join(out, "merged.sarif")
	args := []string{"merge", "-o", merged}
	for k := range 3 {
		args = append(args, filepath.Join(out, fmt.Sprintf("shard-%d.sarif", k)))
	}
	if r := runCLI(t, nil, args...); r.code != 0 {
		t.Fatalf("merge: exit %d\n%s", r.code, r.stderr)
	}
	validateSARIF(t, merged)
	mcat, mkeys := sarifKeys(t, merged)
	if mcat != cat0 || fmt.Sprint(mkeys) != fmt.Sprint(want) {
		t.Errorf("merged shards: %q %v\nsingle: %q %v", mcat, mkeys, cat0, want)
	}
	if n := len(readSARIFRuns(t, merged)); n != 1 {
		t.Errorf("merged shards: %d runs, want 1", n)
	}
}

func readSARIFRuns(t *testing.T, path string) []json.RawMessage {
	t.Helper()
	var d struct {
		Runs []json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal(mustRead(t, path), &d); err != nil {
		t.Fatal(err)
	}
	return d.Runs
}
