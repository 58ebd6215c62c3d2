package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"golang.org/x/crypto/ssh"
)

const (
	ruleKey      = "secret/private-key"
	ruleKeyEnc   = "secret/private-key-encrypted"
	ruleAWS      = "secret/aws-access-key"
	ruleAzure    = "secret/azure-storage-connection-string"
	ruleSAS      = "secret/azure-sas-token"
	ruleGCP      = "secret/gcp-service-account"
	ruleGitHub   = "secret/github-token"
	ruleGitLab   = "secret/gitlab-token"
	ruleSlack    = "secret/slack-token"
	ruleGoogle   = "secret/google-api-key"
	ruleConn     = "secret/connection-string-password"
	ruleGPP      = "secret/gpp-cpassword"
	ruleUnattend = "secret/unattend-password"
	ruleConfig   = "secret/config-secret"
	ruleRDP      = "secret/rdp-password"
	ruleKeePass  = "secret/keepass-database"
	rulePKCS12   = "secret/pkcs12"
	ruleWinSCP   = "secret/winscp-session"
)

// token returns n random characters of alphabet.
func (c *corpus) token(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[c.r.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	alnum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	upnum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b64set = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

// pemKey returns a fresh PEM private key of the given kind and plants it.
func (c *corpus) pemKey(kind string) string {
	var blk *pem.Block
	switch kind {
	case "rsa":
		k, _ := rsa.GenerateKey(rand.Reader, 1024)
		blk = &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}
	case "ec":
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		der, _ := x509.MarshalECPrivateKey(k)
		blk = &pem.Block{Type: "EC PRIVATE KEY", Bytes: der}
	case "pkcs8":
		_, k, _ := ed25519.GenerateKey(rand.Reader)
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		blk = &pem.Block{Type: "PRIVATE KEY", Bytes: der}
	case "openssh":
		_, k, _ := ed25519.GenerateKey(rand.Reader)
		blk, _ = ssh.MarshalPrivateKey(k, "drift@skole")
	case "openssh-enc":
		_, k, _ := ed25519.GenerateKey(rand.Reader)
		blk, _ = ssh.MarshalPrivateKeyWithPassphrase(k, "drift@skole", []byte("korrekt hest batteri"))
	}
	s := string(pem.EncodeToMemory(blk))
	c.plantKeyBody(s)
	return s
}

// plantKeyBody plants the base64 lines of a PEM block.
func (c *corpus) plantKeyBody(s string) {
	for _, l := range strings.Split(s, "\n") {
		if len(l) >= 40 && !strings.HasPrefix(l, "-----") {
			c.plant(l)
		}
	}
}

func (c *corpus) publicPEM() string {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// cpassword encrypts a password as Group Policy Preferences do.
func cpassword(pw string) string {
	key := []byte{0x4e, 0x99, 0x06, 0xe8, 0xfc, 0xb6, 0x6c, 0xc9, 0xfa, 0xf4, 0x93, 0x10, 0x62, 0x0f, 0xfe, 0xe8,
		0xf4, 0x96, 0xe8, 0x06, 0xcc, 0x05, 0x79, 0x90, 0x20, 0x9b, 0x09, 0xa4, 0x33, 0xb6, 0x6c, 0x1b}
	var plain []byte
	for _, u := range utf16.Encode([]rune(pw)) {
		plain = append(plain, byte(u), byte(u>>8))
	}
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	for range pad {
		plain = append(plain, byte(pad))
	}
	blk, _ := aes.NewCipher(key)
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(blk, make([]byte, aes.BlockSize)).CryptBlocks(out, plain)
	return strings.TrimRight(base64.StdEncoding.EncodeToString(out), "=")
}

// secretFiles writes keys, cloud credentials, tokens and config secrets.
func (c *corpus) secretFiles() {
	c.write("IT/Nøkler/id_rsa", []byte(c.pemKey("rsa")))
	c.expect("IT/Nøkler/id_rsa", ruleKey, 1)
	c.write("IT/Nøkler/backup_ed25519", []byte(c.pemKey("openssh")))
	c.expect("IT/Nøkler/backup_ed25519", ruleKey, 1)
	c.write("IT/Nøkler/drift_ed25519_kryptert", []byte(c.pemKey("openssh-enc")))
	c.expect("IT/Nøkler/drift_ed25519_kryptert", ruleKeyEnc, 1)
	// A PEM bundle: certificate plus two distinct private keys.
	c.write("Web/sertifikat/intranett_bundle.pem", []byte(c.pemKey("ec")+c.pemKey("pkcs8")))
	c.expect("Web/sertifikat/intranett_bundle.pem", ruleKey, 2)
	// A key pasted into a Word document.
	{
		k := c.pemKey("rsa")
		c.write("IT/Dokumentasjon/Oppsett SFTP mot Visma.docx", docxDoc(append([]string{"Oppsett av SFTP mot Visma", "Privat nøkkel (ikke del):"}, strings.Split(strings.TrimSpace(k), "\n")...), nil))
		c.expect("IT/Dokumentasjon/Oppsett SFTP mot Visma.docx", ruleKey, 1)
	}
	// AWS credentials file with two profiles.
	{
		var b strings.Builder
		for _, p := range []string{"default", "backup"} {
			id := "AKIA" + c.token(16, upnum)
			sec := c.token(40, alnum+"/+")
			c.plant(id, sec)
			fmt.Fprintf(&b, "[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\nregion = eu-north-1\n\n", p, id, sec)
		}
		c.write("Drift/aws/credentials", []byte(b.String()))
		c.expect("Drift/aws/credentials", ruleAWS, 2)
	}
	// Azure storage connection string and a SAS URL in a config.
	{
		key := c.token(86, b64set) + "=="
		sig := c.token(43, b64set) + "="
		c.plant(key, sig, strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(sig))
		c.write("Utvikling/integrasjon/azure.config", []byte("# Lagring av elevbilder\nStorageConnection=DefaultEndpointsProtocol=https;AccountName=elevbilder;AccountKey="+key+";EndpointSuffix=core.windows.net\n"))
		c.expect("Utvikling/integrasjon/azure.config", ruleAzure, 1)
		c.write("Utvikling/integrasjon/opplasting.ps1", []byte("$url = \"https://elevbilder.blob.core.windows.net/bilder?sv=2022-11-02&ss=b&srt=sco&sp=rwdlacupiytfx&se=2025-12-31T22:59:59Z&st=2023-11-01T07:00:00Z&spr=https&sig="+strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(sig)+"\"\nInvoke-WebRequest -Uri $url -Method Put -InFile .\\bilde.jpg\n"))
		c.expect("Utvikling/integrasjon/opplasting.ps1", ruleSAS, 1)
	}
	// GCP service-account key.
	{
		k, _ := rsa.GenerateKey(rand.Reader, 1024)
		der, _ := x509.MarshalPKCS8PrivateKey(k)
		pk := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
		c.plantKeyBody(pk)
		kid := hex.EncodeToString([]byte(c.token(20, alnum)))
		c.plant(kid)
		js, _ := json.MarshalIndent(map[string]string{"type": "service_account", "project_id": "skole-analyse-341208", "private_key_id": kid, "private_key": pk,
			"client_email": "eksport@skole-analyse-341208.iam.gserviceaccount.com", "client_id": "10492837465019283746", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
			"token_uri": "https://oauth2.googleapis.com/token"}, "", "  ")
		c.write("Utvikling/skole-analyse-341208-4f2a9c1b7d3e.json", js)
		c.expect("Utvikling/skole-analyse-341208-4f2a9c1b7d3e.json", ruleGCP, 1)
	}
	// Tokens in scripts and notes.
	{
		gh := "ghp_" + c.token(36, alnum)
		gl := "glpat-" + c.token(20, alnum)
		sl := fmt.Sprintf("xoxb-%d-%d-%s", 100000000000+c.r.Int64N(9e11), 1000000000000+c.r.Int64N(9e12), c.token(24, alnum))
		gk := "AIza" + c.token(35, alnum+"-_")
		c.plant(gh, gl, sl, gk)
		c.write("Utvikling/scripts/deploy.sh", []byte("#!/bin/sh\nset -e\nexport GITHUB_TOKEN="+gh+"\nexport GITLAB_TOKEN="+gl+"\ncurl -s -H \"Authorization: Bearer $GITHUB_TOKEN\" https://api.github.com/user\n"))
		c.expect("Utvikling/scripts/deploy.sh", ruleGitHub, 1)
		c.expect("Utvikling/scripts/deploy.sh", ruleGitLab, 1)
		c.write("Utvikling/scripts/varsling.py", []byte("import requests\n\nSLACK_TOKEN = \""+sl+"\"\nMAPS_KEY = \""+gk+"\"\n\ndef send(msg):\n    requests.post('https://slack.com/api/chat.postMessage', headers={'Authorization': 'Bearer ' + SLACK_TOKEN}, json={'channel': '#drift', 'text': msg})\n"))
		c.expect("Utvikling/scripts/varsling.py", ruleSlack, 1)
		c.expect("Utvikling/scripts/varsling.py", ruleGoogle, 1)
	}
	// Connection strings: web.config with SQL auth, JDBC, URIs.
	{
		p1, p2, p3 := "Sql!Elev2019", "Pg_Vigilo#88", "M0ngo-Skole-22"
		c.plant(p1, p2, p3)
		c.write("Web/elevweb/web.config", []byte(`<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="ElevDb" connectionString="Server=sql01.skole.local;Database=ElevDb;User Id=elevweb;Password=`+p1+`;" providerName="System.Data.SqlClient" />
  </connectionStrings>
</configuration>
`))
		c.expect("Web/elevweb/web.config", ruleConn, 1)
		c.write("Utvikling/integrasjon/databaser.txt", []byte("Vigilo: postgresql://vigilo:"+p2+"@db01.skole.local:5432/vigilo\nLogg: mongodb://logger:"+p3+"@mongo01.skole.local:27017/logg?authSource=admin\n"))
		c.expect("Utvikling/integrasjon/databaser.txt", ruleConn, 2)
	}
	// GPP cpassword in SYSVOL Groups.xml.
	{
		pw := "LokalAdmin2016!"
		c.plant(pw)
		cp := cpassword(pw)
		c.plant(cp)
		c.write("SYSVOL/skole.local/Policies/{31B2F340-016D-11D2-945F-00C04FB984F9}/Machine/Preferences/Groups/Groups.xml", []byte(`<?xml version="1.0" encoding="utf-8"?>
<Groups clsid="{3125E937-EB16-4b4c-9934-544FC6D24D26}"><User clsid="{DF5F1855-51E5-4d24-8B1A-D9BDE98BA1D1}" name="LokalAdmin" image="2" changed="2016-08-12 09:14:51" uid="{5C9E3A7B-1111-4A2B-9C3D-0E1F2A3B4C5D}"><Properties action="U" newName="" fullName="" description="" cpassword="`+cp+`" changeLogon="0" noChange="1" neverExpires="1" acctDisabled="0" userName="LokalAdmin"/></User>
</Groups>
`))
		c.expect("SYSVOL/skole.local/Policies/{31B2F340-016D-11D2-945F-00C04FB984F9}/Machine/Preferences/Groups/Groups.xml", ruleGPP, 1)
	}
	// unattend.xml with a base64 (UTF-16LE + element name) password.
	{
		pw := "Deploy!Elev-PC"
		c.plant(pw)
		var enc []byte
		for _, u := range utf16.Encode([]rune(pw + "AdministratorPassword")) {
			enc = append(enc, byte(u), byte(u>>8))
		}
		v := base64.StdEncoding.EncodeToString(enc)
		c.plant(v)
		c.write("Deploy/Windows11/unattend.xml", []byte(`<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">
      <UserAccounts>
        <AdministratorPassword>
          <Value>`+v+`</Value>
          <PlainText>false</PlainText>
        </AdministratorPassword>
      </UserAccounts>
    </component>
  </settings>
</unattend>
`))
		c.expect("Deploy/Windows11/unattend.xml", ruleUnattend, 1)
	}
	// .env with real values; appsettings.json with a client secret.
	{
		p1, p2 := "Eb9#kQz2Lm!Vw4Rt", c.token(32, alnum)
		c.plant(p1, p2)
		c.write("Utvikling/elevportal/.env", []byte("APP_ENV=production\nDB_HOST=db01.skole.local\nDB_USER=elevportal\nDB_PASSWORD="+p1+"\nSESSION_SECRET="+p2+"\n"))
		c.expect("Utvikling/elevportal/.env", ruleConfig, 2)
		cs := c.token(34, alnum+"~._-")
		c.plant(cs)
		c.write("Utvikling/elevportal/appsettings.json", []byte(`{
  "AzureAd": {
    "Instance": "https://login.microsoftonline.com/",
    "TenantId": "0f2c5e8a-4b1d-4c7e-9a3f-2d6b8e1c7a90",
    "ClientId": "7a1e3c5b-9d2f-4e6a-8b0c-1f3d5e7a9b2c",
    "ClientSecret": "`+cs+`"
  }
}
`))
		c.expect("Utvikling/elevportal/appsettings.json", ruleConfig, 1)
	}
	// RDP file with a saved (DPAPI) password; WinSCP session.
	{
		blob := strings.ToUpper(hex.EncodeToString([]byte(c.token(200, alnum))))
		c.plant(blob)
		c.write("Drift/RDP/terminalserver.rdp", utf16LEBOM(crlf("screen mode id:i:2\nfull address:s:ts01.skole.local\nusername:s:SKOLE\\drift\npassword 51:b:01000000D08C9DDF0115D1118C7A00C04FC297EB"+blob+"\n")))
		c.expect("Drift/RDP/terminalserver.rdp", ruleRDP, 1)
		wpw := "A35C4356079A1F6E6C6D6E6F7A7B7C7D0E0F1011121314156D6E6F7A7B7C"
		c.plant(wpw)
		c.write("Drift/WinSCP.ini", []byte("[Sessions\\drift@sftp01.skole.local]\nHostName=sftp01.skole.local\nUserName=drift\nPassword="+wpw+"\n"))
		c.expect("Drift/WinSCP.ini", ruleWinSCP, 1)
	}
	// Binary stores: a KeePass database and a PKCS#12 file from fixtures.
	{
		kdbx := append([]byte{0x03, 0xD9, 0xA2, 0x9A, 0x67, 0xFB, 0x4B, 0xB5, 0x01, 0x00, 0x04, 0x00}, []byte(c.token(2000, alnum))...)
		c.write("IT/Passord/Drift.kdbx", kdbx)
		c.expect("IT/Passord/Drift.kdbx", ruleKeePass, 1)
		pfx, err := os.ReadFile(filepath.Join(repoRoot(c.t), "detectors", "secrets", "testdata", "intranett.pfx"))
		if err != nil {
			c.t.Fatal(err)
		}
		c.write("Web/sertifikat/intranett_2023.pfx", pfx)
		c.expect("Web/sertifikat/intranett_2023.pfx", rulePKCS12, 1)
	}
	// Secrets inside an archive: a backed-up .env in a tar.gz.
	{
		pw := "Prod#Backup!2020x"
		c.plant(pw)
		c.write("Backup/elevportal_2020.tar.gz", tarGz("elevportal/.env", "DB_PASSWORD="+pw+"\n", "elevportal/README.md", "Elevportalen\n"))
		c.expect("Backup/elevportal_2020.tar.gz!/elevportal/.env", ruleConfig, 1)
	}
}
