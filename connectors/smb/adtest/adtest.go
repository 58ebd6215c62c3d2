// Package adtest runs a real Samba Active Directory domain controller for
// tests: KDC, LDAP and an SMB file server, on a loopback address of its own
// (127.x.y.z), with every piece of state in one temporary directory that is
// removed at cleanup.
//
// The domain is always the same fixture (see the constants and Fixture):
// realm SKOLE.TEST, NetBIOS domain SKOLE, DC "dc1", the users and groups of
// Fixture. Provisioning it (samba-tool domain provision, then the fixture's
// users and groups) is done once and cached in a directory keyed by a hash
// of the inputs: $CREDSWEEP_ADTEST_CACHE when set (CI can keep it between
// runs), else os.TempDir()/credsweep-adtest. Each Start copies the cached
// provision, so tests never share a live DC.
//
// Why an address of its own and not 127.0.0.1: Samba 4.17 has no setting
// for its LDAP ports (389, 636, 3268, 3269) nor for the RPC endpoint mapper
// (135), so two DCs (two test packages run in parallel) cannot share one
// address. SMB, the KDC and kpasswd use free ports on that address (the KDC
// port is written into the krb5.conf of the DC, KRB5Conf).
//
// NTLM is disabled on the server ("ntlm auth = disabled", lanman off) unless
// Options.NTLM is set: a logon that works then proves Kerberos was used.
//
// Requirements: root, and the Debian packages
//
//	apt-get install -y --no-install-recommends samba samba-ad-dc samba-ad-provision krb5-user winbind
//
// (krb5-user only for kinit, used by ticket-cache tests). When they are
// missing Start skips the test, unless CREDSWEEP_REQUIRE_SAMBA=1: then it
// fails it.
package adtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors/smb/sambatest"
)

// EnvRequire turns a missing Samba into a failure instead of a skip.
const EnvRequire = "CREDSWEEP_REQUIRE_SAMBA"

// EnvCache names the directory that keeps the provisioned domain between
// test processes (default os.TempDir()/credsweep-adtest).
const EnvCache = "CREDSWEEP_ADTEST_CACHE"

// The fixture domain.
const (
	Realm         = "SKOLE.TEST"
	Domain        = "SKOLE"
	DNSDomain     = "skole.test"
	Hostname      = "dc1"
	AdminUser     = "Administrator"
	AdminPassword = "Adm1n-Pass.42"
	// UserPassword is the password of every fixture user.
	UserPassword = "Elev-Pass.1234"
)

// Fixture is the directory content of every DC: users, and groups with
// their direct members. Alle-elever has 35 members, all through the nested
// groups Elever-8A (20) and Elever-8B (15); Laerere has ola and kari.
type Fixture struct {
	Users   []string
	Groups  []string
	Members [][2]any // group, []string members
}

// The fixture's groups and their transitive user counts.
var (
	GroupCounts = map[string]int{"Alle-elever": 35, "Elever-8A": 20, "Elever-8B": 15, "Laerere": 2}
)

func fixtureRequest(conf string) map[string]any {
	var users [][2]string
	var a, b []string
	for i := 1; i <= 35; i++ {
		n := fmt.Sprintf("elev%03d", i)
		users = append(users, [2]string{n, UserPassword})
		if i <= 20 {
			a = append(a, n)
		} else {
			b = append(b, n)
		}
	}
	users = append(users, [2]string{"ola", UserPassword}, [2]string{"kari", UserPassword})
	return map[string]any{
		"conf":   conf,
		"users":  users,
		"groups": []string{"Elever-8A", "Elever-8B", "Alle-elever", "Laerere"},
		"members": []any{
			[]any{"Elever-8A", a},
			[]any{"Elever-8B", b},
			[]any{"Alle-elever", []string{"Elever-8A", "Elever-8B"}},
			[]any{"Laerere", []string{"ola", "kari"}},
		},
		"policy": true,
	}
}

//go:embed fixture.py
var fixturePy []byte

