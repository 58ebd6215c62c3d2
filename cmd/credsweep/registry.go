package main

import (
	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/detectors/credentials"
	"github.com/credsweep/credsweep/detectors/nationalid"
	"github.com/credsweep/credsweep/detectors/secrets"
	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/scanner/extract/archive"
	"github.com/credsweep/credsweep/scanner/extract/mail"
	"github.com/credsweep/credsweep/scanner/extract/odf"
	"github.com/credsweep/credsweep/scanner/extract/ole2"
	"github.com/credsweep/credsweep/scanner/extract/ooxml"
	"github.com/credsweep/credsweep/scanner/extract/pdf"
	"github.com/credsweep/credsweep/scanner/extract/rtf"
)

// allDetectors returns every detector credsweep runs.
func allDetectors() []detectors.Detector {
	return []detectors.Detector{nationalid.New(), credentials.New(), secrets.New()}
}

// allRules returns the rules of every detector.
func allRules() []detectors.Rule {
	var rules []detectors.Rule
	for _, d := range allDetectors() {
		rules = append(rules, d.Rules()...)
	}
	return rules
}

// allExtractors maps sniffed kinds to the extractors that read them.
func allExtractors() map[extract.Kind]extract.Extractor {
	return map[extract.Kind]extract.Extractor{
		extract.KindOOXML:    extract.ExtractorFunc(ooxml.Extract),
		extract.KindODF:      extract.ExtractorFunc(odf.Extract),
		extract.KindPDF:      extract.ExtractorFunc(pdf.Extract),
		extract.KindRTF:      extract.ExtractorFunc(rtf.Extract),
		extract.KindZip:      extract.ExtractorFunc(archive.Zip),
		extract.KindTar:      extract.ExtractorFunc(archive.Tar),
		extract.KindGzip:     extract.ExtractorFunc(archive.Gzip),
		extract.KindBzip2:    extract.ExtractorFunc(archive.Bzip2),
		extract.KindXZ:       extract.ExtractorFunc(archive.XZ),
		extract.KindSevenZip: extract.ExtractorFunc(archive.SevenZip),
		extract.KindEML:      extract.ExtractorFunc(mail.EML),
		extract.KindMbox:     extract.ExtractorFunc(mail.Mbox),
		// Legacy Office, Outlook .msg and encrypted OOXML are all OLE2
		// compound files; ole2 routes them.
		extract.KindOLE2: extract.ExtractorFunc(ole2.Extract),
	}
}
