package smb

import (
	"encoding/hex"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/cloudsoda/sddl"

	"github.com/credsweep/credsweep/connectors"
)

func TestAudienceFromSDDL(t *testing.T) {
	tests := []struct {
		name, sddl string
		want       connectors.Audience
		owner      string
		readers    []string
		detail     string
	}{
		{
			name:    "Samba world-readable file (0644)",
			sddl:    "O:S-1-22-1-0G:S-1-22-2-0D:P(A;;CCDCLCSWRPLOCRRCSY;;;S-1-22-1-0)(A;;FR;;;S-1-22-2-0)(A;;FR;;;WD)",
			want:    connectors.AudiencePublic,
			owner:   "Unix User 0 (S-1-22-1-0)",
			readers: []string{"Unix User 0 (S-1-22-1-0)", "Unix Group 0 (S-1-22-2-0)", "Everyone"},
			detail:  "Everyone can read",
		},
		{
			name:    "Samba 0640: owner and group only",
			sddl:    "O:S-1-22-1-0G:S-1-22-2-100D:P(A;;FA;;;S-1-22-1-0)(A;;FR;;;S-1-22-2-100)",
			want:    connectors.AudienceRestricted,
			readers: []string{"Unix User 0 (S-1-22-1-0)", "Unix Group 100 (S-1-22-2-100)"},
			detail:  "only named users and groups can read: Unix User 0 (S-1-22-1-0), Unix Group 100 (S-1-22-2-100)",
		},
		{
			name:    "anonymous (AN is S-1-5-7)",
			sddl:    "O:BAD:(A;;0x1;;;AN)",
			want:    connectors.AudiencePublic,
			owner:   `BUILTIN\Administrators`,
			readers: []string{`NT AUTHORITY\ANONYMOUS LOGON`},
		},
		{name: "guests", sddl: "O:BAD:(A;;GR;;;BG)", want: connectors.AudiencePublic},
		{name: "domain guests", sddl: "O:BAD:(A;;GR;;;S-1-5-21-1-2-3-514)", want: connectors.AudiencePublic},
		{
			name:    "authenticated users",
			sddl:    "O:BAD:AI(A;ID;FA;;;BA)(A;ID;0x1200a9;;;AU)",
			want:    connectors.AudienceOrganization,
			readers: []string{`BUILTIN\Administrators`, `NT AUTHORITY\Authenticated Users`},
			detail:  `NT AUTHORITY\Authenticated Users can read`,
		},
		{name: "builtin users", sddl: "D:(A;;GA;;;BU)", want: connectors.AudienceOrganization},
		{name: "domain users alias", sddl: "D:(A;;FR;;;DU)", want: connectors.AudienceOrganization, readers: []string{"Domain Users"}},
		{
			name:    "domain users SID",
			sddl:    "O:S-1-5-21-100-200-300-1104D:(A;;FR;;;S-1-5-21-100-200-300-513)",
			want:    connectors.AudienceOrganization,
			owner:   "S-1-5-21-100-200-300-1104",
			readers: []string{"Domain Users (S-1-5-21-100-200-300-513)"},
		},
		{name: "domain computers", sddl: "D:(A;;FR;;;DC)", want: connectors.AudienceOrganization},
		{name: "public beats organization", sddl: "D:(A;;FR;;;AU)(A;;FR;;;WD)", want: connectors.AudiencePublic, detail: "Everyone can read"},
		{
			name:    "write-only for Everyone is not read",
			sddl:    "D:(A;;FW;;;WD)(A;;FA;;;BA)",
			want:    connectors.AudienceRestricted,
			readers: []string{`BUILTIN\Administrators`},
		},
		{name: "list-only (no FILE_READ_DATA) is not read", sddl: "D:(A;;0x120080;;;WD)", want: connectors.AudienceRestricted},
		{
			name:    "deny Everyone read cancels the allow",
			sddl:    "D:(D;;FR;;;WD)(A;;FR;;;WD)(A;;FA;;;SY)",
			want:    connectors.AudienceRestricted,
			readers: []string{`NT AUTHORITY\SYSTEM`},
		},
		{name: "deny another principal does not subtract", sddl: "D:(D;;FR;;;AN)(A;;FR;;;WD)", want: connectors.AudiencePublic},
		{name: "inherit-only ACE does not apply", sddl: "D:(A;OICIIO;GA;;;WD)(A;;FA;;;BA)", want: connectors.AudienceRestricted},
		{name: "creator owner skipped", sddl: "D:(A;;FA;;;CO)(A;;FA;;;S-1-5-21-1-2-3-1000)", want: connectors.AudienceRestricted, readers: []string{"S-1-5-21-1-2-3-1000"}},
		{name: "owner rights is the owner", sddl: "O:S-1-5-21-1-2-3-1000D:(A;;FR;;;OW)", want: connectors.AudienceRestricted, readers: []string{"S-1-5-21-1-2-3-1000"}},
		{name: "NULL DACL", sddl: "O:BAD:NO_ACCESS_CONTROL", want: connectors.AudiencePublic, readers: []string{"Everyone"}},
		{name: "no DACL at all", sddl: "O:BA", want: connectors.AudiencePublic},
		{name: "empty DACL", sddl: "O:BAD:", want: connectors.AudienceRestricted, detail: "no one is granted read access"},
		{name: "object ACE", sddl: "D:(OA;;RP;;;WD)", want: connectors.AudienceRestricted},
		{name: "with SACL", sddl: "O:BAG:SYD:(A;;FR;;;WD)S:(AU;SAFA;FA;;;WD)", want: connectors.AudiencePublic},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ex, err := AudienceFromSDDL(tc.sddl)
			if err != nil {
				t.Fatal(err)
			}
			if ex.Audience != tc.want {
				t.Errorf("audience %q (%+v), want %q", ex.Audience, ex, tc.want)
			}
			if tc.owner != "" && ex.Owner != tc.owner {
				t.Errorf("owner %q, want %q", ex.Owner, tc.owner)
			}
			if tc.readers != nil && !reflect.DeepEqual(ex.Readers, tc.readers) {
				t.Errorf("readers %q, want %q", ex.Readers, tc.readers)
			}
			if tc.detail != "" && ex.Detail != tc.detail {
				t.Errorf("detail %q, want %q", ex.Detail, tc.detail)
			}
			if ex.Detail == "" {
				t.Error("empty Detail")
			}
		})
	}
}