// Options configure one DC.
type Options struct {
	// NTLM leaves NTLM logons enabled (ntlmv2-only); by default the DC
	// accepts Kerberos only.
	NTLM bool
	// Global holds extra raw lines for [global].
	Global []string
	// StartTimeout bounds the wait for the services; default 60 s.
	StartTimeout time.Duration
}

// DC is a running domain controller. Its fields are read-only.
type DC struct {
	// IP is the loopback address the DC listens on.
	IP string
	// SMBPort, KDCPort: where smbd and the KDC listen on IP (LDAP is on
	// 389, LDAPS on 636).
	SMBPort, KDCPort int
	// Dir holds all state; Conf is its smb.conf, KRB5Conf a krb5.conf
	// naming the KDC, CAFile the CA of the LDAPS certificate.
	Dir, Conf, KRB5Conf, CAFile string
	// DomainSID is the domain's SID.
	DomainSID string

	t        testing.TB
	opts     Options
	kpwPort  int
	mu       sync.Mutex
	shares   []string
	sids     map[string]string
	cmd      *exec.Cmd
	exited   chan struct{}
	Timings  Timings
	provPath string
}

// Timings says how long the set-up took.
type Timings struct {
	Provision time.Duration // zero when the cache was used
	Copy      time.Duration
	Start     time.Duration
}

var samdbSIDs = []string{"ola", "kari", "Administrator", "Elever-8A", "Elever-8B", "Alle-elever", "Laerere", "elev001", "Domain Users"}

// Available reports whether a DC can be started here, with the reason
// when it cannot.
func Available() (bool, string) {
	for _, bin := range []string{"samba", "samba-tool", "smbd", "winbindd", "/usr/bin/python3", "unshare", "mount", "nsenter", "wbinfo"} {
		if _, err := exec.LookPath(bin); err != nil {
			return false, bin + " is not installed (apt-get install -y --no-install-recommends samba samba-ad-dc samba-ad-provision winbind krb5-user)"
		}
	}
	if _, err := os.Stat("/usr/share/samba/setup/ad-schema"); err != nil {
		return false, "samba-ad-provision is not installed (apt-get install -y --no-install-recommends samba-ad-provision)"
	}
	if os.Geteuid() != 0 {
		return false, "a Samba AD DC needs root"
	}
	return true, ""
}

// namespaces reports whether this machine lets root make a mount
// namespace (each DC's winbindd needs one; a container without
// CAP_SYS_ADMIN refuses it).
var namespaces = sync.OnceValue(func() error {
	out, err := exec.Command("unshare", "--mount", "--propagation", "private", "true").CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, bytes.TrimSpace(out))
	}
	return nil
})

