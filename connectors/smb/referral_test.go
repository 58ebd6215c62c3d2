package smb

import (
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateReferrals = flag.Bool("update", false, "rewrite testdata/referral-*.hex from a live Samba")

// referralCases are requests and the targets the links of dfsServer
// define (the symlinks are the independent source).
var referralCases = []struct {
	req, want string
}{
	{`\127.0.0.1\dfsroot\tofar`, `\127.0.0.2\far\sub`},
	{`\127.0.0.1\dfsroot\tofar\deeper\x.txt`, `\127.0.0.2\far\sub\deeper\x.txt`},
	{`\127.0.0.1\dfsroot\tolocal`, `\127.0.0.1\target`},
}

// TestReferralFromSamba asks a real smbd for referrals at every level it
// speaks (1 to 3; asked for 4 it answers 3) and decodes them; with
// -update it saves the answers as testdata for the offline test and the
// fuzz seeds.
func TestReferralFromSamba(t *testing.T) {
	srv := dfsServer(t)
	c := connect(t, srv, "dfsroot", Options{})
	m, err := c.pool.mount(t.Context(), "IPC$")
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range referralCases {
		for level := uint16(1); level <= 4; level++ {
			raw, err := m.share.WithContext(t.Context()).DFSReferrals(tc.req, level)
			if err != nil {
				t.Fatalf("%s level %d: %v", tc.req, level, err)
			}
			r, err := parseReferral(raw, tc.req)
			if err != nil || len(r.targets) != 1 || r.targets[0] != tc.want {
				t.Errorf("%s level %d: %+v, %v (raw %x)", tc.req, level, r, err, raw)
			}
			if *updateReferrals {
				name := filepath.Join("testdata", fmt.Sprintf("referral-samba-%d-v%d.hex", i, level))
				if err := os.WriteFile(name, []byte(hex.EncodeToString(raw)+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// savedReferrals are the answers of Samba 4.17 saved by
// TestReferralFromSamba -update.
func savedReferrals(t testing.TB) map[string][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "referral-samba-*.hex"))
	if len(files) == 0 {
		t.Fatal("no testdata/referral-samba-*.hex")
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = raw
	}
	return out
}

// TestParseReferral decodes saved Samba answers, and entries of version 4
// with a name list and a second target built from [MS-DFSC] 2.2.5.
func TestParseReferral(t *testing.T) {
	for name, raw := range savedReferrals(t) {
		var i, v int
		if _, err := fmt.Sscanf(name, "referral-samba-%d-v%d.hex", &i, &v); err != nil {
			t.Fatal(name, err)
		}
		tc := referralCases[i]
		r, err := parseReferral(raw, tc.req)
		if err != nil || len(r.targets) != 1 || r.targets[0] != tc.want {
			t.Errorf("%s: %+v, %v", name, r, err)
		}
	}

	// Version 4: a name-list entry (ignored), then two storage targets.
	v4 := func(flags uint16, addr string) []byte {
		e := make([]byte, 34)
		put16(e[0:], 4)
		put16(e[2:], 34)
		put16(e[6:], flags)
		name := utf16le(addr)
		put16(e[16:], uint16(len(e)))
		return append(e, name...)
	}
	entries := [][]byte{v4(0x2, `\SKOLE`), v4(0x4, `\fs01\elever`), v4(0, `\fs02\elever`)}
	b := make([]byte, 8)
	put16(b[0:], uint16(2*len(`\skole.no\felles\elever`)))
	put16(b[2:], uint16(len(entries)))
	put32(b[4:], 0x2) // StorageServers
	// Offsets are relative to each entry: give each entry its string and
	// make Size cover only the fixed part, as Windows lays them out with
	// strings after all the entries.
	fixed, strs := []byte{}, []byte{}
	for i, e := range entries {
		after := 34*(len(entries)-i) + len(strs)
		put16(e[16:], uint16(after))
		fixed = append(fixed, e[:34]...)
		strs = append(strs, e[34:]...)
	}
	b = append(append(b, fixed...), strs...)
	r, err := parseReferral(b, `\skole.no\felles\elever\2026`)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.targets, " "); got != `\fs01\elever\2026 \fs02\elever\2026` || r.rootServers {
		t.Errorf("v4: %q %+v", got, r)
	}

	for _, bad := range [][]byte{nil, make([]byte, 7), b[:20], b[:len(b)-3]} {
		if r, err := parseReferral(bad, `\a\b`); err == nil {
			t.Errorf("%x: %+v, want an error", bad, r)
		}
	}
}

func put16(b []byte, v uint16) { b[0], b[1] = byte(v), byte(v>>8) }
func put32(b []byte, v uint32) { put16(b, uint16(v)); put16(b[2:], uint16(v>>16)) }

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return append(b, 0, 0)
}

// FuzzParseReferral: hostile answers never panic, and every target it
// returns is a UNC path with a server and a share.
func FuzzParseReferral(f *testing.F) {
	for _, raw := range savedReferrals(f) {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := parseReferral(raw, `\127.0.0.1\dfsroot\tofar\deeper`)
		if err != nil {
			return
		}
		if len(r.targets) == 0 || len(r.targets) > maxReferralTargets {
			t.Fatalf("%d targets", len(r.targets))
		}
	})
}

// TestParseUNC and covers.
func TestParseUNC(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want dfsPath
		ok   bool
	}{
		{`\fs01\elever`, dfsPath{"fs01", "elever", ""}, true},
		{`\\fs01\elever\2026\klasse 8A\`, dfsPath{"fs01", "elever", "2026/klasse 8A"}, true},
		{`\fs01`, dfsPath{}, false},
		{`\\\x`, dfsPath{}, false},
	} {
		got, ok := parseUNC(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("%q: %+v %v", tc.in, got, ok)
		}
	}
	a := dfsPath{"FS01", "Elever", "2026"}
	for _, tc := range []struct {
		q    dfsPath
		want bool
	}{
		{dfsPath{"fs01", "elever", "2026/8a"}, true},
		{dfsPath{"fs01", "elever", "2026"}, true},
		{dfsPath{"fs01", "elever", "20267"}, false},
		{dfsPath{"fs01", "elever", ""}, false},
		{dfsPath{"fs02", "elever", "2026"}, false},
	} {
		if got := a.covers(tc.q); got != tc.want {
			t.Errorf("covers %+v = %v", tc.q, got)
		}
	}
}
