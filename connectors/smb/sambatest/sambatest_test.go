package sambatest_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// TestStartServesFiles proves the server is usable by Samba's own client:
// the user logs on, lists the share and reads a file.
func TestStartServesFiles(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{})
	dir := srv.ShareDir("data")
	if err := os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.AddShare("data", dir, sambatest.ShareOptions{Comment: "test data"})
	if _, err := exec.LookPath("smbclient"); err != nil {
		t.Skip("smbclient not installed")
	}
	out, err := exec.Command("smbclient", "-p", itoa(srv.Port), "-U", srv.User+"%"+srv.Password,
		"//127.0.0.1/data", "-c", "ls").CombinedOutput()
	if err != nil {
		t.Fatalf("smbclient: %v\n%s\n%s", err, out, srv.Log())
	}
	if !strings.Contains(string(out), "hello.txt") {
		t.Fatalf("hello.txt not listed:\n%s", out)
	}
}

// TestKillRestart: Kill drops the listener, Restart brings it back on the
// same port, and Stop leaves no smbd behind.
func TestKillRestart(t *testing.T) {
	srv := sambatest.Start(t, sambatest.Options{Signing: "mandatory", Encrypt: "required"})
	srv.Kill()
	if c, err := net.DialTimeout("tcp", srv.Addr(), time.Second); err == nil {
		c.Close()
		t.Fatal("still listening after Kill")
	}
	srv.Restart()
	c, err := net.DialTimeout("tcp", srv.Addr(), time.Second)
	if err != nil {
		t.Fatalf("not listening after Restart: %v", err)
	}
	c.Close()
	srv.Stop()
	if c, err := net.DialTimeout("tcp", srv.Addr(), time.Second); err == nil {
		c.Close()
		t.Fatal("still listening after Stop")
	}
	conf, err := os.ReadFile(srv.Conf)
	if err != nil || !strings.Contains(string(conf), "server signing = mandatory") || !strings.Contains(string(conf), "server smb encrypt = required") {
		t.Fatalf("config lacks the options: %v\n%s", err, conf)
	}
}