// Start provisions (or copies the cached provision of) the fixture domain,
// starts the DC and registers its cleanup with t.
func Start(t testing.TB, o Options) *DC {
	t.Helper()
	if ok, why := Available(); !ok {
		if os.Getenv(EnvRequire) == "1" {
			t.Fatalf("adtest: %s (and %s=1)", why, EnvRequire)
		}
		t.Skipf("adtest: %s", why)
	}
	if err := namespaces(); err != nil {
		// Not a missing package that CI could install: the kernel or
		// the container forbids it, so the test cannot run here.
		t.Skipf("adtest: SKIPPED although the packages are installed: the system refuses a mount namespace (unshare --mount: %v); run as root with CAP_SYS_ADMIN", err)
	}
	if o.StartTimeout == 0 {
		o.StartTimeout = 60 * time.Second
	}
	d := &DC{t: t, opts: o}
	t0 := time.Now()
	cached, provisioned, err := provision()
	if err != nil {
		t.Fatalf("adtest: provision: %v", err)
	}
	if provisioned {
		d.Timings.Provision = time.Since(t0)
	}
	d.provPath = cached
	dir, err := os.MkdirTemp("", "adtest-")
	if err != nil {
		t.Fatalf("adtest: %v", err)
	}
	d.Dir = dir
	t.Cleanup(d.cleanup)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatalf("adtest: %v", err)
	}
	t1 := time.Now()
	if out, err := exec.Command("cp", "-a", cached+"/.", dir).CombinedOutput(); err != nil {
		t.Fatalf("adtest: copy the provision: %v: %s", err, out)
	}
	d.Timings.Copy = time.Since(t1)
	// The share folders live under Dir: users must traverse it (cp -a
	// copied the 0700 mode of the cache folder).
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatalf("adtest: %v", err)
	}
	for _, sub := range []string{"pid", "log", "ncalrpc", "wb", "shares", "tls", "cache", "lock"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatalf("adtest: %v", err)
		}
	}
	d.Conf = filepath.Join(dir, "etc", "smb.conf")
	d.KRB5Conf = filepath.Join(dir, "krb5.conf")
	d.CAFile = filepath.Join(dir, "tls", "ca.pem")
	t2 := time.Now()
	if d.IP, err = freeLoopback(); err != nil {
		t.Fatalf("adtest: %v", err)
	}
	for _, p := range []*int{&d.SMBPort, &d.KDCPort, &d.kpwPort} {
		if *p, err = freePort(d.IP); err != nil {
			t.Fatalf("adtest: %v", err)
		}
	}
	if err := writeCerts(filepath.Join(dir, "tls"), d.IP); err != nil {
		t.Fatalf("adtest: %v", err)
	}
	if err := d.writeConf(); err != nil {
		t.Fatalf("adtest: %v", err)
	}
	if err := d.writeKRB5Conf(); err != nil {
		t.Fatalf("adtest: %v", err)
	}
	// Service principals for the address, so that smb://<ip> and
	// ldaps://<ip> work with Kerberos as they would with a DNS name.
	res, err := d.run(map[string]any{
		"spns": [][2]string{{"DC1$", "cifs/" + d.IP}, {"DC1$", "ldap/" + d.IP}},
		"sids": samdbSIDs,
	})
	if err != nil {
		t.Fatalf("adtest: %v", err)
	}
	d.sids, d.DomainSID = res.SIDs, res.DomainSID
	if err := d.launch(); err != nil {
		t.Fatalf("adtest: %v\n%s", err, d.Log())
	}
	d.Timings.Start = time.Since(t2)
	t.Logf("adtest: DC on %s (smb %d, kdc %d): provision %s, copy %s, start %s",
		d.IP, d.SMBPort, d.KDCPort, d.Timings.Provision.Round(time.Millisecond),
		d.Timings.Copy.Round(time.Millisecond), d.Timings.Start.Round(time.Millisecond))
	return d
}

var provMu sync.Mutex

// provision returns the cached provisioned directory, making it first when
// needed (provisioned true).
func provision() (dir string, provisioned bool, err error) {
	provMu.Lock()
	defer provMu.Unlock()
	ver, err := exec.Command("samba", "--version").Output()
	if err != nil {
		return "", false, fmt.Errorf("samba --version: %v", err)
	}
	req, _ := json.Marshal(fixtureRequest(""))
	h := sha256.New()
	for _, part := range [][]byte{ver, req, fixturePy, []byte(provisionArgs("X"))} {
		h.Write(part)
		h.Write([]byte{0})
	}
	key := hex.EncodeToString(h.Sum(nil))[:16]
	root := os.Getenv(EnvCache)
	if root == "" {
		root = filepath.Join(os.TempDir(), "credsweep-adtest")
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", false, err
	}
	dir = filepath.Join(root, "prov-"+key)
	// Test packages run in parallel processes: one provisions, the others
	// wait for it instead of provisioning too.
	lock, err := os.OpenFile(filepath.Join(root, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", false, err
	}
	defer lock.Close() // releases the lock
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", false, err
	}
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return dir, false, nil
	}
	tmp, err := os.MkdirTemp(root, "tmp-")
	if err != nil {
		return "", false, err
	}
	defer os.RemoveAll(tmp)
	args := append(strings.Fields(provisionArgs(tmp)), "--adminpass="+AdminPassword)
	if out, err := exec.Command("samba-tool", args...).CombinedOutput(); err != nil {
		return "", false, fmt.Errorf("samba-tool domain provision: %v: %s", err, tail(out))
	}
	fr := fixtureRequest(filepath.Join(tmp, "etc", "smb.conf"))
	if _, err := runFixture(fr); err != nil {
		return "", false, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "done"), nil, 0o644); err != nil {
		return "", false, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another process won the race: use its copy.
		if _, serr := os.Stat(filepath.Join(dir, "done")); serr == nil {
			return dir, false, nil
		}
		return "", false, err
	}
	return dir, true, nil
}

