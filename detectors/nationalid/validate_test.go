package nationalid

import (
	"fmt"
	"testing"
)

func TestValidators(t *testing.T) {
	no := func(dd, mm, yy, ind int) string { return makeNO(t, dd, mm, yy, ind) }
	flip := func(s string) string { // change the last digit: checksum fails
		b := []byte(s)
		b[len(b)-1] = '0' + (b[len(b)-1]-'0'+1)%10
		return string(b)
	}
	isNum, _ := makeIS(12, 1, 74, 33, 9)
	isOrg, ok := makeIS(45, 4, 1, 31, 0)
	if !ok {
		isOrg = "450401-3150"
	}
	tests := []struct {
		name  string
		valid func(string) bool
		in    string
		want  bool
	}{
		// Published examples (python-stdnum, Skatteverket, DVV).
		{"no stdnum", ValidNO, "151086 95088", true},
		{"no stdnum bad", ValidNO, "15108695077", false},
		{"se classic", ValidSE, "811218-9876", true},
		{"se stdnum", ValidSE, "880320-0016", true},
		{"se 12 digits", ValidSE, "19811218-9876", true},
		{"se 12 compact", ValidSE, "198112189876", true},
		{"se bad luhn", ValidSE, "811218-9875", false},
		{"se plus", ValidSE, "121212+1212", true},
		{"se organisationsnummer", ValidSE, "556036-0793", false},
		{"dk stdnum", ValidDK, "211062-5629", true},
		{"dk bad date", ValidDK, "320162-5629", false},
		{"dk not leap 1900s", ValidDK, "290201-1234", false},
		{"dk leap 2000 (digit 4)", ValidDK, "290200-4234", true},
		{"fi official", ValidFI, "131052-308T", true},
		{"fi lower case", ValidFI, "131052-308t", true},
		{"fi bad check", ValidFI, "131052-308U", false},
		{"fi individual 001", ValidFI, makeFI(13, 10, 52, '-', 1), false},
		{"fi temporary", ValidFI, makeFI(13, 10, 52, '-', 901), true},
		{"fi new sign Y", ValidFI, makeFI(1, 1, 90, 'Y', 123), true},
		{"fi new sign B", ValidFI, makeFI(1, 1, 10, 'B', 123), true},
		{"fi bad sign", ValidFI, "131052G308T", false},
		{"is stdnum", ValidIS, "120174-3399", true},
		{"is generated", ValidIS, isNum, true},
		{"is organisation", ValidIS, isOrg, false},
		{"is bad century", ValidIS, "120174-3397", false},
		// Norwegian sub-kinds, generated.
		{"no plain", ValidNO, no(1, 1, 90, 123), true},
		{"no plain flipped", ValidNO, flip(no(1, 1, 90, 123)), false},
		{"no D-number", ValidNO, no(41, 1, 90, 123), true},
		{"no H-number", ValidNO, no(1, 41, 90, 123), true},
		{"no Tenor", ValidNO, no(1, 81, 90, 123), true},
		{"no FH", ValidNO, no(81, 23, 45, 600), true},
		{"no bad date", ValidNO, no(31, 2, 90, 123), false},
		{"no leap 2000", ValidNO, no(29, 2, 0, 500), true},
		{"no not leap 1900", ValidNO, no(29, 2, 0, 100), false},
		{"no century 1854-1899", ValidNO, no(1, 1, 60, 600), true},
		{"no no century", ValidNO, no(1, 1, 45, 600), false},
		{"no 1940s from 900", ValidNO, no(1, 1, 45, 900), true},
		{"no too short", ValidNO, "0101901234", false},
		{"no letters", ValidNO, "0101901234X", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.valid(tt.in); got != tt.want {
				t.Errorf("valid(%s) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

// TestMod11AgainstBankAccounts: every 11-digit bank account passes the
// K2 weights; most do not pass K1 and a date, which is what keeps them out.
func TestBankAccountsRarelyPass(t *testing.T) {
	r := rng(7)
	passed, total := 0, 0
	for total < 20000 {
		base := fmt.Sprintf("%04d%02d%04d", 1000+r.intn(9000), r.intn(100), r.intn(10000))
		c := mod11(base, noK2)
		if c < 0 {
			continue
		}
		total++
		if checkNO(fmt.Sprintf("%s%d", base, c)) != noInvalid {
			passed++
		}
	}
	// K1 alone passes 1 in 11; with the date rules far fewer remain.
	if passed*11 > total {
		t.Errorf("%d of %d account numbers pass as fødselsnummer", passed, total)
	}
}

func TestExample(t *testing.T) {
	checks := map[string]func(string) bool{"no": ValidNO, "se": ValidSE, "dk": ValidDK, "fi": ValidFI, "is": ValidIS, "ee": ValidEE}
	for c, valid := range checks {
		seen := map[string]bool{}
		for seed := 0; seed < 200; seed++ {
			v, bad := Example(c, seed), ExampleInvalid(c, seed)
			if v != Example(c, seed) {
				t.Fatalf("Example(%s,%d) is not deterministic", c, seed)
			}
			if !valid(v) {
				t.Errorf("Example(%s,%d) is not valid", c, seed)
			}
			if valid(bad) && c != "dk" {
				t.Errorf("ExampleInvalid(%s,%d) is valid", c, seed)
			}
			if ValidDK(bad) && c == "dk" {
				t.Errorf("ExampleInvalid(dk,%d) is a possible CPR", seed)
			}
			seen[v] = true
		}
		if len(seen) < 190 {
			t.Errorf("Example(%s) gives only %d distinct numbers in 200 seeds", c, len(seen))
		}
	}
}
