package secrets

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fixtureCase says what one realistic file must yield.
type fixtureCase struct {
	file    string
	want    map[string]int // rule -> findings
	secrets []string       // exact Secrets (password part) expected
	detail  []string       // substrings expected in some Detail
}

var fixtureCases = []fixtureCase{
	{file: "Groups.xml", want: map[string]int{GPPCPasswordRuleID: 1},
		detail: []string{"Groups.xml cpassword that decrypts with Microsoft's published key"}},
	{file: "unattend.xml", want: map[string]int{UnattendPasswordRuleID: 3},
		secrets: []string{"Fjord#Lokal2021", "Elev-Lab&2022", "Hytte!Auto88"},
		detail:  []string{"'AdministratorPassword' base64-encoded", "'Password' in plain text"}},
	{file: "sysprep.inf", want: map[string]int{UnattendPasswordRuleID: 1}, secrets: []string{"Skole-Image-07"}},
	{file: "web.config", want: map[string]int{ConnectionStringRuleID: 1, ConfigSecretRuleID: 1},
		secrets: []string{"Tavle&Kritt-31", "Post!Kontor-88"}, detail: []string{"connection string with a user name and a password", "value of a 'password'-named key"}},
	{file: "appsettings.json", want: map[string]int{ConnectionStringRuleID: 1, ConfigSecretRuleID: 1},
		secrets: []string{"Ruter-Kaffe-12", "Qx8~vT2.nR5_kL9-wZ3yB6mH1pD4sF7gJ0aE"}},
	{file: ".env", want: map[string]int{ConfigSecretRuleID: 2, ConnectionStringRuleID: 1},
		secrets: []string{"Blaabaer-Syltetoy-5", "k9#Lm2$Qr7!Tz4&Vx1", "Rask-Hare-77"}},
	{file: ".env.example", want: map[string]int{}},
	{file: "id_rsa", want: map[string]int{PrivateKeyRuleID: 1}, detail: []string{"OpenSSH private key, not encrypted"}},
	{file: "id_rsa.pub", want: map[string]int{}},
	{file: "id_ed25519_enc", want: map[string]int{EncryptedPrivateKeyRuleID: 1}, detail: []string{"encrypted with aes256-ctr"}},
	{file: "legacy_rsa.pem", want: map[string]int{PrivateKeyRuleID: 1}, detail: []string{"RSA 2048-bit private key"}},
	{file: "ec.pem", want: map[string]int{PrivateKeyRuleID: 1}, detail: []string{"EC P-256 private key"}},
	{file: "pkcs8.pem", want: map[string]int{PrivateKeyRuleID: 1}, detail: []string{"RSA 2048-bit private key"}},
	{file: "enc_pkcs8.pem", want: map[string]int{EncryptedPrivateKeyRuleID: 1}},
	{file: "intranett.ppk", want: map[string]int{PrivateKeyRuleID: 1}, detail: []string{"PuTTY private key (PuTTY-User-Key-File-3, ssh-ed25519), not encrypted"}},
	{file: "kontor.rdp", want: map[string]int{RDPPasswordRuleID: 1}},
	{file: "WinSCP.ini", want: map[string]int{WinSCPSessionRuleID: 1}, detail: []string{"obfuscated without a key, and it decodes"}},
	{file: "sitemanager.xml", want: map[string]int{FileZillaPasswordRuleID: 1}, secrets: []string{"Ftp!Lager2020"}},
	{file: "service-account.json", want: map[string]int{GCPServiceAccountRuleID: 1}},
}

func TestFixtures(t *testing.T) {
	for _, c := range fixtureCases {
		raw, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		// Whole file in one block, and cut into small blocks so that
		// multi-line secrets cross block boundaries.
		for _, bs := range []int{0, 1, 64} {
			t.Run(c.file+"/"+itoa(bs), func(t *testing.T) {
				fs := scan("share/"+c.file, string(raw), bs)
				got := map[string]int{}
				for _, f := range fs {
					got[f.Rule]++
					checkSafe(t, f)
				}
				if !equalCounts(got, c.want) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
				var secs, details []string
				for _, f := range fs {
					secs = append(secs, secretParts(f.Secret)[0])
					details = append(details, f.Detail.String())
				}
				for _, s := range c.secrets {
					if !contains(secs, s) {
						t.Errorf("expected secret #%d not found", len(s))
					}
				}
				for _, d := range c.detail {
					if !strings.Contains(strings.Join(details, "|"), d) {
						t.Errorf("no detail contains %q; details: %q", d, details)
					}
				}
			})
		}
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