func provisionArgs(target string) string {
	return "domain provision --use-rfc2307 --realm=" + Realm + " --domain=" + Domain +
		" --server-role=dc --dns-backend=NONE --host-ip=127.0.0.1 --host-name=" + Hostname +
		" --targetdir=" + target + ""
}

type fixtureResult struct {
	SIDs      map[string]string `json:"sids"`
	DomainSID string            `json:"domain_sid"`
}

func runFixture(req map[string]any) (fixtureResult, error) {
	var res fixtureResult
	in, _ := json.Marshal(req)
	cmd := exec.Command("/usr/bin/python3", "-c", string(fixturePy))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return res, fmt.Errorf("fixture script: %v: %s", err, tail(stderr.Bytes()))
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return res, fmt.Errorf("fixture script output: %v: %s", err, tail(out))
	}
	return res, nil
}

// run applies a fixture request to this DC's directory.
func (d *DC) run(req map[string]any) (fixtureResult, error) {
	req["conf"] = d.Conf
	return runFixture(req)
}

// SID is the SID of a fixture account or group ("ola", "Alle-elever",
// "Domain Users", ...).
func (d *DC) SID(name string) string {
	s, ok := d.sids[name]
	if !ok {
		d.t.Fatalf("adtest: no SID for %q", name)
	}
	return s
}

// AddUsers creates users (all with UserPassword) and returns their SIDs.
func (d *DC) AddUsers(names ...string) map[string]string {
	d.t.Helper()
	var users [][2]string
	for _, n := range names {
		users = append(users, [2]string{n, UserPassword})
	}
	res, err := d.run(map[string]any{"users": users, "sids": names})
	if err != nil {
		d.t.Fatalf("adtest: %v", err)
	}
	return res.SIDs
}

// SetACLs sets the NT ACL (SDDL) of files under a share folder, path ->
// SDDL. Paths must be on disk already.
func (d *DC) SetACLs(acls map[string]string) {
	d.t.Helper()
	var list [][2]string
	for p, s := range acls {
		list = append(list, [2]string{p, s})
	}
	if _, err := d.run(map[string]any{"acls": list}); err != nil {
		d.t.Fatalf("adtest: %v", err)
	}
}

// Keytab exports the keys of user (AES only) into path.
func (d *DC) Keytab(user, path string) {
	d.t.Helper()
	out, err := exec.Command("samba-tool", "domain", "exportkeytab", path, "--principal="+user+"@"+Realm, "-s", d.Conf).CombinedOutput()
	if err != nil {
		d.t.Fatalf("adtest: exportkeytab: %v: %s", err, tail(out))
	}
}

// Kinit gets a TGT for user into the ticket cache file ccache with MIT
// kinit; it skips the test when kinit is not installed.
func (d *DC) Kinit(user, password, ccache string) {
	d.t.Helper()
	if _, err := exec.LookPath("kinit"); err != nil {
		if os.Getenv(EnvRequire) == "1" {
			d.t.Fatalf("adtest: kinit is not installed (apt-get install -y krb5-user)")
		}
		d.t.Skip("adtest: kinit is not installed (apt-get install -y krb5-user)")
	}
	cmd := exec.Command("kinit", user+"@"+Realm)
	cmd.Env = append(os.Environ(), "KRB5_CONFIG="+d.KRB5Conf, "KRB5CCNAME=FILE:"+ccache)
	cmd.Stdin = strings.NewReader(password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		d.t.Fatalf("adtest: kinit: %v: %s", err, tail(out))
	}
}

