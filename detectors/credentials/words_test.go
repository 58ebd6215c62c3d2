package credentials

import (
	"sync"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

func TestHeaders(t *testing.T) {
	pass := []string{"Passord", "PASSORD", "passordet", "Startpassord", "Nytt passord", "Engangspassord",
		"Lösenord", "losenord", "Adgangskode", "Kodeord", "Salasana", "Lykilorð", "lykilord", "Kennwort",
		"Passwort", "Password", "Initial Password", "initial_password", "passwd", "pwd", "PW", "pass", "Pinkode",
		"Passord (midlertidig)", "Midlertidig passord", "Adgangskode (midlertidig)", "Engangskode"}
	notPass := []string{"Passord sist endret", "pwdLastSet", "PasswordLastSet", "Password Never Expires",
		"Password Required", "lösenord ändrat", "Passwort geändert am", "Salasana vaihdettu", "Password hash",
		"Passenger", "Kompass", "Passord tidligere", "Passordet må ha minst 8 tegn og inneholde tall"}
	for _, h := range pass {
		if !isPassHeader(h) {
			t.Errorf("%q not a password header", h)
		}
	}
	for _, h := range notPass {
		if isPassHeader(h) {
			t.Errorf("%q taken for a password header", h)
		}
	}
	ids := map[string]int{"Brukernavn": 1, "Brukarnamn": 1, "Användarnamn": 1, "Brugernavn": 1,
		"Käyttäjätunnus": 1, "Notandanafn": 1, "Benutzername": 1, "SamAccountName": 1, "User name": 1,
		"Login": 1, "UID": 1, "E-post": 2, "Email": 2, "Sähköposti": 2, "Navn": 3, "Elev": 3, "Nafn": 3,
		"Fornavn": 3, "Klasse": 0, "Fødselsnummer": 0, "lastLogon": 0}
	for h, want := range ids {
		if got := idRank(h); got != want {
			t.Errorf("idRank(%q) = %d, want %d", h, got, want)
		}
	}
}

// TestConcurrent shares one detector between goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	d := New()
	data := bigTable(2000)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			scanBlocks(d.NewSession(detectors.Section{File: "e.csv"}), data, func(detectors.Finding) { n++ })
			if n != 2000 {
				t.Errorf("%d findings", n)
			}
		}()
	}
	wg.Wait()
}
