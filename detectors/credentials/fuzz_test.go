package credentials

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// FuzzSession feeds arbitrary text through Scan/Finish, split into blocks
// at a fuzzed line, as a text file and as a table section. It must not
// panic, and no finding may show its password.
func FuzzSession(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 8<<10 {
			f.Add(b, uint8(3), false)
		}
	}
	f.Add([]byte("Brukernavn\tola\nPassord\tSommer2018!\n"), uint8(1), true)
	f.Add([]byte("user;pass\nola;a***\n"), uint8(0), false)
	f.Add([]byte("dn: uid=x\nunicodePwd:: IgBTAG8AbQBtAGUAcgAxADgAIgA=\n"), uint8(1), false)
	f.Add([]byte("dn: uid=x,ou=p\n eople\nuserPassword:: e1NTSEF9aFBJZlVLU2pkVE94aUZacFhFSEx2\n ZFV5MStsM005Qmk=\n\n"), uint8(2), false)
	f.Add([]byte("[\n {\"username\": \"ola\",\n  \"password\": \"Sommer18!\"},\n {\"username\": \"kari\", \"password\": \"Vin\\\"ter19#\"}\n]\n"), uint8(2), false)
	f.Add([]byte("Server=sql01;Database=x;User Id=sa;Password=Sql!Elev2019;\nola:8846f7eaee8fb117ad06bdd830b7586c\n"), uint8(1), false)
	f.Add([]byte("CREATE TABLE `users` (\n `id` int,\n `username` varchar(9),\n `password` text\n);\nINSERT INTO `users` VALUES (1,'ola','Som''mer\\'18'),\n(2,'kari','Vinter19#');\n"), uint8(4), false)
	f.Add([]byte("COPY public.a (id, login, passord) FROM stdin;\n1\tola\tSommer18!\n\\.\n"), uint8(1), false)
	f.Add([]byte("<users>\n<user><username>ola</username><password>Sommer18!</password></user>\n<user><username>kari</username>\n<password>Vinter19#</password></user>\n</users>\n"), uint8(2), false)
	f.Add([]byte("Användare;Lösen\nola;Sommar18!\n"), uint8(1), false)
	f.Fuzz(func(t *testing.T, data []byte, cut uint8, table bool) {
		// The scanner hands over valid UTF-8 without CR.
		text := bytes.ToValidUTF8(bytes.ReplaceAll(data, []byte("\r"), nil), []byte("\uFFFD"))
		if len(text) > 0 && text[len(text)-1] != '\n' {
			text = append(text, '\n')
		}
		var out []detectors.Finding
		emit := func(f detectors.Finding) { out = append(out, f) }
		s := New().NewSession(detectors.Section{File: "f.txt", Table: table})
		lines := bytes.SplitAfter(text, []byte("\n"))
		k := int(cut)%(len(lines)+1) + 0
		a, b := bytes.Join(lines[:k], nil), bytes.Join(lines[k:], nil)
		if len(a) > 0 {
			s.Scan(a, 1, emit)
		}
		if len(b) > 0 {
			s.Scan(b, k+1, emit)
		}
		s.Finish(emit)
		for _, f := range out {
			i := strings.LastIndexByte(f.Secret, 0)
			if i < 0 {
				t.Fatalf("secret without separator in rule %s", f.Rule)
			}
			pw := f.Secret[i+1:]
			if pw == "" || strings.Contains(f.Masked, pw) {
				t.Fatalf("password shown: %s %q %q", f.Rule, f.Masked, f.Detail)
			}
		}
	})
}

// FuzzNetrc reads arbitrary text as a file named .netrc, where every line
// is parsed as netrc tokens. It must not panic or show a password.
func FuzzNetrc(f *testing.F) {
	f.Add([]byte("machine a.example login ola password Sommer18!\nmacdef x\nls\n\ndefault login kari password Vinter19#\n"))
	f.Add([]byte("machine\nlogin\npassword\n"))
	f.Add([]byte("password p login l machine m password q\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		text := bytes.ToValidUTF8(bytes.ReplaceAll(data, []byte("\r"), nil), []byte("\uFFFD"))
		if len(text) > 0 && text[len(text)-1] != '\n' {
			text = append(text, '\n')
		}
		fs := run(t, detectors.Section{File: "home/ola/.netrc"}, text, 2)
		for _, f := range fs {
			i := strings.LastIndexByte(f.Secret, 0)
			if i < 0 || f.Secret[i+1:] == "" || strings.Contains(f.Masked, f.Secret[i+1:]) {
				t.Fatalf("bad finding %s %q", f.Rule, f.Masked)
			}
		}
	})
}
