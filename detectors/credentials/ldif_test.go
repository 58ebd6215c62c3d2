package credentials

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// TestLDIFExports reads the slapcat and ldapsearch exports made by
// testdata/ldif/make.sh: 140 accounts, every userPassword base64-encoded
// and the longer ones folded over two or three lines. The Details name
// each scheme as slappasswd and passlib wrote it.
func TestLDIFExports(t *testing.T) {
	// Accounts per scheme, as make.sh made them: 12 of each of 12 schemes
	// in turn, the last short by 4.
	wantDetails := map[string]int{
		"userPassword, {SSHA} hash":                24,
		"userPassword, {SHA} hash":                 12,
		"userPassword, {SMD5} hash":                12,
		"userPassword, {MD5} hash":                 12,
		"userPassword, {CRYPT} SHA-512-crypt hash": 20,
		"userPassword, {SSHA256} hash":             12,
		"userPassword, {SSHA512} hash":             12,
		"userPassword, {ARGON2} hash":              12,
		"userPassword, {PBKDF2-SHA256} hash":       12,
		"userPassword, {PBKDF2-SHA512} hash":       12,
	}
	for _, file := range []string{"openldap_export.ldif", "ldapsearch_export.ldif"} {
		data, err := os.ReadFile(filepath.Join("testdata", "ldif", file))
		if err != nil {
			t.Fatal(err)
		}
		for _, chunk := range []int{0, 1, 2, 7} {
			fs := run(t, detectors.Section{File: "share/" + file}, append([]byte(nil), data...), chunk)
			checkSafe(t, fs)
			if got := counts(fs); len(got) != 1 || got[RuleLDIFPassword] != 140 {
				t.Errorf("%s chunk %d: %v, want 140 %s", file, chunk, got, RuleLDIFPassword)
			}
			details := map[string]int{}
			for _, f := range fs {
				details[f.Detail.String()]++
				if !strings.HasPrefix(f.Masked, "ele") {
					t.Errorf("%s: finding not owned by its dn: %q", file, f.Masked)
				}
			}
			for d, n := range wantDetails {
				if details[d] != n {
					t.Errorf("%s chunk %d: %d findings %q, want %d (all: %v)", file, chunk, details[d], d, n, details)
				}
			}
		}
	}
}

// TestLDIFFolding covers RFC 2849 line folding and the forms of a value.
func TestLDIFFolding(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
		detail     string
	}{
		// {SSHA512} from slappasswd -h {SSHA512}, base64-encoded and
		// folded at 76 columns as ldapsearch writes it.
		{"folded base64", "dn: uid=a,ou=p,dc=x\nuserPassword:: e1NTSEE1MTJ9d0N0SkJHT3lINDlyWHV5UmRQcVRuc2dab3R2YVFDUWxad2hUaFdZ\n dVZMaTJDeHkyTmZ4cTN3aDRtaEhmME10MEV2ZUpXUkZmK2JmL3JoZDB5OFk5bnZvd1ZHUWV\n xSU5H\n\n",
			1, "userPassword, {SSHA512} hash"},
		// The same, not encoded, folded in the middle of the scheme.
		{"folded plain", "dn: uid=a,ou=p,dc=x\nuserPassword: {SSH\n A512}wCtJBGOyH49rXuyRdPqTnsgZotvaQCQlZwhThWYuVLi2Cxy2Nfxq3wh4mhHf0Mt0EveJWRFf+bf/rhd0y8Y9nvowVGQeqING\n",
			1, "userPassword, {SSHA512} hash"},
		// A folded dn: two accounts whose dns differ after the fold.
		{"folded dn", "dn: uid=a,ou=people,ou=students,ou=school-with-a-long-name,dc=kommune,dc=e\n xample\nuserPassword: {SSHA}hPIfUKSjdTOxiFZpXEHLvdUy1+l3M9Bi\n\ndn: uid=a,ou=people,ou=students,ou=school-with-a-long-name,dc=kommune,dc=e\n xample2\nuserPassword: {SSHA}hPIfUKSjdTOxiFZpXEHLvdUy1+l3M9Bi\n",
			2, "userPassword, {SSHA} hash"},
		{"crypt", "dn: uid=a\nuserPassword: {CRYPT}$6$NoM0ifLfvZvcFBqE$Y0DQzT7meCgimF3JX/hPj6HZ2zqjtf8n7A.1RTeYAfq.QmN0LhjX3aj5F5d.5.XnTdc85gwbJvnuM5tBrJrwT0\n",
			1, "userPassword, {CRYPT} SHA-512-crypt hash"},
		{"argon2 at end of file", "dn: uid=a\nuserPassword: {ARGON2}$argon2i$v=19$m=4096,t=3,p=1$M69Hb0bdltPxOgGQwH/HKg$XewFanYTwoLdXn/P\n jgBYNAW3vTz7Cm+iwbDA3ary2lI",
			1, "userPassword, {ARGON2} hash"},
		{"clear text", "dn: uid=a\nuserPassword:: U29tbWVyMjAxOCE=\n", 1, "userPassword, clear text"},
		// RFC 2849 attribute options.
		{"option", "dn: uid=a\nuserPassword;binary:: e1NIQX1xVUFGVDZHYkp3SVdXeXlMcFNpR1Z5QXlNYVk9\n", 1, "userPassword, {SHA} hash"},
		{"not the attribute", "dn: uid=a\nuserPasswordHint: Sommer2018!\n", 0, ""},
		{"unknown scheme", "dn: uid=a\nuserPassword: {NEWHASH}QmFzZTY0ZW5jb2RlZA==\n", 1, "userPassword, another {scheme} hash"},
		// Not values: a URL reference, a broken base64 value.
		{"url", "dn: uid=a\nuserPassword:< file:///tmp/pw\n", 0, ""},
		{"bad base64", "dn: uid=a\nuserPassword:: e1NTSEF9!!!\n", 0, ""},
	}
	for _, tc := range tests {
		for _, chunk := range []int{0, 1} {
			fs := run(t, detectors.Section{File: "export.ldif"}, []byte(tc.text), chunk)
			checkSafe(t, fs)
			if got := counts(fs)[RuleLDIFPassword]; got != tc.want {
				t.Errorf("%s chunk %d: %d, want %d", tc.name, chunk, got, tc.want)
			}
			for _, f := range fs {
				if f.Detail.String() != tc.detail {
					t.Errorf("%s: detail %q, want %q", tc.name, f.Detail, tc.detail)
				}
			}
		}
	}
}