// URL is an smb:// target for user on share: smb://SKOLE;user@ip:port/share.
func (d *DC) URL(user, share string) string {
	u := "smb://" + Domain + ";" + user + "@" + net.JoinHostPort(d.IP, strconv.Itoa(d.SMBPort))
	if share != "" {
		u += "/" + share
	}
	return u
}

// LDAPURL is ldaps://ip:636.
func (d *DC) LDAPURL() string { return "ldaps://" + net.JoinHostPort(d.IP, "636") }

// ShareDir creates Dir/shares/<name> (mode 0755) and returns it.
func (d *DC) ShareDir(name string) string {
	p := filepath.Join(d.Dir, "shares", name)
	if err := os.MkdirAll(p, 0o755); err != nil {
		d.t.Fatalf("adtest: %v", err)
	}
	return p
}

// AddShare exports dir as share name, with extra raw lines, and makes the
// server reload its config.
func (d *DC) AddShare(name, dir string, extra ...string) {
	d.t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\n\tpath = %s\n\tread only = yes\n", name, dir)
	for _, l := range extra {
		fmt.Fprintf(&b, "\t%s\n", l)
	}
	d.mu.Lock()
	d.shares = append(d.shares, b.String())
	d.mu.Unlock()
	if err := d.writeConf(); err != nil {
		d.t.Fatalf("adtest: %v", err)
	}
	d.hup()
}

// SetNTLM turns NTLM logons on or off and restarts the DC.
func (d *DC) SetNTLM(on bool) {
	d.t.Helper()
	d.Stop()
	d.opts.NTLM = on
	if err := d.writeConf(); err != nil {
		d.t.Fatalf("adtest: %v", err)
	}
	if err := d.launch(); err != nil {
		d.t.Fatalf("adtest: restart: %v\n%s", err, d.Log())
	}
}

func (d *DC) writeConf() error {
	p := func(sub string) string { return filepath.Join(d.Dir, sub) }
	lines := []string{
		"netbios name = " + strings.ToUpper(Hostname),
		"realm = " + Realm,
		"workgroup = " + Domain,
		"server role = active directory domain controller",
		"server services = s3fs, rpc, ldap, kdc, winbindd",
		"interfaces = " + d.IP + "/8",
		"bind interfaces only = yes",
		"smb ports = " + strconv.Itoa(d.SMBPort),
		"krb5 port = " + strconv.Itoa(d.KDCPort),
		"kpasswd port = " + strconv.Itoa(d.kpwPort),
		"private dir = " + p("private"),
		"lock directory = " + p("lock"),
		"state directory = " + p("state"),
		"cache directory = " + p("cache"),
		"pid directory = " + p("pid"),
		"ncalrpc dir = " + p("ncalrpc"),
		"binddns dir = " + p("bind-dns"),
		"log file = " + filepath.Join(p("log"), "log.%m"),
		"log level = 1",
		"max log size = 10000",
		"idmap_ldb:use rfc2307 = yes",
		"tls enabled = yes",
		"tls keyfile = " + filepath.Join(p("tls"), "key.pem"),
		"tls certfile = " + filepath.Join(p("tls"), "cert.pem"),
		"tls cafile = " + filepath.Join(p("tls"), "ca.pem"),
		"disable netbios = yes",
		"load printers = no",
		"printing = bsd",
		"printcap name = /dev/null",
		"disable spoolss = yes",
		"dns proxy = no",
		"lanman auth = no",
		"client lanman auth = no",
		"prefork children = 1",
		"host msdfs = yes",
	}
	if d.opts.NTLM {
		lines = append(lines, "ntlm auth = ntlmv2-only")
	} else {
		lines = append(lines, "ntlm auth = disabled", "raw NTLMv2 auth = no")
	}
	lines = append(lines, d.opts.Global...)
	var b strings.Builder
	b.WriteString("[global]\n")
	for _, l := range lines {
		b.WriteString("\t" + l + "\n")
	}
	fmt.Fprintf(&b, "[sysvol]\n\tpath = %s\n\tread only = no\n", filepath.Join(p("state"), "sysvol"))
	fmt.Fprintf(&b, "[netlogon]\n\tpath = %s\n\tread only = no\n", filepath.Join(p("state"), "sysvol", DNSDomain, "scripts"))
	d.mu.Lock()
	for _, s := range d.shares {
		b.WriteString(s)
	}
	d.mu.Unlock()
	tmp := d.Conf + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, d.Conf)
}

