package credentials

import "github.com/credsweep/credsweep/detectors"

// samples are each rule's synthetic true and false positives: whole small
// files, run through the whole scanner by cmd/credsweep's
// rules_samples_test.go. Passwords are made up; hashes are of "password"
// and other published test values.
var samples = map[string][]detectors.Sample{
	RulePasswordTable: {
		detectors.TP("elevliste.csv", "Elev;Brukernavn;Passord\nOla Nordmann;ola.nordmann;Sommer18!\nKari Nordmann;kari.nordmann;Vinter19#\n"),
		detectors.TP("dump.sql", "CREATE TABLE `users` (\n  `id` int NOT NULL,\n  `username` varchar(64),\n  `password` varchar(64),\n  PRIMARY KEY (`id`)\n);\nINSERT INTO `users` VALUES (1,'ola','Sommer18!'),(2,'kari','Vinter19#');\n"),
		detectors.TP("brukere.xml", "<users>\n<user><username>ola</username><password>Sommer18!</password></user>\n<user><username>kari</username><password>Vinter19#</password></user>\n<user><username>per</username><password>Hest2020x</password></user>\n</users>\n"),
		detectors.FP("maske.csv", "Username;Password\nola;[hidden]\nkari;N/A\nper;xxx\nlise;?\n"),
		detectors.FP("hash.sql", "INSERT INTO users (login, password) VALUES ('ola', '$2y$10$abcdefghijklmnopqrstuu5Zr0Vw0DH3eJqoLdT6ex8pC6/yCU3G'), ('kari', '5f4dcc3b5aa765d61d8327deb882cf99');\n"),
	},
	RuleComboList: {
		detectors.TP("combo.txt", "ola;Sommer18!\nkari;Vinter19#\nper;Hest2020x\n"),
		detectors.FP("settings.txt", "name:credsweep\nimage:nginx\nmode:dark\nlevel:debug\n"),
	},
	RulePasswordInText: {
		detectors.TP("notat.txt", "Brukernavn: ola Passord: Sommer2018!\n"),
		detectors.FP("rutine.txt", "Brukernavn: fornavn.etternavn\nPassord: genereres automatisk og sendes foresatte\n"),
	},
	RuleLDIFPassword: {
		detectors.TP("export.ldif", "dn: CN=Ola,OU=Elever,DC=x\nunicodePwd:: IgBTAG8AbQBtAGUAcgAxADgAIgA=\n"),
		detectors.FP("empty.ldif", "dn: uid=a\nuserPassword:\n"),
	},
	RuleHtpasswd: {
		detectors.TP(".htpasswd", "ola:$2y$05$abcdefghijklmnopqrstuu5Zr0Vw0DH3eJqoLdT6ex8pC6/yCU3G\n"),
		detectors.FP("des.htpasswd", "ola:abJnggxhB/yWI\n"),
	},
	RuleUnixShadow: {
		detectors.TP("shadow", "ola:abJnggxhB/yWI:18000:0:99999:7:::\n"),
		detectors.FP("passwd", "root:x:0:0:root:/root:/bin/bash\n"),
	},
	RuleHashDump: {
		detectors.TP("ntds.txt", "ola:1001:aad3b435b51404eeaad3b435b51404ee:8846f7eaee8fb117ad06bdd830b7586c:::\n"),
		detectors.FP("empty-nt.txt", "ola:1001:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::\n"),
	},
	RuleNetrc: {
		detectors.TP(".netrc", "machine ftp.skole.example\n  login drift\n  password Fjell-Topp-9\n"),
		detectors.FP("netrc.example", "machine a.example login ola password Sommer18!\n"),
	},
}

func init() {
	for i := range rules {
		rules[i].Samples = samples[rules[i].ID]
	}
}