func TestAudienceFromSDDLErrors(t *testing.T) {
	for _, in := range []string{
		"", "X:BA", "O:", "O:ZZ", "O:S-1-x", "D:(A;;FR;;;WD", "D:(A;;QQ;;;WD)", "D:(Q;;FR;;;WD)",
		"D:(A;;FR;;WD)", "D:(A;ZZ;FR;;;WD)", "D:(A;;0xZZ;;;WD)", "D:XY(A;;FR;;;WD)", "D:(A;;FR;;;WD)junk",
	} {
		ex, err := AudienceFromSDDL(in)
		if err == nil {
			t.Errorf("AudienceFromSDDL(%q) = %+v, want an error", in, ex)
			continue
		}
		if ex.Audience != connectors.AudienceUnknown {
			t.Errorf("AudienceFromSDDL(%q) audience %q on error", in, ex.Audience)
		}
	}
}

// TestParseSDBinary checks the wire parser against SDDL text encoded by
// cloudsoda/sddl (explicit SIDs only: its aliases differ from Windows').
func TestParseSDBinary(t *testing.T) {
	for _, s := range []string{
		"O:S-1-22-1-0G:S-1-22-2-0D:P(A;;0x1f019f;;;S-1-22-1-0)(A;;0x120089;;;S-1-22-2-0)(A;;0x120089;;;S-1-1-0)",
		"O:S-1-5-32-544G:S-1-5-18D:AI(A;OICIID;0x1f01ff;;;S-1-5-32-544)(D;;0x1;;;S-1-5-7)(A;;0x80000000;;;S-1-5-11)",
		"O:S-1-5-21-1-2-3-1000D:(A;;0x1;;;S-1-5-21-1-2-3-513)",
	} {
		sd, err := sddl.FromString(s)
		if err != nil {
			t.Fatalf("sddl.FromString(%q): %v", s, err)
		}
		fromBin, err := parseSD(sd.Binary())
		if err != nil {
			t.Fatalf("parseSD(%q): %v", s, err)
		}
		fromText, err := parseSDDL(s)
		if err != nil {
			t.Fatalf("parseSDDL(%q): %v", s, err)
		}
		if !reflect.DeepEqual(fromBin, fromText) {
			t.Errorf("%q:\n binary %+v\n text   %+v", s, fromBin, fromText)
		}
	}
}

// TestParseSambaDescriptor parses a descriptor captured from Samba 4.17
// for a root-owned 0644 file.
func TestParseSambaDescriptor(t *testing.T) {
	raw := readHex(t, "testdata/samba-0644.sd.hex")
	ex, err := exposureFromBinary(raw)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Audience != connectors.AudiencePublic || ex.Owner != "Unix User 0 (S-1-22-1-0)" {
		t.Errorf("got %+v", ex)
	}
	for i := range raw {
		if _, err := parseSD(raw[:i]); err == nil && i < 20 {
			t.Errorf("parseSD accepted %d bytes", i)
		}
	}
}

func readHex(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func FuzzAudienceFromSDDL(f *testing.F) {
	for _, s := range []string{
		"O:S-1-22-1-0G:S-1-22-2-0D:P(A;;CCDCLCSWRPLOCRRCSY;;;S-1-22-1-0)(A;;FR;;;S-1-22-2-0)(A;;FR;;;WD)",
		"O:BAD:AI(A;ID;FA;;;BA)(A;ID;0x1200a9;;;AU)", "D:(D;;FR;;;WD)(A;;FR;;;WD)", "O:BAD:NO_ACCESS_CONTROL",
		"O:BAG:SYD:(A;;FR;;;WD)S:(AU;SAFA;FA;;;WD)", "D:(OA;;RP;;;WD)", "D:(A;OICIIO;GA;;;WD)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ex, err := AudienceFromSDDL(s)
		if err != nil {
			if ex.Audience != connectors.AudienceUnknown {
				t.Fatalf("audience %q with error", ex.Audience)
			}
			return
		}
		if rank(ex.Audience) == 0 || ex.Detail == "" {
			t.Fatalf("bad exposure %+v for %q", ex, s)
		}
	})
}

func FuzzParseSD(f *testing.F) {
	f.Add(readHex(f, "testdata/samba-0644.sd.hex"))
	for _, s := range []string{
		"O:S-1-5-32-544G:S-1-5-18D:AI(A;OICIID;0x1f01ff;;;S-1-5-32-544)(D;;0x1;;;S-1-5-7)(A;;0x80000000;;;S-1-5-11)",
		"O:S-1-5-21-1-2-3-1000D:(A;;0x1;;;S-1-5-21-1-2-3-513)",
	} {
		sd, err := sddl.FromString(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(sd.Binary())
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		sd, err := parseSD(raw)
		if err != nil {
			return
		}
		ex := exposureOf(sd)
		if rank(ex.Audience) == 0 {
			t.Fatalf("bad audience %+v", ex)
		}
	})
}
