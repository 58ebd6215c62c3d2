// Package nationalid detects Nordic national identity numbers: Norwegian
// fødselsnummer (with D-, H- and FH-numbers), Swedish personnummer and
// samordningsnummer, Danish CPR numbers, Finnish henkilötunnus, Icelandic
// kennitala and Estonian isikukood. Each country is one entry of the table
// in countries.go: shapes, validator, labels, country names, rule, mask,
// InName reader and test-number generator.
//
// # Estonian isikukood
//
// GYYMMDDSSSC has 11 digits like a fødselsnummer but one check digit, so it
// is reported only with context: its own label (isikukood, isikukoodi,
// personal code) or column, a generic ID label, the section's keywords or
// its row's country. A number valid in both countries is Norwegian unless
// an Estonian label or row says otherwise.
//
// # Country columns
//
// A header cell Land, Country, Nationality, Statsborgerskap, Medborgarskap,
// Kansalaisuus, Ríkisfang or Nationalität makes its column give each row a
// country (codes NO SE DK FI IS EE, names and nationalities in the Nordic
// languages, English and German). An ID column's explicit label wins; then
// the row's country; then the section's keywords and the vote. The row's
// country is a preference: a number failing it keeps its other readings.
//
// # Digit groups
//
// Under an ID keyword (on its line, or the next line below a label) and in
// an ID column, numbers printed in digit groups are read too: 10 04 87 44
// 732, 13-04-99-58441, 8803-20-0016, 01.01.90 12345 (grouped.go). Never in
// free text without a label, and only near keywords the scan has seen (the
// first 64 KiB of a section, or around other numbers).
//
// # How a number is found
//
// One byte loop (eight bytes at a time where there are no digits) finds
// digit runs with their separators: DDMMYYIIIKK, DDMMYY IIIKK, DDMMYY-SSSS,
// YYMMDD+NNNC, YYYYMMDD-NNNC, 10- and 12-digit compact runs and DDMMYYCZZZQ.
// A run that is part of something longer is ignored: letters or digits
// touching it, or digits joined by '-', '.', '/' or ':' (card numbers,
// IBANs, ISBNs, timestamps, UUIDs, hashes, amounts). Every shape is then
// checked with the country's checksum and date rules; nothing that fails
// is reported.
//
// # Context
//
// A second loop finds keywords (fødselsnummer, fnr, personnummer, cpr,
// henkilötunnus, hetu, kennitala, kt., ssn, national id, ...) and the
// opposite (konto, faktura, kid, tlf, orgnr, isbn, ...). A number is
// labelled by the nearest keyword on its line (or a label ending the
// previous line), by its column when a header line names it (CSV, TSV,
// semicolon or '|' separated text, spreadsheet sheets), by its SQL column
// (INSERT column lists, CREATE TABLE, COPY), and finally by the keywords of
// the whole section and its file name. Numbers whose nearest label or
// column is a "non-ID" word (an account, an invoice, a phone) are dropped.
//
// Keywords are searched in the first 64 KiB of a section (headings, table
// headers, CREATE TABLE) and around every number that passes its checks
// (200 bytes before, 40 after), never in the rest: long texts without IDs
// cost one digit loop. SQL statements are recognised at line starts.
//
// # What is reported without context
//
// Decisions are made when a section ends (Finish), so a keyword counts for
// numbers before it too, and a number seen several times combines the
// evidence of all its occurrences.
//
//   - An 11-digit number that passes both Norwegian control digits and has
//     a valid date is reported (medium confidence) even without context,
//     unless the section has non-ID keywords and no ID keyword. FH-numbers
//     (no date) need Norwegian or generic context: bank accounts pass the
//     second control digit by construction.
//   - A HETU with a letter (century sign or check character) is reported.
//   - Bare 10-digit runs and "DDMMYY 1234" (space) are never reported
//     without context: every date followed by four digits is a possible CPR
//     number, and phone numbers like 0701234567 are too. The same holds for
//     12-digit compact runs (timestamps such as 201903181230).
//   - Dash and plus forms (DDMMYY-1234, YYMMDD+1234, YYYYMMDD-1234) are
//     reported at low confidence without any context, as long as the
//     section has no non-ID keyword only and no ID keyword of a country the
//     number fails.
//
// # One number, one rule
//
// A 10-digit number can be a CPR number, a Swedish personnummer (Luhn), a
// kennitala (check digit and century digit) and, in the dash form, a HETU.
// The detector keeps the interpretations whose rules it passes, then picks
// one: the country named by its own label or column, else by the section's
// keywords, else the country of the section's unambiguous numbers, else the
// strongest check (kennitala, then personnummer, then HETU, then CPR). When
// there is context but none of it names a country the number passes (a
// "kennitala" list with a number failing the check digit), nothing is
// reported.
//
// # Danish numbers under "personnummer"
//
// Danes call the CPR number "personnummer" too, the Swedish keyword. A
// "personnummer" label is read as CPR (Swedish second) for 10-digit
// numbers when the section's language cues are Danish or Norwegian (og,
// ikke, født, adresse, Danish towns, surnames in -sen, streets in -gade),
// or when most 10-digit values of the number's column (of the section's
// dash numbers outside tables) are valid CPR numbers failing Luhn and
// Swedish cues do not outweigh the Danish ones. A Swedish report of
// rejected numbers has Swedish words (ogiltiga, avvisade, felaktig
// kontrollsiffra, och) and stays Swedish: its numbers fail and are not
// reported. In a Danish section an ambiguous number without a label is
// CPR rather than Swedish. See danish.go and language.go.
//
// # Leading zeros lost in spreadsheets
//
// A 10-digit cell under a Norwegian ID header (fødselsnummer, fnr, or
// personnummer with Norwegian context) is read with a leading zero when
// that makes a valid fødselsnummer, and a 9-digit cell under a CPR header
// when that makes a valid CPR number: Excel drops the zero of IDs typed as
// numbers. Only whole cells of a table are padded, never numbers in text
// (pad.go).
//
// # Findings
//
// Secret is the normalised number: digits only, Swedish numbers in the
// 12-digit form with century (so 10- and 12-digit forms count once), HETU
// with its century sign. Masked shows only the date part. TestData marks
// Norwegian synthetic numbers (month + 80, Tenor; month + 40 is also the
// real H-number, so those say "H-number or synthetic test number"). The
// 2032 change to the Norwegian first control digit is not implemented.
package nationalid