func (d *DC) writeKRB5Conf() error {
	conf := fmt.Sprintf(`[libdefaults]
	default_realm = %[1]s
	dns_lookup_realm = false
	dns_lookup_kdc = false
	udp_preference_limit = 1
[realms]
	%[1]s = {
		kdc = %[2]s
	}
[domain_realm]
	.%[3]s = %[1]s
	%[3]s = %[1]s
`, Realm, net.JoinHostPort(d.IP, strconv.Itoa(d.KDCPort)), DNSDomain)
	return os.WriteFile(d.KRB5Conf, []byte(conf), 0o644)
}

// launch starts samba in the foreground in its own process group and waits
// until SMB, the KDC and LDAPS accept connections.
func (d *DC) launch() error {
	logf, err := os.OpenFile(filepath.Join(d.Dir, "log", "samba.stdout"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	// smbd maps users to Unix IDs through winbindd, which it finds with
	// libwbclient at the compiled-in /run/samba/winbindd (it reads no
	// smb.conf). So that every DC has its own winbindd, samba runs in a
	// mount namespace of its own where that folder is Dir/wb.
	script := `mkdir -p /run/samba/winbindd && mount --bind "$0" /run/samba/winbindd && exec samba --foreground --debug-stdout -M single -s "$1"`
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", "sh", "-c", script, filepath.Join(d.Dir, "wb"), d.Conf)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A KRB5_CONFIG of the caller must not point samba elsewhere.
	cmd.Env = append(os.Environ(), "KRB5_CONFIG="+d.KRB5Conf)
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	d.mu.Lock()
	d.cmd, d.exited = cmd, exited
	d.mu.Unlock()
	deadline := time.Now().Add(d.opts.StartTimeout)
	for _, port := range []int{d.SMBPort, d.KDCPort, 636, 389} {
		addr := net.JoinHostPort(d.IP, strconv.Itoa(port))
		for {
			select {
			case <-exited:
				return fmt.Errorf("samba exited at start (%v)", cmd.ProcessState)
			default:
			}
			c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
			if err == nil {
				c.Close()
				break
			}
			if time.Now().After(deadline) {
				d.Stop()
				return fmt.Errorf("nothing listens on %s after %s", addr, d.opts.StartTimeout)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// smbd fails every logon (NT_STATUS_INTERNAL_ERROR) until winbindd
	// maps SIDs to Unix IDs: wait for that, in samba's mount namespace.
	for {
		out, err := exec.Command("nsenter", "-t", strconv.Itoa(cmd.Process.Pid), "-m",
			"wbinfo", "--sid-to-uid="+d.DomainSID+"-500").CombinedOutput()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			d.Stop()
			return fmt.Errorf("winbindd not ready after %s: %v: %s", d.opts.StartTimeout, err, tail(out))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// pids lists samba's processes: the main one, its descendants, and the
// daemons named in the pid directory that run with our config.
func (d *DC) pids() []int {
	set := map[int]bool{}
	d.mu.Lock()
	if d.cmd != nil && d.cmd.Process != nil {
		set[d.cmd.Process.Pid] = true
	}
	d.mu.Unlock()
	files, _ := filepath.Glob(filepath.Join(d.Dir, "pid", "*.pid"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if p, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && p > 1 && d.owns(p) {
			set[p] = true
		}
	}
	for p := range set {
		for _, c := range sambatest.Descendants(p) {
			set[c] = true
		}
	}
	var out []int
	for p := range set {
		if p != os.Getpid() {
			out = append(out, p)
		}
	}
	return out
}

// owns guards against recycled pids: the process must name our directory.
func (d *DC) owns(pid int) bool {
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	return err == nil && strings.Contains(string(cmdline), d.Dir)
}

// hup makes smbd reload its config (only smbd: samba itself does not
// take SIGHUP as a reload).
func (d *DC) hup() {
	data, err := os.ReadFile(filepath.Join(d.Dir, "pid", "smbd.pid"))
	if err != nil {
		return
	}
	if p, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && p > 1 && d.owns(p) {
		_ = syscall.Kill(p, syscall.SIGHUP)
	}
}

// Stop ends every process of the DC (SIGTERM, SIGKILL after 5 s) and waits
// until its ports are closed.
func (d *DC) Stop() {
	d.mu.Lock()
	exited := d.exited
	d.mu.Unlock()
	if exited == nil {
		return
	}
	pids := d.pids()
	for _, p := range pids {
		_ = syscall.Kill(p, syscall.SIGTERM)
	}
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
	}
	for _, p := range append(pids, d.pids()...) {
		if alive(p) && d.owns(p) {
			_ = syscall.Kill(p, syscall.SIGKILL)
		}
	}
	<-exited
	for _, port := range []int{d.SMBPort, d.KDCPort, 389} {
		addr := net.JoinHostPort(d.IP, strconv.Itoa(port))
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
			c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
			if err != nil {
				break
			}
			c.Close()
			time.Sleep(50 * time.Millisecond)
		}
	}
	d.mu.Lock()
	d.cmd, d.exited = nil, nil
	d.mu.Unlock()
}

func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

func (d *DC) cleanup() {
	d.Stop()
	if os.Getenv("ADTEST_KEEP") != "" {
		d.t.Logf("adtest: keeping %s (ADTEST_KEEP is set)", d.Dir)
		return
	}
	_ = os.RemoveAll(d.Dir)
}

// Log returns the tail of the DC's logs, for failure messages.
func (d *DC) Log() string {
	var b bytes.Buffer
	files, _ := filepath.Glob(filepath.Join(d.Dir, "log", "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "== %s ==\n%s\n", filepath.Base(f), tail(data))
	}
	return b.String()
}

func tail(b []byte) []byte {
	if len(b) > 4000 {
		return b[len(b)-4000:]
	}
	return b
}

// freeLoopback picks an unused 127.a.b.c address (LDAP's port 389 free).
func freeLoopback() (string, error) {
	for range 50 {
		ip := fmt.Sprintf("127.%d.%d.%d", 1+mrand.IntN(250), mrand.IntN(256), 1+mrand.IntN(250))
		ok := true
		for _, port := range []string{"389", "636", "135", "3268"} {
			l, err := net.Listen("tcp", net.JoinHostPort(ip, port))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return ip, nil
		}
	}
	return "", fmt.Errorf("no free loopback address")
}

func freePort(ip string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// writeCerts writes a CA and a server certificate for ip and the DC's DNS
// name into dir (ca.pem, cert.pem, key.pem).
func writeCerts(dir, ip string) error {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "adtest CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(48 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: Hostname + "." + DNSDomain},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(48 * time.Hour),
		DNSNames:    []string{Hostname + "." + DNSDomain},
		IPAddresses: []net.IP{net.ParseIP(ip)},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	files := []struct {
		name, typ string
		der       []byte
		mode      os.FileMode
	}{
		{"ca.pem", "CERTIFICATE", caDER, 0o644},
		{"cert.pem", "CERTIFICATE", leafDER, 0o644},
		{"key.pem", "PRIVATE KEY", keyDER, 0o600},
	}
	for _, f := range files {
		b := pem.EncodeToMemory(&pem.Block{Type: f.typ, Bytes: f.der})
		if err := os.WriteFile(filepath.Join(dir, f.name), b, f.mode); err != nil {
			return err
		}
	}
	return nil
}
