package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTruncatedArchivesKeepFindings cuts a .gz, a .tar and a .zip of a
// combo list in half, as a half-copied backup is: the lines that were read
// are reported and the member is partial, not lost.
func TestTruncatedArchivesKeepFindings(t *testing.T) {
	var list bytes.Buffer
	for i := range 10000 {
		fmt.Fprintf(&list, "bruker%05d@skole.example:Vx%07d!q\n", i, (i*7919)%9999991)
	}
	var gz, tr, zp bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write(list.Bytes())
	gw.Close()
	tw := tar.NewWriter(&tr)
	tw.WriteHeader(&tar.Header{Name: "dump.txt", Mode: 0o644, Size: int64(list.Len())})
	tw.Write(list.Bytes())
	tw.Close()
	zw := zip.NewWriter(&zp)
	w, _ := zw.Create("dump.txt")
	w.Write(list.Bytes())
	zw.Close()
	dir := t.TempDir()
	for name, b := range map[string][]byte{"dump.txt.gz": gz.Bytes(), "dump.tar": tr.Bytes(), "dump.zip": zp.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b[:len(b)/2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := runCLI(t, nil, "scan", "--progress", "never", "--format", "json", dir)
	if res.code != 3 {
		t.Fatalf("exit %d, want 3 (partial)\n%s", res.code, res.stderr)
	}
	var out struct {
		Results []struct {
			Rule     string `json:"rule"`
			Location string `json:"location"`
			Count    int    `json:"count"`
		} `json:"results"`
		Notifications []struct {
			Location string `json:"location"`
			Outcome  string `json:"outcome"`
		} `json:"notifications"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &out); err != nil {
		t.Fatal(err)
	}
	found := map[string]int{}
	for _, r := range out.Results {
		if r.Rule == "credentials/combo-list" {
			found[strings.TrimPrefix(r.Location, dir+"/")] = r.Count
		}
	}
	for _, m := range []string{"dump.txt.gz!", "dump.tar!", "dump.zip!"} {
		n := found[m+"/dump.txt"]
		// Half of each archive holds about half of the lines.
		if n < 3000 || n > 6000 {
			t.Errorf("%s/dump.txt: %d accounts from half a file of 10,000 (results %v)", m, n, found)
		}
	}
	partial := 0
	for _, n := range out.Notifications {
		if n.Outcome == "partial" {
			partial++
		}
		if n.Outcome == "failed" {
			t.Errorf("%s failed: a truncated file is partial", n.Location)
		}
	}
	if partial < 3 {
		t.Errorf("%d partial notifications, want the three members", partial)
	}
}
