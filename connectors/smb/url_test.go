package smb

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in      string
		want    Target
		wantErr string
	}{
		{in: "smb://alice@10.0.0.5", want: Target{User: "alice", Host: "10.0.0.5", Port: 445}},
		{in: "smb://alice@10.0.0.5/", want: Target{User: "alice", Host: "10.0.0.5", Port: 445}},
		{in: "smb://alice@fileserver:4455/Elever", want: Target{User: "alice", Host: "fileserver", Port: 4455, Share: "Elever"}},
		{in: "SMB://SKOLE;alice@fs.skole.no/Felles/IT/passord", want: Target{Domain: "SKOLE", User: "alice", Host: "fs.skole.no", Port: 445, Share: "Felles", Path: "IT/passord"}},
		{in: `smb://SKOLE\alice@fs/share`, want: Target{Domain: "SKOLE", User: "alice", Host: "fs", Port: 445, Share: "share"}},
		{in: "smb://SKOLE%5Calice@fs/share", want: Target{Domain: "SKOLE", User: "alice", Host: "fs", Port: 445, Share: "share"}},
		{in: "smb://alice%40example.com@fs/share", want: Target{User: "alice@example.com", Host: "fs", Port: 445, Share: "share"}},
		{in: "smb://alice@fs/share/My%20Documents/%C3%A6%C3%B8%C3%A5", want: Target{User: "alice", Host: "fs", Port: 445, Share: "share", Path: "My Documents/æøå"}},
		{in: "smb://alice@fs/share/My Documents//x/", want: Target{User: "alice", Host: "fs", Port: 445, Share: "share", Path: "My Documents/x"}},
		{in: "smb://alice@fs/share/50%/a#b?c", want: Target{User: "alice", Host: "fs", Port: 445, Share: "share", Path: "50%/a#b?c"}},
		{in: "smb://alice@[::1]:1445/s", want: Target{User: "alice", Host: "::1", Port: 1445, Share: "s"}},
		{in: "smb://alice@[fe80::1]/s", want: Target{User: "alice", Host: "fe80::1", Port: 445, Share: "s"}},
		{in: "smb://guest@nas/public", want: Target{User: "guest", Host: "nas", Port: 445, Share: "public", Guest: true}},
		{in: "smb://Guest@nas", want: Target{User: "Guest", Host: "nas", Port: 445, Guest: true}},
		{in: "smb://alice@fs/C$", want: Target{User: "alice", Host: "fs", Port: 445, Share: "C$"}},

		{in: "smb://alice:Sommer2018!@fs/share", wantErr: "passwords are never accepted in the URL"},
		{in: "smb://alice:p@ss@fs/share", wantErr: "passwords are never accepted in the URL"},
		{in: "smb://alice%3Apw@fs/share", wantErr: "passwords are never accepted in the URL"},
		{in: "smb://alice:pa/ss@fs/share", wantErr: "user name is required"},
		{in: "smb://alice:@fs/share", wantErr: "passwords are never accepted"},
		{in: "smb://fs/share", wantErr: "user name is required"},
		{in: "smb://@fs/share", wantErr: "empty user name"},
		{in: "smb://;alice@fs", wantErr: "empty domain"},
		{in: "smb://alice@", wantErr: "no host"},
		{in: "smb://alice@:445/s", wantErr: "no host"},
		{in: "smb://alice@fs:0/s", wantErr: "bad port"},
		{in: "smb://alice@fs:99999/s", wantErr: "bad port"},
		{in: "smb://alice@fs:abc/s", wantErr: "bad port"},
		{in: "smb://alice@::1/s", wantErr: "brackets"},
		{in: "smb://alice@[::1/s", wantErr: "unclosed"},
		{in: "smb://alice@[nothost]/s", wantErr: "not an IPv6"},
		{in: "smb://alice@fs/share/../etc", wantErr: "'..'"},
		{in: "smb://alice@fs/sh:are", wantErr: "bad share name"},
		{in: "smb://alice@fs/share/a%2Fb", wantErr: "bad character"},
		{in: "https://alice@fs/share", wantErr: "not an SMB URL"},
		{in: `\\fs\share`, wantErr: "not an SMB URL"},
		{in: "", wantErr: "not an SMB URL"},
	}
	for _, tc := range tests {
		got, err := ParseURL(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseURL(%q) error = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseURL(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
		// String round-trips.
		again, err := ParseURL(got.String())
		if err != nil || again != got {
			t.Errorf("ParseURL(%q.String() = %q) = %+v, %v", tc.in, got.String(), again, err)
		}
	}
}

func TestParseURLNeverEchoesPassword(t *testing.T) {
	for _, in := range []string{
		"smb://alice:S3cr3t-Pw@fs/share",
		"smb://DOM;alice:S3cr3t-Pw@fs:1/share",
		"smb://alice:S3cr3t-Pw/x@fs/share",
		"smb://alice:S3cr3t-Pw",
		"smb://alice:S3cr3t-Pw@",
		"smb://alice%3AS3cr3t-Pw@fs",
	} {
		_, err := ParseURL(in)
		if err == nil {
			t.Errorf("ParseURL(%q) accepted a password", in)
			continue
		}
		if strings.Contains(err.Error(), "S3cr3t") {
			t.Errorf("ParseURL(%q) error echoes the password: %v", in, err)
		}
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"smb://alice@10.0.0.5", "smb://SKOLE;alice@fs.skole.no:4455/Felles/IT/passord",
		"smb://guest@nas/public", "smb://alice@[::1]:1445/s/%C3%A6", "smb://alice:pw@fs/s",
		`smb://D\u@h/s/a b/c`, "smb://a@b/c/../d", "smb://a%zz@b", "smb://a@b:/c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tg, err := ParseURL(in)
		if err != nil {
			if i := strings.Index(in, "://"); i >= 0 {
				// The error must not echo a password-looking userinfo.
				rest := in[i+3:]
				if at := strings.LastIndexByte(rest, '@'); at > 0 {
					if c := strings.IndexByte(rest[:at], ':'); c >= 0 && len(rest[c+1:at]) >= 6 && strings.Contains(err.Error(), rest[c+1:at]) {
						t.Fatalf("error echoes %q: %v", rest[c+1:at], err)
					}
				}
			}
			return
		}
		if tg.User == "" || tg.Host == "" || tg.Port <= 0 || tg.Port > 65535 {
			t.Fatalf("accepted incomplete target %+v from %q", tg, in)
		}
		if strings.Contains(tg.Share, "/") || strings.HasPrefix(tg.Path, "/") || strings.HasSuffix(tg.Path, "/") {
			t.Fatalf("bad share/path %+v from %q", tg, in)
		}
		if tg.Share == "" && tg.Path != "" {
			t.Fatalf("path without share %+v", tg)
		}
		again, err := ParseURL(tg.String())
		if err != nil || again != tg {
			t.Fatalf("round trip of %q: %+v -> %q -> %+v, %v", in, tg, tg.String(), again, err)
		}
	})
}
