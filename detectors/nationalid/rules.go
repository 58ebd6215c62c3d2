package nationalid

import "github.com/credsweep/credsweep/detectors"

// Rule IDs. They are keys for GitHub code scanning alerts: never rename.
const (
	RuleNO = "national-id/no-fodselsnummer"
	RuleSE = "national-id/se-personnummer"
	RuleDK = "national-id/dk-cpr"
	RuleFI = "national-id/fi-hetu"
	RuleIS = "national-id/is-kennitala"
	RuleEE = "national-id/ee-isikukood"
)

// country is an index into countries (countries.go); the bit masks used
// for context are 1<<country.
type country uint8

const (
	cNO country = iota
	cSE
	cDK
	cFI
	cIS
	cEE
	nCountries
)

const (
	bNO  uint8 = 1 << cNO
	bSE  uint8 = 1 << cSE
	bDK  uint8 = 1 << cDK
	bFI  uint8 = 1 << cFI
	bIS  uint8 = 1 << cIS
	bEE  uint8 = 1 << cEE
	bAll       = bNO | bSE | bDK | bFI | bIS | bEE
)

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
