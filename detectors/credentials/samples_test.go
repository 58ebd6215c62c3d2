package credentials

import (
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// TestSamples holds short true and false positives per rule.
func TestSamples(t *testing.T) {
	tests := []struct {
		name string
		file string
		in   string
		rule string // "" = no finding at all
		n    int
	}{
		{"table pipe", "a.txt", "user|pass\nola|Sommer18!\nkari|Vinter19\n", RulePasswordTable, 2},
		{"table default password repeated", "8a.csv", "Elev;Brukernavn;Startpassord\nOla;ola1;changeme\nKari;kari2;changeme\nPer;per3;changeme\n", RulePasswordTable, 3},
		{"table pin", "p.csv", "Navn;Pinkode\nOla;4821\nKari;9917\n", RulePasswordTable, 2},
		{"table no identity but columns", "p.csv", "Klasse;Nummer;Passord\n8A;1;hest123\n8A;2;katt456\n", RulePasswordTable, 2},
		{"table email + pw", "p.csv", "E-post,Passord\nola@x.example,Hemmelig1\n", RulePasswordTable, 1},
		{"prose list then sentences", "p.txt", "Du trenger: Brukernavn, passord, e-post\nHusk at passord, som alt annet, skal holdes hemmelig\nVi sender ut nye, fine brev\n", "", 0},
		{"table hidden values", "p.csv", "Username;Password\nola;[hidden]\nkari;N/A\nper;xxx\nlise;?\n", "", 0},
		{"table yes no", "p.csv", "User;Password set\nola;yes\nkari;no\n", "", 0},
		{"table sentence", "p.csv", "Brukernavn;Passord\nola;sendt på SMS\nkari;se e-post\n", "", 0},
		{"combo semicolon", "c.txt", "ola;Sommer18!\nkari;Vinter19#\nper;Hest2020x\n", RuleComboList, 3},
		{"combo too short", "c.txt", "ola:Sommer18!\nkari:Vinter19#\n", "", 0},
		{"combo key value", "c.txt", "name:credsweep\nimage:nginx\nmode:dark\nlevel:debug\n", "", 0},
		{"combo in code", "c.go", "a@b.example:Sommer18!\nc@d.example:Vinter19#\ne@f.example:Hest2020x\n", "", 0},
		{"pair same line", "n.txt", "Brukernavn: ola Passord: Sommer2018!\n", RulePasswordInText, 1},
		{"pair password first", "n.txt", "Passord: Sommer2018!\nBrukernavn: ola\n", RulePasswordInText, 1},
		{"pair table section", "d.docx", "Brukernavn\tola.nordmann\nPassord\tSommer2018!\n", RulePasswordInText, 1},
		{"pair your password is", "m.eml", "Hello,\nyour password is Xk9mq2Lp\n", RulePasswordInText, 1},
		{"pair weak is-form", "m.eml", "Your password is secret\n", "", 0},
		{"pair masked", "n.txt", "Brukernavn: ola\nPassord: ********\n", "", 0},
		{"pair template", "n.txt", "Username: admin Password: changeme\n", "", 0},
		{"pair enter here", "n.txt", "username: ola\npassword: <enter here>\n", "", 0},
		{"pair userless colon weak", "n.txt", "Passord: sommer\n", "", 0},
		{"pair userless in config", "app.yaml", "password: Sommer2018!\n", "", 0},
		{"ldif unicodePwd", "x.ldif", "dn: CN=Ola,OU=Elever,DC=x\nunicodePwd:: IgBTAG8AbQBtAGUAcgAxADgAIgA=\n", RuleLDIFPassword, 1},
		{"ldif empty", "x.ldif", "dn: uid=a\nuserPassword:\n", "", 0},
		{"htpasswd bcrypt", "h", "ola:$2y$05$abcdefghijklmnopqrstuu5Zr0Vw0DH3eJqoLdT6ex8pC6/yCU3G\n", RuleHtpasswd, 1},
		{"htpasswd des ignored", "h", "ola:abJnggxhB/yWI\n", "", 0},
		{"passwd x", "passwd", "root:x:0:0:root:/root:/bin/bash\n", "", 0},
		{"shadow locked", "shadow", "ola:!$6$abc$defghijklmnopqrstuvwxyz:18000:0:99999:7:::\n", "", 0},
		{"shadow des", "shadow", "ola:abJnggxhB/yWI:18000:0:99999:7:::\n", RuleUnixShadow, 1},
		{"pwdump", "p.txt", "ola:1001:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c:::\n", RuleHashDump, 1},
		{"pwdump empty nt", "p.txt", "ola:1001:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::\n", "", 0},
		{"pwdump machine", "p.txt", "PC01$:1001:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c:::\n", "", 0},
		{"prose", "p.txt", "The passenger passed the compass. Kode og kaffe. Passwords are good.\n", "", 0},
		{"timestamps", "t.txt", "12:30:45\n13:30:45\n14:30:45\n", "", 0},
		{"ipv6 and host port", "t.txt", "fe80::1\nexample.org:8080\nlocalhost:5432\n", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sec := detectors.Section{File: tc.file, Table: tc.file == "d.docx"}
			fs := run(t, sec, []byte(tc.in), 0)
			checkSafe(t, fs)
			got := counts(fs)
			if tc.rule == "" {
				if len(got) != 0 {
					t.Fatalf("want nothing, got %v", got)
				}
				return
			}
			if len(got) != 1 || got[tc.rule] != tc.n {
				t.Fatalf("got %v, want %s=%d", got, tc.rule, tc.n)
			}
		})
	}
}
