// Package sambatest runs a real Samba smbd for tests: on a free 127.0.0.1
// port, with every piece of state (config, passdb, locks, pids, logs, share
// folders) in one temporary directory that is removed at cleanup.
//
// Typical use:
//
//	srv := sambatest.Start(t, sambatest.Options{})
//	dir := srv.ShareDir("data")          // world-readable folder for a share
//	os.WriteFile(filepath.Join(dir, "a.txt"), ...)
//	srv.AddShare("data", dir, sambatest.ShareOptions{})
//	url := srv.URL("data")               // smb://<user>@127.0.0.1:<port>/data
//
// smbd must run as root (it creates a Unix user with `useradd -M` for the
// SMB user and switches to it for file access). When smbd is not installed
// or the test does not run as root, Start skips the test, unless the
// environment variable CREDSWEEP_REQUIRE_SAMBA=1 is set: then it fails it,
// so CI cannot pass by skipping. Install with:
//
//	apt-get install -y --no-install-recommends samba smbclient
//
// The server can be paused (SIGSTOP: a stalled server), resumed and killed
// (a server that dies mid-read) to test timeouts and reconnection.
package sambatest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// EnvRequire is the environment variable that turns a missing Samba into a
// test failure instead of a skip.
const EnvRequire = "CREDSWEEP_REQUIRE_SAMBA"

// Options configure the whole server ([global] section).
type Options struct {
	// Password of the SMB user; a random one when empty.
	Password string
	// Signing is "server signing": "" (Samba's default), "mandatory",
	// "disabled", ...
	Signing string
	// Encrypt is "server smb encrypt" for every share: "" (default),
	// "required", "desired", "off".
	Encrypt string
	// MaxProtocol is "server max protocol", e.g. "SMB2_10"; "" = default.
	MaxProtocol string
	// Guest maps unknown users to the guest account ("map to guest = Bad
	// User"), so shares with ShareOptions.Guest can be read anonymously.
	Guest bool
	// Global holds extra raw "key = value" lines for [global].
	Global []string
	// ExtraAddrs are more loopback addresses ("127.0.0.2") smbd listens on,
	// on the same port: one server that a client takes for several.
	ExtraAddrs []string
	// StartTimeout bounds the wait for smbd to listen; default 15 s.
	StartTimeout time.Duration
}

// ShareOptions configure one share.
type ShareOptions struct {
	// Comment is the share's description.
	Comment string
	// Encrypt sets "server smb encrypt = required" on this share only.
	Encrypt bool
	// Guest sets "guest ok = yes" (needs Options.Guest for unknown users).
	Guest bool
	// Writable sets "read only = no"; shares are read-only by default.
	Writable bool
	// Extra holds extra raw "key = value" lines for the share section.
	Extra []string
}

// Server is a running smbd. Its fields are read-only.
type Server struct {
	// Host is always "127.0.0.1".
	Host string
	// Port is the TCP port smbd listens on.
	Port int
	// User and Password log on to every share. User is a Unix user made
	// for this server (removed at cleanup); files it should read must be
	// readable by UID/GID (its primary group is "users").
	User, Password string
	// UID and GID of User, for chown in fixtures.
	UID, GID int
	// Dir holds all the server's state; shares made with ShareDir live in
	// Dir/shares. It is removed at cleanup.
	Dir string
	// Conf is the path of the smb.conf in use.
	Conf string

	t      testing.TB
	opts   Options
	mu     sync.Mutex
	shares []string // rendered share sections, in order
	cmd    *exec.Cmd
	exited chan struct{}
	pgid   int
}

// Available reports whether smbd can be started here (installed, and the
// process is root), with the reason when it cannot.
func Available() (bool, string) {
	for _, bin := range []string{"smbd", "smbpasswd", "useradd", "userdel"} {
		if _, err := exec.LookPath(bin); err != nil {
			return false, bin + " is not installed (apt-get install -y --no-install-recommends samba smbclient)"
		}
	}
	if os.Geteuid() != 0 {
		return false, "smbd tests need root (useradd, smbd)"
	}
	return true, ""
}

