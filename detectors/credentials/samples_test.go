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
		{"table heading in code", "gen.py", "plan = [\n    (\"elevliste\", \"fods\", \"pw\", 30, [\"xlsx\"]),\n]\nklasse = iter([\"8A\", \"9C\", \"10B\"])\nrow = [p[\"navn\"], p[\"user\"], p[\"pw\"]]\n", "", 0},
		{"table in code", "users.py", "DATA = \"\"\"\nBrukernavn,Passord\nola,Sommer18!\nkari,Vinter19#\n\"\"\"\n", RulePasswordTable, 2},
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
		{"table changeme placeholder", "p.csv", "Brukernavn;Passord\nola.nordmann;changeme\nkari.nordmann;<ditt passord>\n", "", 0},
		{"table template rows", "mal.csv", "Brukernavn;Passord;Klasse\n<brukernavn>;Sommer2018!;8A\n<brukernavn>;XXXXXXXX;8A\n", "", 0},
		{"table initial changeme", "p.csv", "Username,Initial password\nola,changeme\nkari,changeme\n", RulePasswordTable, 2},
		{"pair in connection string", "notes.txt", "Server=sql01;Database=Elev;User Id=elevweb;Password=Sql!Elev2019;\n", "", 0},
		{"pair in libpq string", "notes.txt", "host=db01 user=app password=Fjell-Topp-9 dbname=elev\n", "", 0},
		{"pair key=value note", "notes.txt", "user=admin password=Hemmelig123x\n", RulePasswordInText, 1},
		{"pair in url", "notes.txt", "login: postgresql://vigilo:Pg_Vigilo88@db01/vigilo password inside\n", "", 0},
		{"pair gpp cpassword", "Groups.xml", `<Properties cpassword="j1Uyj3Vx8TY9LtLZil2uAuZkFQA/4latT76ZwgdHdhw" userName="LokalAdmin"/>` + "\n", "", 0},
		{"pair web.config", "web.config", `<add key="User" value="svc"/>` + "\n" + `<add key="Password" value="Hemmelig-77"/>` + "\n", "", 0},
		{"pair winscp hex", "sessions.ini", "UserName=drift\nPassword=A35C4356079A1F6E6C6D6E6F7A7B7C7D0E0F1011\n", "", 0},
		{"json records pretty", "users.json", "[\n  {\n    \"username\": \"ola.n\",\n    \"password\": \"Sommer18!\"\n  },\n  {\n    \"username\": \"kari.n\",\n    \"password\": \"Vinter19#\"\n  }\n]\n", RulePasswordTable, 2},
		{"json records minified txt", "export.txt", `[{"email":"a@b.no","name":"A","pwd":"Hest2020x"},{"email":"c@d.no","name":"C","pwd":"Katt2021y"},{"email":"e@f.no","pwd":"Ku2022z!"}]` + "\n", RulePasswordTable, 3},
		{"json single config", "appsettings.json", `{"Smtp": {"User": "svc", "Password": "Hemmelig-77"}}` + "\n", "", 0},
		{"json placeholders", "users.json", `[{"username":"a","password":"changeme"},{"username":"b","password":"********"}]` + "\n", "", 0},
		{"json translations", "da.json", `{"signin": {"username": "Brugernavn", "password": "Adgangskode"}, "signup": {"username": "Vælg brugernavn", "password": "Vælg adgangskode"}}` + "\n", "", 0},
		{"json bitwarden login", "bw.json", `{"items":[{"login":{"username":"a","password":"Sommer18!"}},{"login":{"username":"b","password":"Vinter19#"}}]}` + "\n", "", 0},
		{"sql mysqldump create + insert", "dump.sql", "CREATE TABLE `users` (\n  `id` int NOT NULL,\n  `username` varchar(64),\n  `password` varchar(64),\n  PRIMARY KEY (`id`)\n);\nINSERT INTO `users` VALUES (1,'ola','Sommer18!'),(2,'kari','Vinter19#'),\n(3,'per','It''s-2020');\n", RulePasswordTable, 3},
		{"sql insert column list", "u.sql", "INSERT INTO brukere (id, brukernavn, passord) VALUES\n(1, 'ola', 'Hest2020x'),\n(2, 'kari', NULL),\n(3, 'per', 'Katt2021y');\n", RulePasswordTable, 2},
		{"sql hashed passwords", "u.sql", "INSERT INTO users (login, password) VALUES ('ola', '$2y$10$abcdefghijklmnopqrstuu5Zr0Vw0DH3eJqoLdT6ex8pC6/yCU3G'), ('kari', '5f4dcc3b5aa765d61d8327deb882cf99');\n", "", 0},
		{"sql insert without password column", "u.sql", "INSERT INTO elev (id, navn, klasse) VALUES (1, 'Ola Passord', '8A');\n", "", 0},
		{"sql pg copy", "pg.sql", "COPY public.accounts (id, login, passord) FROM stdin;\n1\tola\tSommer18!\n2\tkari\t\\N\n3\tper\tVinter19#\n\\.\nola:notacombo\n", RulePasswordTable, 2},
		{"xml records", "brukere.xml", "<users>\n<user><username>ola</username><password>Sommer18!</password></user>\n<user>\n  <username>kari</username>\n  <password>Vinter19#</password>\n</user>\n<user><password>Hest2020x</password><username>per</username></user>\n</users>\n", RulePasswordTable, 3},
		{"xml two logins are config", "settings.xml", "<smtp><user>svc</user><password>Hemmelig-77</password></smtp>\n<db><user>app</user><password>Sql!Elev2019</password></db>\n", "", 0},
		{"xml export as txt", "export.txt", "<?xml version=\"1.0\"?>\n<a><r><login>a1</login><pwd>Hest2020x</pwd></r><r><login>b2</login><pwd>Katt2021y</pwd></r><r><login>c3</login><pwd>Ku2022z!</pwd></r></a>\n", RulePasswordTable, 3},
		{"table lösen header", "s.csv", "Användare;Klass;Lösen\nola01;8A;Sommar18!\nkari02;8A;Vinter19#\n", RulePasswordTable, 2},
		{"pair instruction sentence", "rutine.txt", "Brukernavn: fornavn.etternavn\nPassord: genereres automatisk og sendes foresatte\n", "", 0},
		{"pair lower-case password at line end", "n.txt", "Brukernavn: ola\nPassord: fjellvann\n", RulePasswordInText, 1},
		{"ldif unicodePwd", "x.ldif", "dn: CN=Ola,OU=Elever,DC=x\nunicodePwd:: IgBTAG8AbQBtAGUAcgAxADgAIgA=\n", RuleLDIFPassword, 1},
		{"ldif empty", "x.ldif", "dn: uid=a\nuserPassword:\n", "", 0},
		{"htpasswd bcrypt", "h", "ola:$2y$05$abcdefghijklmnopqrstuu5Zr0Vw0DH3eJqoLdT6ex8pC6/yCU3G\n", RuleHtpasswd, 1},
		{"htpasswd des ignored", "h", "ola:abJnggxhB/yWI\n", "", 0},
		{"passwd x", "passwd", "root:x:0:0:root:/root:/bin/bash\n", "", 0},
		{"shadow locked", "shadow", "ola:!$6$abc$defghijklmnopqrstuvwxyz:18000:0:99999:7:::\n", "", 0},
		{"shadow des", "shadow", "ola:abJnggxhB/yWI:18000:0:99999:7:::\n", RuleUnixShadow, 1},
		{"pwdump", "p.txt", "ola:1001:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c:::\n", RuleHashDump, 1},
		{"user:nthash list", "nt.txt", "ola:8846f7eaee8fb117ad06bdd830b7586c\nkari:E19CCF75EE54E06B06A5907AF13CEF42\nper:31d6cfe0d16ae931b73c59d7e0c089c0\nPC01$:a4f49c406510bdcab6824ee7c30fd852\n", RuleHashDump, 2},
		{"pwdump empty nt", "p.txt", "ola:1001:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::\n", "", 0},
		{"pwdump krbtgt enabled", "p.txt", "krbtgt:502:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c:::\n", "", 0},
		{"pwdump domain krbtgt", "p.txt", "SKOLE\\krbtgt:502:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c:::\n", "", 0},
		{"pwdump system accounts", "p.txt", "Guest:501:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c:::\n" +
			"DefaultAccount:503:aad3b435b51404eeaad3b435b51404ee:e19ccf75ee54e06b06a5907af13cef42:::\n" +
			"x.local\\WDAGUtilityAccount:504:aad3b435b51404eeaad3b435b51404ee:a4f49c406510bdcab6824ee7c30fd852:::\n", "", 0},
		{"pwdump disabled and locked", "p.txt", "ola:1001:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c::: (status=Disabled)\n" +
			"kari:1002:aad3b435b51404eeaad3b435b51404ee:e19ccf75ee54e06b06a5907af13cef42::: (status=Locked)\n" +
			"per:1003:aad3b435b51404eeaad3b435b51404ee:a4f49c406510bdcab6824ee7c30fd852:Account locked out::\n", "", 0},
		{"pwdump enabled counts beside system", "p.txt", "Administrator:500:aad3b435b51404eeaad3b435b51404ee:0cc175b9c0f1b6a831c399e269772661::: (status=Enabled)\n" +
			"krbtgt:502:aad3b435b51404eeaad3b435b51404ee:8ce4b16b22b58894aa86c421e8759df3::: (status=Disabled)\n" +
			"ola:1001:e52cac67419a9a224a3b108f3fa6cb6d:8846f7eaee8fb117ad06bdd830b7586c:::\n", RuleHashDump, 2},
		{"user:lm placeholder", "nt.txt", "ola:aad3b435b51404eeaad3b435b51404ee\nkari:AAD3B435B51404EEAAD3B435B51404EE\nGuest:8846f7eaee8fb117ad06bdd830b7586c\n", "", 0},
		{"pwdump machine", "p.txt", "PC01$:1001:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c:::\n", "", 0},
		{"netrc one line", ".netrc", "machine github.com login ola-n password ghp_R4nd0mT0kenV4lue1234567890abcd\n", RuleNetrc, 1},
		{"netrc across lines", "_netrc", "machine ftp.skole.example\n  login drift\n  password Fjell-Topp-9\n\nmachine git.skole.example\nlogin ola\npassword Hest2020x\n", RuleNetrc, 2},
		{"netrc default and macdef", ".netrc", "machine a.example login ola password Sommer18!\nmacdef init\ncd /pub\npassword notme\n\ndefault login kari password Vinter19#\n", RuleNetrc, 2},
		{"netrc placeholders", ".netrc", "machine a.example login ola password changeme\nmachine b.example login kari password <token>\nmachine c.example login per password $GH_TOKEN\nmachine d.example login lise password ********\ndefault login anonymous password ola@example.org\n", "", 0},
		{"netrc no password", ".netrc", "machine a.example login ola\nmachine b.example login kari account x\n", "", 0},
		{"netrc copy in notes", "notes.txt", "Kopi av netrc:\nmachine nexus.skole.example login deploy password Nx-Deploy-2021\nHilsen drift\n", RuleNetrc, 1},
		{"netrc template name", "netrc.example", "machine a.example login ola password Sommer18!\n", "", 0},
		{"netrc words in prose", "p.txt", "machine learning login page password reset\nmachine translation login screen password Sommer18!\n", "", 0},
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
