package mail

import (
	"context"
	"strings"
	"testing"

	"github.com/credsweep/credsweep/scanner/extract/extracttest"
)

// BenchmarkEMLText measures a large quoted-printable text body.
func BenchmarkEMLText(b *testing.B) {
	body := strings.Repeat("Brukernavn: ola Passord: Sommer2018! p=C3=A5 Bj=C3=B8rnebo skole, linje med tekst.\n", 50000)
	msg := []byte("Subject: x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + body)
	b.SetBytes(int64(len(msg)))
	var d extracttest.Drain
	for b.Loop() {
		_ = EML(context.Background(), input(msg), &d)
	}
}

// BenchmarkMbox measures splitting a folder of small messages.
func BenchmarkMbox(b *testing.B) {
	data := []byte(strings.Repeat("From a@b Mon Sep 3 2018\nSubject: hei\n\nBrukernavn: ola Passord: Sommer2018!\n>From x\n\n", 20000))
	b.SetBytes(int64(len(data)))
	var d extracttest.Drain
	for b.Loop() {
		_ = Mbox(context.Background(), input(data), &d)
	}
}
