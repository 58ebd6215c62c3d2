package secrets

import "github.com/credsweep/credsweep/detectors"

// ruleSamples are the synthetic true and false positives of the rules not
// written as a pattern (patterns carry theirs as tp and fp lines): whole
// small files, run through the whole scanner by cmd/credsweep's
// rules_samples_test.go. Keys are generated for tests or are the vendors'
// documented examples; binary samples are just the format's signature.
var ruleSamples = map[string][]detectors.Sample{
	PrivateKeyRuleID: {
		detectors.TP("ec.pem", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIC0ythuSYGakEVOTemtPUs1+utusjq81SFbKR0pIbYOEoAoGCCqGSM49\n"+
			"AwEHoUQDQgAE67eNnkygZVJib+o/Bp+uL+PWSznoJY8A0n7/uRbSJ8DmvovHS0zE\nNi8ypufOXqxouc3TihmcgQYcNSJ/LyAY5w==\n-----END EC PRIVATE KEY-----\n"),
		detectors.FP("README.md", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\n"),
	},
	EncryptedPrivateKeyRuleID: {
		detectors.TP("enc_pkcs8.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAgwafNgbHVINgICCAAw\n"+
			"DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEHz1JjTyGa2hh3QVs9uUfV0EgZDF\n47+V4FBvOq/IMsd9ANbLSUXRT8cxitsjwcTmLbUIRbUuGTv0Qzs8UzrZ/A+JKPiF\n"+
			"aWKWgo4PwgIKPGnnr3lpOJ41Y3NUk83pujlOVZCe7xe4dd3XBNTg7Wsi5mCn2VbG\nWLM2iphuApSwTZACzclYlUeluK1ECjaody4d/4PHlCiH0GL1QDWWIm9GMhIJtZQ=\n-----END ENCRYPTED PRIVATE KEY-----\n"),
		detectors.FP("doc.txt", "Paste the block starting with -----BEGIN ENCRYPTED PRIVATE KEY----- here.\n"),
	},
	AWSAccessKeyIDRuleID: {
		detectors.TP("notes.txt", "key AKIA2E5AQF3BR44CX7L6 was rotated\n"),
		detectors.FP("notes.txt", "ASIA and Europe; AKIA alone\n"),
	},
	GCPServiceAccountRuleID: {
		detectors.TP("service-account.json", "{\n  \"type\": \"service_account\",\n  \"project_id\": \"credsweep-test\",\n  \"private_key_id\": \"0123456789abcdef\",\n"+
			"  \"private_key\": \"-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIC0ythuSYGakEVOTemtPUs1+utusjq81SFbKR0pIbYOEoAoGCCqGSM49\\n"+
			"AwEHoUQDQgAE67eNnkygZVJib+o/Bp+uL+PWSznoJY8A0n7/uRbSJ8DmvovHS0zE\\nNi8ypufOXqxouc3TihmcgQYcNSJ/LyAY5w==\\n-----END EC PRIVATE KEY-----\\n\",\n"+
			"  \"client_email\": \"scanner@credsweep-test.iam.gserviceaccount.com\"\n}\n"),
		detectors.FP("service-account.json", "{\n  \"type\": \"service_account\",\n  \"project_id\": \"credsweep-test\",\n  \"private_key\": \"\"\n}\n"),
	},
	ConnectionStringRuleID: {
		detectors.TP("Program.cs", "var cs = \"Server=sql01;Database=Elev;User Id=sa;Password=Sommer2024!;\";\n"),
		detectors.FP("web.config", "<add name=\"a\" connectionString=\"Server=sql;Database=x;Integrated Security=SSPI;\" />\n"),
	},
	GPPCPasswordRuleID: {
		detectors.TP("Groups.xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Groups clsid=\"{3125E937-EB16-4b4c-9934-544FC6D24D26}\">\n"+
			"\t<User clsid=\"{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}\" name=\"LokalAdmin\">\n"+
			"\t\t<Properties action=\"U\" cpassword=\"FhN/U3piMA7+pc7pgsqFfs415Pkb/TiGlCrB+rDahsI\" userName=\"LokalAdmin\"/>\n\t</User>\n</Groups>\n"),
		detectors.FP("Groups.xml", "<Groups>\n\t<User name=\"x\"><Properties cpassword=\"\" userName=\"x\"/></User>\n</Groups>\n"),
	},
	UnattendPasswordRuleID: {
		detectors.TP("image.xml", "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><AutoLogon><Password><Value>Auto-Pass-1</Value><PlainText>true</PlainText></Password></AutoLogon></unattend>\n"),
		detectors.FP("pom.xml", "<Password><Value>abc12345</Value><PlainText>true</PlainText></Password>\n"),
	},
	ConfigSecretRuleID: {
		detectors.TP("values.yaml", "db:\n  password: Hav-Bris-42\n  passwordLength: 12\n"),
		detectors.FP(".env", "DB_PASSWORD=changeme\nAPI_KEY=<your-api-key>\nSECRET=xxx\nTOKEN=%TOKEN%\nPASS=\"\"\n"),
	},
	RDPPasswordRuleID: {
		detectors.TP("kontor.rdp", "full address:s:rdp01\nusername:s:ola\npassword 51:b:01000000D08C9DDF0115D1118C7A00C04FC297EB0100\n"),
		detectors.FP("kontor.rdp", "full address:s:rdp01\npassword 51:b:0100\n"),
	},
	WinSCPSessionRuleID: {
		detectors.TP("winscp.reg", "[HKEY_CURRENT_USER\\Software\\Martin Prikryl\\WinSCP 2\\Sessions\\x]\n\"HostName\"=\"h\"\n\"Password\"=\"A35E7D5F5B5557382E35\"\n"),
		detectors.FP("WinSCP.ini", "[Sessions\\drift]\nHostName=ftp.skole.example\nUserName=drift\nPublicKeyFile=C:\\keys\\drift.ppk\n"),
	},
	FileZillaPasswordRuleID: {
		detectors.TP("sitemanager.xml", "<FileZilla3><Servers><Server><Host>ftp.skole.example</Host><User>drift</User><Pass>Ftp-Plain-22</Pass></Server></Servers></FileZilla3>\n"),
		detectors.FP("sitemanager.xml", "<FileZilla3><Servers><Server><Host>h</Host><Pass encoding=\"crypt\">abcd</Pass></Server></Servers></FileZilla3>\n"),
	},
	KeePassDatabaseRuleID: {
		detectors.TP("Passwords.kdbx", "\x03\xd9\xa2\x9a\x67\xfb\x4b\xb5\x01\x00\x04\x00\x02\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
		detectors.FP("Passwords.kdbx", "\x03\xd9\xa2\x9a\x00\x00\x00\x00\x01\x00\x04\x00\x02\x10\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
	},
	PasswordSafeDatabaseRuleID: {
		detectors.TP("safe.psafe3", "PWS3\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
		detectors.FP("safe.bin", "PWS\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
	},
	PasswordManagerExportRuleID: {
		detectors.TP("export.json", "{\"encrypted\": false,\n\"items\": [{\"type\": 1, \"login\": {\"username\": \"a\", \"password\": \"b\"}}, {\"login\": {}}]}\n"),
		detectors.FP("export.json", "{\"encrypted\": true, \"items\": [{\"login\": {}}]}\n"),
	},
	PKCS12RuleID: {
		detectors.TP("intranett.pfx", "\x30\x82\x01\x00\x02\x01\x03\x30\x82\x00\xf0\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01\xa0\x82\x00\xe0\x00\x00\x00\x00\x00\x00"),
		detectors.FP("cert.der", "\x30\x82\x01\x00\x30\x82\x00\xf0\xa0\x03\x02\x01\x02\x02\x01\x01\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b\x05\x00\x00\x00"),
	},
	JavaKeyStoreRuleID: {
		detectors.TP("app.jks", "\xfe\xed\xfe\xed\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00\x01\x00\x05mykey\x00\x00\x01\x80\x00\x00\x00\x00\x00\x00\x00\x00"),
		detectors.FP("app.bin", "\xfe\xed\xfe\xed\x00\x00\x01\x00\x00\x00\x00\x01\x00\x00\x00\x01\x00\x05mykey\x00\x00\x01\x80\x00\x00\x00\x00\x00\x00\x00\x00"),
	},
	EncryptedFileRuleID: {
		// A zip whose only member has the "encrypted" flag (APPNOTE 4.4.4, bit 0).
		detectors.TP("Arkiv.zip", "\x50\x4b\x03\x04\x14\x00\x01\x00\x00\x00\x00\x00\x21\x58\x1f\x08\xea\x46\x02\x00\x00\x00\x02\x00\x00\x00\x0c\x00\x00\x00\x68\x65\x6d\x6d\x65\x6c\x69\x67\x2e\x74\x78\x74\x78\x0a\x50\x4b\x01\x02\x14\x03\x14\x00\x01\x00\x00\x00\x00\x00\x21\x58\x1f\x08\xea\x46\x02\x00\x00\x00\x02\x00\x00\x00\x0c\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x01\x00\x00\x00\x00\x68\x65\x6d\x6d\x65\x6c\x69\x67\x2e\x74\x78\x74\x50\x4b\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00\x3a\x00\x00\x00\x2c\x00\x00\x00\x00\x00"),
		detectors.FP("notes.txt", "Arkivet er kryptert; passordet får du av læreren.\n"),
	},
}

// patternOthers lists, for pattern sample lines that other rules rightly
// report too, those rules.
var patternOthers = map[string][]string{
	`url = https://x-access-token:ghs_Q8wE2rT6yU1iO9pA3sD7fG5hJ4kL0zXcVbN2@github.com/org/repo`: {ConnectionStringRuleID},
	"password = pypi-AgEIcHlwaS5vcmc": {"credentials/password-in-text"},
}

// samplesFor returns a rule's samples: a pattern's tp and fp lines as
// files of their own, then the rule's whole-file samples.
func samplesFor(id string) []detectors.Sample {
	var out []detectors.Sample
	for _, p := range patterns {
		if p.rule != id {
			continue
		}
		for _, s := range p.tp {
			x := detectors.TP("notes.txt", s+"\n")
			x.Others = patternOthers[s]
			out = append(out, x)
		}
		for _, s := range p.fp {
			x := detectors.FP("notes.txt", s+"\n")
			x.Others = patternOthers[s]
			out = append(out, x)
		}
	}
	return append(out, ruleSamples[id]...)
}
