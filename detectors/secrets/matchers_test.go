package secrets

import (
	"strings"
	"testing"
)

// matcherCases are true and false positives of the rules written as code.
// want is the number of findings of rule expected in text.
var matcherCases = []struct {
	name, file, text, rule string
	want                   int
}{
	// connection strings
	{"ado", "Program.cs", `var cs = "Server=sql01;Database=Elev;User Id=sa;Password=Sommer2024!;";`, ConnectionStringRuleID, 1},
	{"odbc pwd", "job.ps1", `$c = "Driver={ODBC Driver 17 for SQL Server};Server=db;UID=rapport;PWD=Hemmelig-77"`, ConnectionStringRuleID, 1},
	{"odbc braces", "a.ini", `DSN=x;UID=u;PWD={p;ass=word1}`, ConnectionStringRuleID, 1},
	{"jdbc query", "app.properties", `url=jdbc:postgresql://db:5432/app?user=app&password=Fjell-Topp-9`, ConnectionStringRuleID, 1},
	{"jdbc oracle", "ds.xml", `<url>jdbc:oracle:thin:scott/Tiger-Prod-1@db01:1521:ORCL</url>`, ConnectionStringRuleID, 1},
	{"postgres url", "compose.txt", `DATABASE_URL=postgres://app:Kvist-Lauv-31@db.internal:5432/app`, ConnectionStringRuleID, 1},
	{"mongodb srv", "x.js", `mongoose.connect("mongodb+srv://admin:Tr0ll-Fj3ll@cluster0.ab1cd.mongodb.net/test")`, ConnectionStringRuleID, 1},
	{"smb url", "notes.txt", `map smb://drift:Lager-Rom-3@filer01/felles`, ConnectionStringRuleID, 1},
	{"https basic", "notes.txt", `git clone https://deploy:Gr0nn-Eple-88@git.skole.no/repo.git`, ConnectionStringRuleID, 1},
	{"integrated security", "web.config", `<add name="a" connectionString="Server=sql;Database=x;Integrated Security=SSPI;" />`, ConnectionStringRuleID, 0},
	{"trusted connection", "a.txt", `Server=sql;Database=x;Trusted_Connection=yes;`, ConnectionStringRuleID, 0},
	{"empty password", "a.txt", `Server=sql;Database=x;User Id=sa;Password=;`, ConnectionStringRuleID, 0},
	{"env placeholder", "a.txt", `Server=sql;User Id=sa;Password=${DB_PASSWORD};`, ConnectionStringRuleID, 0},
	{"format placeholder", "a.cs", `string.Format("Server={0};User Id={1};Password={2};", a, b, c)`, ConnectionStringRuleID, 0},
	{"printf placeholder", "a.go", `fmt.Sprintf("server=%s;user id=%s;password=%s", h, u, p)`, ConnectionStringRuleID, 0},
	{"concatenation", "a.cs", `"Server=" + host + ";User Id=sa;Password=" + pwd + ";"`, ConnectionStringRuleID, 0},
	{"template", "a.j2", `Server={{ host }};User Id=sa;Password={{ db_password }};`, ConnectionStringRuleID, 0},
	{"password without context", "a.txt", `password = Sommer2024!`, ConnectionStringRuleID, 0},
	{"url placeholder", "README.md", `postgres://user:password@localhost/db`, ConnectionStringRuleID, 0},
	{"url env", "a.yml", `url: postgres://app:${PGPASSWORD}@db/app`, ConnectionStringRuleID, 0},
	{"url example host", "README.md", `https://alice:Wonder-Land-7@example.com/`, ConnectionStringRuleID, 0},
	{"libpq keywords", "pg.txt", `psql "host=db01 user=app password=Fjell-Topp-9 dbname=elev"`, ConnectionStringRuleID, 1},
	{"note user password", "notat.txt", `user=admin password=Hemmelig123x`, ConnectionStringRuleID, 0},
	{"url unencoded hash", "db.txt", `Vigilo: postgresql://vigilo:Pg_Vigilo#88@db01.skole.local:5432/vigilo`, ConnectionStringRuleID, 1},
	{"url unencoded query", "db.txt", `mysql://root:Hva?Sa-Du9@db01/elev`, ConnectionStringRuleID, 1},
	{"url port query", "a.txt", `see http://intra:8080?next=mail@skole.no and http://intra:8080#a@b.no`, ConnectionStringRuleID, 0},
	{"url no password", "a.txt", `https://github.com/org/repo and ftp://ftp.funet.fi/pub`, ConnectionStringRuleID, 0},
	{"sshd log", "auth.log", `Mar 12 sshd[1]: Failed password for invalid user admin from 10.0.0.1 port 22 ssh2`, ConnectionStringRuleID, 0},
	// private keys
	{"public key", "id_rsa.pub", `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host`, PrivateKeyRuleID, 0},
	{"pem public", "key.pem", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----", PrivateKeyRuleID, 0},
	{"elided key", "README.md", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----", PrivateKeyRuleID, 0},
	{"prose marker", "doc.txt", "Paste the block starting with -----BEGIN PRIVATE KEY----- here.", PrivateKeyRuleID, 0},
	// GPP
	{"gpp empty", "Groups.xml", `<Properties cpassword="" userName="x"/>`, GPPCPasswordRuleID, 0},
	{"gpp garbage", "Drives.xml", `<Properties cpassword="bm90IGEgcmVhbCBvbmU" userName="x"/>`, GPPCPasswordRuleID, 1},
	// RDP
	{"rdp", "x.rdp", "password 51:b:01000000D08C9DDF0115D1118C7A00C04FC297EB0100", RDPPasswordRuleID, 1},
	{"rdp short", "x.rdp", "password 51:b:0100", RDPPasswordRuleID, 0},
	// FileZilla
	{"filezilla plain", "sitemanager.xml", `<Pass>Ftp-Plain-22</Pass>`, FileZillaPasswordRuleID, 1},
	{"pass elsewhere", "other.xml", `<Pass>Ftp-Plain-22</Pass>`, FileZillaPasswordRuleID, 0},
	{"filezilla crypt", "sitemanager.xml", `<Pass encoding="crypt">abcd</Pass>`, FileZillaPasswordRuleID, 0},
	// WinSCP
	{"winscp not in session", "other.ini", "[General]\nPassword=A35E7D5F5B5557382E35", WinSCPSessionRuleID, 0},
	{"winscp registry", "winscp.reg", "[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\x]\n\"HostName\"=\"h\"\n\"Password\"=\"A35E7D5F5B5557382E35\"", WinSCPSessionRuleID, 1},
	// unattend outside answer files
	{"password element elsewhere", "pom.xml", `<Password><Value>abc12345</Value><PlainText>true</PlainText></Password>`, UnattendPasswordRuleID, 0},
	{"unattend by namespace", "image.xml", `<unattend xmlns="urn:schemas-microsoft-com:unattend"><AutoLogon><Password><Value>Auto-Pass-1</Value><PlainText>true</PlainText></Password></AutoLogon></unattend>`, UnattendPasswordRuleID, 1},
	// config-secret
	{"yaml", "values.yaml", "db:\n  password: Hav-Bris-42\n  passwordLength: 12", ConfigSecretRuleID, 1},
	{"yaml block", "vars.yml", "ansible_become_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256", ConfigSecretRuleID, 0},
	{"properties", "application.properties", "spring.datasource.password=Snoe-Fnugg-8\nspring.datasource.password-file=/run/secret", ConfigSecretRuleID, 1},
	{"placeholders", ".env", "DB_PASSWORD=changeme\nAPI_KEY=<your-api-key>\nSECRET=xxx\nTOKEN=%TOKEN%\nPASS=\"\"", ConfigSecretRuleID, 0},
	{"code file", "settings.py", `PASSWORD = "Sol-Skinn-9"`, ConfigSecretRuleID, 0},
	{"dist file", "config.php.dist", `password=Sol-Skinn-9`, ConfigSecretRuleID, 0},
	{"xml element config", "settings.xml", "<smtp><user>svc</user><password>Hav-Bris-42</password></smtp>\n<db><password>Snoe-Fnugg-8</password></db>", ConfigSecretRuleID, 2},
	{"xml account records are a table", "brukere.xml", "<u><username>a</username><password>Hav-Bris-42</password></u>\n<u><username>b</username><password>Snoe-Fnugg-8</password></u>\n<u><username>c</username><password>Sol-Skinn-9</password></u>", ConfigSecretRuleID, 0},
	{"xml records with one config secret", "export.xml", "<apiKey>Q8vN3xLr7TzP2yWk</apiKey>\n<u><password>Hav-Bris-42</password></u><u><password>Snoe-Fnugg-8</password></u><u><password>Sol-Skinn-9</password></u>", ConfigSecretRuleID, 1},
	{"token counts", "config.yml", "max_tokens: 4096\ntoken_ttl: 3600", ConfigSecretRuleID, 0},
	{"github token in env", ".env", "GITHUB_TOKEN=ghp_R3kT9vLq2ZxW8mNb4YcH7uJd1PsA6fGe0Ko5", ConfigSecretRuleID, 0},
	// AWS
	{"aws pair", "credentials", "[default]\naws_access_key_id = AKIA2E5AQF3BR44CX7L6\naws_secret_access_key = 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", AWSAccessKeyRuleID, 1},
	{"aws id only", "notes.txt", "key AKIA2E5AQF3BR44CX7L6 was rotated", AWSAccessKeyIDRuleID, 1},
	{"aws doc example", "notes.txt", "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", AWSAccessKeyRuleID, 0},
	{"asia prose", "notes.txt", "ASIA and Europe; AKIA alone", AWSAccessKeyIDRuleID, 0},
	// Bitwarden
	{"bitwarden", "export.json", "{\"encrypted\": false,\n\"items\": [{\"type\": 1, \"login\": {\"username\": \"a\", \"password\": \"b\"}}, {\"login\": {}}]}", PasswordManagerExportRuleID, 1},
	{"bitwarden encrypted", "export.json", "{\"encrypted\": true, \"items\": [{\"login\": {}}]}", PasswordManagerExportRuleID, 0},
}

func TestMatchers(t *testing.T) {
	for _, c := range matcherCases {
		t.Run(c.name, func(t *testing.T) {
			fs := scan(c.file, c.text, 0)
			got := byRule(fs, c.rule)
			if len(got) != c.want {
				t.Fatalf("%s: got %d findings, want %d (all rules: %v)", c.rule, len(got), c.want, ruleIDs(fs))
			}
			for _, f := range fs {
				checkSafe(t, f)
			}
		})
	}
}

// TestMaskedNeverReveals: for every secret of 8 characters or more the
// masked form differs from it and shows at most six of its characters.
func TestMaskedNeverReveals(t *testing.T) {
	for _, c := range matcherCases {
		for _, f := range scan(c.file, c.text, 0) {
			sec := secretParts(f.Secret)[0]
			if len(sec) >= 8 && strings.Contains(f.Masked, sec) {
				t.Errorf("%s: Masked shows the secret", c.name)
			}
		}
	}
}

func TestTokenUserNotInDetail(t *testing.T) {
	fs := scan("notes.txt", "https://ghp_R3kT9vLq2ZxW8mNb4YcH7uJd1PsA6fGe0Ko5:x-oauth-basic@github.com/org/repo", 0)
	for _, f := range fs {
		if strings.Contains(f.Detail.String(), "ghp_") || strings.Contains(f.Masked, "R3kT9") {
			t.Errorf("%s: token shows in Detail/Masked", f.Rule)
		}
	}
	if len(byRule(fs, GitHubTokenRuleID)) != 1 {
		t.Error("token not found")
	}
}
