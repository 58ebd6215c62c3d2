package credentials

import (
	"fmt"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

// TestPasswordsHoldingHeaderWords is the pupil export of issue 8: some
// passwords contain the header word. Every data row stays data (the count
// is every row), a repeated page header is still a header, and the detail
// quotes only vocabulary.
func TestPasswordsHoldingHeaderWords(t *testing.T) {
	headers := []struct{ user, pass, word string }{
		{"Brukernavn", "Passord", "passord"},
		{"Användarnamn", "Lösenord", "lösenord"},
		{"Brugernavn", "Kodeord", "kodeord"},
		{"Käyttäjätunnus", "Salasana", "salasana"},
		{"Notandanafn", "Lykilorð", "lykilorð"},
		{"Username", "Password", "password"},
		{"Benutzername", "Kennwort", "kennwort"},
	}
	for _, h := range headers {
		for _, sec := range []detectors.Section{{File: "elever.csv"}, {File: "elever.xlsx", Name: "sheet Elever", Table: true}} {
			delim := ";"
			if sec.Table {
				delim = "\t"
			}
			var b strings.Builder
			fmt.Fprintf(&b, "Klasse%s%s%s%s\n", delim, h.user, delim, h.pass)
			var planted []string
			const rows = 40
			for i := range rows {
				if i == 20 {
					// Exports repeat the header on every page.
					fmt.Fprintf(&b, "Klasse%s%s%s%s\n", delim, h.user, delim, h.pass)
				}
				pw := fmt.Sprintf("Vinter%04d!", 3000+i*7)
				switch i % 4 {
				case 0:
					pw = fmt.Sprintf("%s%d.", h.pass, 2019+i%5) // "Passord2021."
				case 1:
					pw = fmt.Sprintf("%s%d", h.pass, 8000+i*13) // "Passord8363"
				}
				planted = append(planted, pw)
				fmt.Fprintf(&b, "8A%sama%03d%s%s\n", delim, i, delim, pw)
			}
			fs := run(t, sec, []byte(b.String()), 7)
			if got := counts(fs)[RulePasswordTable]; got != rows {
				t.Errorf("%s/%v: %d accounts, want %d", h.pass, sec.Table, got, rows)
			}
			want := "columns '" + strings.ToLower(h.user) + "' + '" + h.word + "'"
			for _, f := range fs {
				d := f.Detail.String()
				if f.Rule == RulePasswordTable && d != want {
					t.Errorf("%s: detail %q, want %q", h.pass, d, want)
				}
				for _, pw := range planted {
					if strings.Contains(d, pw) {
						t.Fatalf("detail %q quotes a password", d)
					}
				}
			}
		}
	}
}
