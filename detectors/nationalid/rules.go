package nationalid

import "github.com/credsweep/credsweep/detectors"

// Rule IDs. They are keys for GitHub code scanning alerts: never rename.
const (
	RuleNO = "national-id/no-fodselsnummer"
	RuleSE = "national-id/se-personnummer"
	RuleDK = "national-id/dk-cpr"
	RuleFI = "national-id/fi-hetu"
	RuleIS = "national-id/is-kennitala"
)

// country is an index into the per-country tables; the bit masks used for
// context are 1<<country.
type country uint8

const (
	cNO country = iota
	cSE
	cDK
	cFI
	cIS
	nCountries
)

const (
	bNO  uint8 = 1 << cNO
	bSE  uint8 = 1 << cSE
	bDK  uint8 = 1 << cDK
	bFI  uint8 = 1 << cFI
	bIS  uint8 = 1 << cIS
	bAll       = bNO | bSE | bDK | bFI | bIS
)

var ruleIDs = [nCountries]string{RuleNO, RuleSE, RuleDK, RuleFI, RuleIS}

// maskKeep is how many leading characters of the normalised number a
// Masked value shows: the birth date, never the individual part.
var maskKeep = [nCountries]int{6, 8, 6, 6, 6}

const whyText = "A national identity number is the key that links a person across health, tax, school and bank registers. " +
	"Together with a name it is enough for identity theft, and under GDPR it is personal data that must be protected " +
	"(Art. 5(1)(f), Art. 32; in Norway and Iceland also a national-ID rule, Personopplysningsloven § 12 and the Icelandic Act 90/2018 art. 13). " +
	"The Nordic regulators fine exposures of such files: Datatilsynet (Norway) fined Bergen municipality NOK 1.6 million in 2019 " +
	"after files with pupils' fødselsnummer and passwords were left readable to everyone (2018); IMY (Sweden) and " +
	"Datatilsynet (Denmark) have sanctioned municipalities and companies for personnummer and CPR numbers in open shares and e-mail."

const whatText = "Check who can read the file. Delete it, or move it to a system with access control, and keep only the numbers the task really needs. " +
	"If people outside the need-to-know group could read it, treat it as a personal data breach: report it to the data protection officer, " +
	"who decides whether the authority must be notified within 72 hours (GDPR Art. 33)."

func makeRule(id, name, short, what string, sev float64) detectors.Rule {
	full := short + ". " + what
	return detectors.Rule{
		ID:    id,
		Name:  name,
		Short: short,
		Full:  full,
		Help:  what + "\n\nWhy it matters: " + whyText + "\n\nWhat to do: " + whatText,
		HelpMarkdown: "**" + name + "**\n\n" + what + "\n\n**Why it matters.** " + whyText +
			"\n\n**What to do.** " + whatText +
			"\n\nThe result counts the distinct numbers in the file; the sample shows only the birth date part.",
		Severity: sev,
		Level:    detectors.LevelError,
		Tags:     []string{"pii", "national-id", "gdpr"},
	}
}

var rules = []detectors.Rule{
	makeRule(RuleNO, "Norwegian fødselsnummer",
		"Norwegian national identity number (fødselsnummer, D-number)",
		"An 11-digit Norwegian fødselsnummer (DDMMYY + individual number + two control digits), D-number (day + 40), "+
			"H-number (month + 40) or FH-number. Synthetic test numbers (NAV Dolly, Skatteetaten Tenor) are marked as test data.", 8.0),
	makeRule(RuleSE, "Swedish personnummer",
		"Swedish personal identity number (personnummer, samordningsnummer)",
		"A Swedish personnummer (YYMMDD-NNNC, YYYYMMDDNNNC) or samordningsnummer (day + 60) with a valid Luhn check digit and date.", 8.0),
	makeRule(RuleDK, "Danish CPR number",
		"Danish personal identification number (CPR-nummer)",
		"A Danish CPR number (DDMMYY-SSSS). Numbers issued since 2007 have no check digit, so a valid date and its context "+
			"(a CPR keyword or column) identify it.", 7.5),
	makeRule(RuleFI, "Finnish henkilötunnus",
		"Finnish personal identity code (henkilötunnus, HETU)",
		"A Finnish henkilötunnus DDMMYYCZZZQ with its century sign and check character, including temporary codes (900–999).", 8.0),
	makeRule(RuleIS, "Icelandic kennitala",
		"Icelandic personal identity number (kennitala)",
		"A personal Icelandic kennitala (DDMMYY-RRCK) with a valid check digit and century digit; company numbers are excluded.", 7.5),
}
