package credentials

import (
	"sync"
	"testing"

	"github.com/credsweep/credsweep/detectors"
)

func TestHeaders(t *testing.T) {
	// header → the vocabulary word a message may quote.
	pass := map[string]string{"Passord": "passord", "PASSORD": "passord", "passordet": "passord",
		"Startpassord": "passord", "Nytt passord": "passord", "Engangspassord": "passord",
		"Lösenord": "lösenord", "losenord": "losenord", "Adgangskode": "adgangskode", "Kodeord": "kodeord",
		"Salasana": "salasana", "Lykilorð": "lykilorð", "lykilord": "lykilord", "Kennwort": "kennwort",
		"Passwort": "passwort", "Password": "password", "Initial Password": "password",
		"initial_password": "password", "passwd": "passwd", "pwd": "pwd", "PW": "pw", "pass": "pass",
		"Pinkode": "pinkode", "Passord (midlertidig)": "passord", "Midlertidig passord": "passord",
		"Adgangskode (midlertidig)": "adgangskode", "Engangskode": "engangskode", "O365-passord": "passord",
		"Passord 2": "passord"}
	notPass := []string{"Passord sist endret", "pwdLastSet", "PasswordLastSet", "Password Never Expires",
		"Password Required", "lösenord ändrat", "Passwort geändert am", "Salasana vaihdettu", "Password hash",
		"Passenger", "Kompass", "Passord tidligere", "Passordet må ha minst 8 tegn og inneholde tall",
		// Values that contain a header word: the shape of a password.
		"Passord2021.", "Passord8363", "Lösenord2019.", "Kodeord2022.", "Passord Zq9!xY", "amaaun717 Passord8363",
		"passord@skole.no", "Password#1", "Salasana2020"}
	for h, want := range pass {
		w, ok := isPassHeader(h)
		if !ok || w.String() != want {
			t.Errorf("isPassHeader(%q) = %q, %v; want %q", h, w, ok, want)
		}
	}
	for _, h := range notPass {
		if _, ok := isPassHeader(h); ok {
			t.Errorf("%q taken for a password header", h)
		}
	}
	ids := map[string]int{"Brukernavn": 1, "Brukarnamn": 1, "Användarnamn": 1, "Brugernavn": 1,
		"Käyttäjätunnus": 1, "Notandanafn": 1, "Benutzername": 1, "SamAccountName": 1, "User name": 1,
		"Login": 1, "UID": 1, "E-post": 2, "Email": 2, "Sähköposti": 2, "Navn": 3, "Elev": 3, "Nafn": 3,
		"Fornavn": 3, "Klasse": 0, "Fødselsnummer": 0, "lastLogon": 0, "ola.nordmann@skole.no": 0,
		"bruker2019": 0}
	for h, want := range ids {
		if got, _ := idRank(h); got != want {
			t.Errorf("idRank(%q) = %d, want %d", h, got, want)
		}
	}
}

func TestExactHeader(t *testing.T) {
	for cell, want := range map[string]bool{
		"Passord": true, "Nytt passord": true, "Brukernavn": true, "Elevpassord": true, "Initial password": true,
		"E-post": true, "Passordsommer": false, "Sommerpassord": false, "Passord kake": false, "Klasse": false,
	} {
		if got := exactHeader(cell); got != want {
			t.Errorf("exactHeader(%q) = %v, want %v", cell, got, want)
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