// Start starts smbd with opts and registers its cleanup with t. The server
// has no share until AddShare is called. Start skips t when Samba is not
// available (see the package doc).
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	if ok, why := Available(); !ok {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("sambatest: %s (and %s=1)", why, EnvRequire)
		}
		t.Skipf("sambatest: %s", why)
	}
	if opts.StartTimeout == 0 {
		opts.StartTimeout = 15 * time.Second
	}
	s := &Server{t: t, opts: opts, Host: "127.0.0.1", Password: opts.Password}
	if s.Password == "" {
		s.Password = "pw-" + randHex(8)
	}
	dir, err := os.MkdirTemp("", "sambatest-")
	if err != nil {
		t.Fatalf("sambatest: %v", err)
	}
	s.Dir = dir
	s.Conf = filepath.Join(dir, "smb.conf")
	// Share folders live under Dir, and the mapped Unix user must be able
	// to traverse it (MkdirTemp makes 0700).
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatalf("sambatest: %v", err)
	}
	for _, sub := range []string{"private", "lock", "state", "cache", "pid", "ncalrpc", "log", "shares"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatalf("sambatest: %v", err)
		}
	}
	t.Cleanup(s.cleanup)

	// A unique Unix user per server: tests of several packages may run at
	// the same time on this machine.
	s.User = "cst" + randHex(5)
	if out, err := exec.Command("useradd", "-M", "-N", "-s", "/usr/sbin/nologin", s.User).CombinedOutput(); err != nil {
		s.User = ""
		t.Fatalf("sambatest: useradd: %v: %s", err, out)
	}
	u, err := user.Lookup(s.User)
	if err != nil {
		t.Fatalf("sambatest: %v", err)
	}
	s.UID, _ = strconv.Atoi(u.Uid)
	s.GID, _ = strconv.Atoi(u.Gid)

	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		port, err := freePort()
		if err != nil {
			t.Fatalf("sambatest: %v", err)
		}
		s.Port = port
		if err := s.writeConf(); err != nil {
			t.Fatalf("sambatest: %v", err)
		}
		if attempt == 0 {
			s.addPassword()
		}
		if lastErr = s.launch(); lastErr == nil {
			return s
		}
	}
	t.Fatalf("sambatest: smbd did not start: %v\n%s", lastErr, s.Log())
	return nil
}

// addPassword registers the Unix user in the server's tdbsam passdb.
func (s *Server) addPassword() {
	cmd := exec.Command("smbpasswd", "-c", s.Conf, "-s", "-a", s.User)
	cmd.Stdin = strings.NewReader(s.Password + "\n" + s.Password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("sambatest: smbpasswd: %v: %s", err, out)
	}
}

