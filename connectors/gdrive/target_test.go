package gdrive

import "testing"

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Target
		ok   bool
	}{
		{"gdrive://my", Target{Kind: KindMy}, true},
		{"gdrive://my/", Target{Kind: KindMy}, true},
		{"gdrive://all", Target{Kind: KindAll}, true},
		{"gdrive://shared/0AbCdEf123", Target{Kind: KindShared, ID: "0AbCdEf123"}, true},
		{"gdrive://folder/1a-B_c", Target{Kind: KindFolder, ID: "1a-B_c"}, true},
		{"gdrive://shared", Target{}, false},
		{"gdrive://folder/", Target{}, false},
		{"gdrive://my/x", Target{}, false},
		{"gdrive://folder/a'b", Target{}, false},
		{"gdrive://folder/a%27b", Target{}, false},
		{"gdrive://trash", Target{}, false},
		{"smb://x/y", Target{}, false},
		{"", Target{}, false},
	} {
		got, err := ParseURL(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseURL(%q) = %+v, %v", tc.in, got, err)
		}
		if tc.ok {
			if back, err := ParseURL(got.String()); err != nil || back != got {
				t.Errorf("round trip of %q: %+v %v", tc.in, back, err)
			}
		}
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"gdrive://my", "gdrive://shared/0AbC", "gdrive://folder/1x%2Fy", "gdrive://all/", "gdrive://"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		tg, err := ParseURL(raw)
		if err != nil {
			return
		}
		if !validID(tg.ID) {
			t.Fatalf("unsafe id %q accepted", tg.ID)
		}
		if back, err := ParseURL(tg.String()); err != nil || back != tg {
			t.Fatalf("round trip %q: %+v %v", raw, back, err)
		}
	})
}
