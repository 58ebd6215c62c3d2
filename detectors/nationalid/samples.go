package nationalid

import "github.com/credsweep/credsweep/detectors"

// samples are each rule's synthetic true and false positives, run through
// the whole scanner by cmd/credsweep's rules_samples_test.go. The numbers
// are published examples and test numbers: Skatteetaten's synthetic
// Tenor range (month + 80), Skatteverket's 121212-1212, the CPR office's
// 070761-4285, DVV's 131052-308T, Þjóðskrá's 120174-3399 and the
// isikukood 37605030299 of the Estonian standard's examples. The false
// positives are the same numbers with a wrong check digit or without any
// national-ID context.
var samples = map[string][]detectors.Sample{
	RuleNO: {
		detectors.TP("elevliste.txt", "Elev: Ola Nordmann\nFødselsnummer: 15838540063\n"),
		detectors.FP("feil.txt", "Fødselsnummer: 15838540064\n"),
	},
	RuleSE: {
		detectors.TP("patient.txt", "Patient: Tolvan Tolvansson\nPersonnummer: 121212-1212\n"),
		detectors.FP("faktura.txt", "Fakturanummer 1212121213 betalas senast 30 dagar.\n"),
	},
	RuleDK: {
		detectors.TP("borger.txt", "Navn: Jens Hansen\nCPR-nr.: 070761-4285\n"),
		detectors.FP("ordre.txt", "Ordre 0707614285 er sendt.\n"),
	},
	RuleFI: {
		detectors.TP("asiakas.txt", "Nimi: Matti Meikäläinen\nHenkilötunnus: 131052-308T\n"),
		detectors.FP("virhe.txt", "Henkilötunnus: 131052-308U\n"),
	},
	RuleIS: {
		detectors.TP("umsokn.txt", "Nafn: Jón Jónsson\nKennitala: 120174-3399\n"),
		detectors.FP("pontun.txt", "Pöntun 1201743399 hefur verið send.\n"),
	},
	RuleEE: {
		detectors.TP("klient.txt", "Nimi: Mari Maasikas\nIsikukood: 37605030299\n"),
		detectors.FP("vale.txt", "Isikukood: 37605030298\n"),
	},
}