// launch starts smbd in the foreground (in its own process group, never
// with --no-process-group: its SIGTERM would hit our group) and waits until
// it accepts connections.
func (s *Server) launch() error {
	logf, err := os.OpenFile(filepath.Join(s.Dir, "log", "smbd.stdout"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	cmd := exec.Command("smbd", "--foreground", "--debug-stdout", "-s", s.Conf)
	cmd.Stdout, cmd.Stderr = logf, logf
	// No Setpgid: smbd calls setsid() itself (which fails in a group
	// leader), so it ends up in its own session and process group.
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	s.mu.Lock()
	s.cmd, s.exited, s.pgid = cmd, exited, cmd.Process.Pid
	s.mu.Unlock()

	deadline := time.Now().Add(s.opts.StartTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("smbd exited at start (%v)", cmd.ProcessState)
		default:
		}
		c, err := net.DialTimeout("tcp", s.Addr(), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.Kill()
	return fmt.Errorf("smbd not listening on %s after %s", s.Addr(), s.opts.StartTimeout)
}

// Addr is "127.0.0.1:<port>".
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// URL is the credsweep target for share (may be empty: the whole server),
// without password: smb://<user>@127.0.0.1:<port>/<share>.
func (s *Server) URL(share string) string {
	u := "smb://" + s.User + "@" + s.Addr()
	if share != "" {
		u += "/" + share
	}
	return u
}

// ShareDir creates Dir/shares/<name> with mode 0755, so the mapped user can
// read it, and returns its path.
func (s *Server) ShareDir(name string) string {
	p := filepath.Join(s.Dir, "shares", name)
	if err := os.MkdirAll(p, 0o755); err != nil {
		s.t.Fatalf("sambatest: %v", err)
	}
	if err := os.Chmod(p, 0o755); err != nil {
		s.t.Fatalf("sambatest: %v", err)
	}
	return p
}

// AddShare exports dir as share name and makes smbd reload its config.
// dir and all its parents must be readable by the mapped user (use
// ShareDir). The share is visible to connections made after AddShare
// returns.
func (s *Server) AddShare(name, dir string, o ShareOptions) {
	s.t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\n\tpath = %s\n\tbrowseable = yes\n", name, dir)
	if o.Comment != "" {
		fmt.Fprintf(&b, "\tcomment = %s\n", o.Comment)
	}
	if o.Writable {
		b.WriteString("\tread only = no\n")
	} else {
		b.WriteString("\tread only = yes\n")
	}
	if o.Encrypt {
		b.WriteString("\tserver smb encrypt = required\n")
	}
	if o.Guest {
		b.WriteString("\tguest ok = yes\n")
	}
	for _, l := range o.Extra {
		fmt.Fprintf(&b, "\t%s\n", l)
	}
	s.mu.Lock()
	s.shares = append(s.shares, b.String())
	s.mu.Unlock()
	if err := s.writeConf(); err != nil {
		s.t.Fatalf("sambatest: %v", err)
	}
	// Every new connection gets a fresh smbd child that loads the config
	// file itself, so rewriting it is enough; SIGHUP tells the parent too.
	s.signal(syscall.SIGHUP, false)
}

// interfaces is the "interfaces" setting: an address of lo's 127.0.0.0/8
// other than 127.0.0.1 is accepted with its netmask only.
func (s *Server) interfaces() string {
	v := "127.0.0.1"
	for _, a := range s.opts.ExtraAddrs {
		v += " " + a + "/8"
	}
	return v
}

// writeConf renders smb.conf; the state paths never change across writes.
func (s *Server) writeConf() error {
	d := func(sub string) string { return filepath.Join(s.Dir, sub) }
	var b strings.Builder
	b.WriteString("[global]\n")
	lines := []string{
		"server role = standalone server",
		"workgroup = CREDSWEEP",
		"netbios name = SAMBATEST",
		"interfaces = " + s.interfaces(),
		"bind interfaces only = yes",
		"smb ports = " + strconv.Itoa(s.Port),
		"disable netbios = yes",
		"load printers = no",
		"printing = bsd",
		"printcap name = /dev/null",
		"disable spoolss = yes",
		"passdb backend = tdbsam:" + filepath.Join(d("private"), "passdb.tdb"),
		"private dir = " + d("private"),
		"lock directory = " + d("lock"),
		"state directory = " + d("state"),
		"cache directory = " + d("cache"),
		"pid directory = " + d("pid"),
		"ncalrpc dir = " + d("ncalrpc"),
		"log file = " + filepath.Join(d("log"), "log.%m"),
		"log level = 1",
		"max log size = 10000",
		"usershare path =",
		"dns proxy = no",
	}
	if s.opts.Signing != "" {
		lines = append(lines, "server signing = "+s.opts.Signing)
	}
	if s.opts.Encrypt != "" {
		lines = append(lines, "server smb encrypt = "+s.opts.Encrypt)
	}
	if s.opts.MaxProtocol != "" {
		lines = append(lines, "server max protocol = "+s.opts.MaxProtocol)
	}
	if s.opts.Guest {
		lines = append(lines, "map to guest = Bad User", "guest account = nobody")
	}
	lines = append(lines, s.opts.Global...)
	for _, l := range lines {
		b.WriteString("\t" + l + "\n")
	}
	s.mu.Lock()
	for _, sh := range s.shares {
		b.WriteString(sh)
	}
	s.mu.Unlock()
	tmp := s.Conf + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, s.Conf)
}

// Log returns the tail of smbd's logs, for failure messages.
func (s *Server) Log() string {
	var b bytes.Buffer
	files, _ := filepath.Glob(filepath.Join(s.Dir, "log", "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if len(data) > 4000 {
			data = data[len(data)-4000:]
		}
		fmt.Fprintf(&b, "== %s ==\n%s\n", filepath.Base(f), data)
	}
	return b.String()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:n]
}
