package main

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
)

const s2alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (s *share2) secretFiles() {
	// AWS key pair pasted into a handover note.
	{
		id, sec := "AKIA"+s.rnd(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), s.rnd(40, s2alnum+"/+")
		s.hide(id, sec)
		s.putS("Drift/Overlevering/aws_backup.txt", "S3-backup av elevmapper\nBucket: kommune-elev-backup\nAccess key ID: "+id+"\nSecret access key: "+sec+"\nRegion: eu-north-1\n")
		s.exp("Drift/Overlevering/aws_backup.txt", ruleAWS, 1)
	}
	// Private keys: EC (SEC1) and Ed25519 (PKCS#8).
	{
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		der, _ := x509.MarshalECPrivateKey(k)
		p := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})
		s.put("Web/certs/vpn-gw.key", p)
		s.exp("Web/certs/vpn-gw.key", ruleKey, 1)
		s.hide(string(p[40:80]))
		_, ek, _ := ed25519.GenerateKey(rand.Reader)
		der2, _ := x509.MarshalPKCS8PrivateKey(ek)
		p2 := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der2})
		s.put("Drift/Overlevering/nøkkel_til_ftp.txt", append([]byte("Nøkkel for innlogging på ftp.kommune.no (bruk med WinSCP):\n\n"), p2...))
		s.exp("Drift/Overlevering/nøkkel_til_ftp.txt", ruleKey, 1)
		s.hide(string(p2[30:60]))
		// Public key only: not a finding.
		pub, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
		s.put("Web/certs/vpn-gw.pub.pem", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
		s.none("Web/certs/vpn-gw.pub.pem")
	}
	// Connection strings.
	{
		p1, p2, p3 := s.pw(21), s.pw(22), s.pw(23)
		s.putS("Utvikling/rapport/koblinger.txt", "Produksjon:\nServer=sql02.kommune.local;Database=Elevdata;User Id=rapport;Password="+p1+";\n\nTest (SSPI):\nServer=sqltest;Database=Elevdata;Integrated Security=SSPI;\n")
		s.exp("Utvikling/rapport/koblinger.txt", ruleConn, 1)
		s.putS("Utvikling/lms/docker-compose.yml", "services:\n  app:\n    image: moodle:4.3\n    environment:\n      DATABASE_URL: postgres://moodle:"+p2+"@db:5432/moodle\n")
		s.exp("Utvikling/lms/docker-compose.yml", ruleConn, 1)
		s.putS("Utvikling/lms/db.js", "const uri = \"mongodb+srv://lmsapp:"+p3+"@cluster0.ab1cd.mongodb.net/lms?retryWrites=true\";\nmodule.exports = { uri };\n")
		s.exp("Utvikling/lms/db.js", ruleConn, 1)
	}
	// .env with two secrets.
	{
		a, b := s.pw(24), s.rnd(32, s2alnum)
		s.hide(b)
		s.putS("Utvikling/timeplan/.env", "APP_ENV=production\nDB_HOST=10.1.2.3\nDB_PASSWORD="+a+"\nSESSION_SECRET="+b+"\nLOG_LEVEL=info\n")
		s.exp("Utvikling/timeplan/.env", ruleConfig, 2)
	}
	// Tokens.
	{
		gh := "ghp_" + s.rnd(36, s2alnum)
		sl := fmt.Sprintf("xoxb-%d-%d-%s", 1000000000+s.r.IntN(1e9), 1000000000+s.r.IntN(1e9), s.rnd(24, s2alnum))
		s.hide(gh, sl)
		s.putS("Utvikling/scripts/sync_elever.ps1", "$Headers = @{ Authorization = \"token "+gh+"\" }\n$slack = \""+sl+"\"\nInvoke-RestMethod -Uri $url -Headers $Headers\n")
		s.exp("Utvikling/scripts/sync_elever.ps1", ruleGitHub, 1)
		s.exp("Utvikling/scripts/sync_elever.ps1", ruleSlack, 1)
	}
}
