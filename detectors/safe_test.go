package detectors

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 35012: "35,012", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := Count(n).String(); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestVocabulary(t *testing.T) {
	v := Words("passord", "lösenord", "passord")
	if v.Len() != 3 || !v.Has("lösenord") || v.Has("Passord") {
		t.Fatalf("vocabulary %+v", v)
	}
	w, ok := v.Find("passord")
	if !ok || w.String() != "passord" {
		t.Fatalf("Find = %q, %v", w, ok)
	}
	if got := Join(Text("columns "), Quote(v.Entry(1)), Text(" + "), Count(2)).String(); got != "columns 'lösenord' + 2" {
		t.Fatalf("Join = %q", got)
	}
	if !(Safe{}).IsZero() || Text("x").IsZero() {
		t.Fatal("IsZero")
	}
}
