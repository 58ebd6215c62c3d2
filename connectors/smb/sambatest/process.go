package sambatest

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Pause stops (SIGSTOP) every smbd process of this server: connections stay
// open but nothing answers, like a stalled server. Resume undoes it.
func (s *Server) Pause() { s.signal(syscall.SIGSTOP, false) }

// Resume continues (SIGCONT) the processes stopped by Pause.
func (s *Server) Resume() { s.signal(syscall.SIGCONT, false) }

// Kill ends every process of this server at once (SIGKILL): open
// connections drop, like a server that died. Restart starts it again.
func (s *Server) Kill() {
	s.signal(syscall.SIGKILL, true)
	s.wait(5 * time.Second)
	s.waitClosed()
}

// Restart starts smbd again on the same port and config, after Kill or
// Stop.
func (s *Server) Restart() {
	s.t.Helper()
	if err := s.launch(); err != nil {
		s.t.Fatalf("sambatest: restart: %v\n%s", err, s.Log())
	}
}

// Stop ends the server gracefully (SIGTERM, then SIGKILL after 5 s),
// including samba-dcerpcd, which outlives smbd. Cleanup calls it.
func (s *Server) Stop() {
	s.signal(syscall.SIGCONT, true) // a paused smbd cannot act on SIGTERM
	s.signal(syscall.SIGTERM, true)
	if !s.wait(5 * time.Second) {
		s.Kill()
	}
	// Whatever is left of the group (children, helpers) goes too.
	s.signal(syscall.SIGKILL, true)
	s.waitClosed()
}

// waitClosed waits until the port is closed: a killed child may hold the
// listening socket for a moment, and a caller must see the server gone.
func (s *Server) waitClosed() {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		c, err := net.DialTimeout("tcp", s.Addr(), 200*time.Millisecond)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(50 * time.Millisecond)
	}
}

// signal sends sig to smbd's process group (smbd and its per-connection
// children) and, with helpers, also to samba-dcerpcd and its rpcd_*
// children, found through the pid directory.
func (s *Server) signal(sig syscall.Signal, helpers bool) {
	s.mu.Lock()
	pgid := s.pgid
	s.mu.Unlock()
	pids := map[int]bool{}
	if pgid > 0 {
		_ = syscall.Kill(-pgid, sig)
		for _, p := range Descendants(pgid) {
			pids[p] = true
		}
	}
	if helpers {
		for _, name := range []string{"samba-dcerpcd.pid", "smbd.pid"} {
			data, err := os.ReadFile(filepath.Join(s.Dir, "pid", name))
			if err != nil {
				continue
			}
			if p, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && p > 1 && s.ownsPid(p) {
				pids[p] = true
				for _, c := range Descendants(p) {
					pids[c] = true
				}
			}
		}
	}
	for p := range pids {
		if p != os.Getpid() {
			_ = syscall.Kill(p, sig)
		}
	}
}

// ownsPid guards against a recycled pid: the process must use our config.
func (s *Server) ownsPid(pid int) bool {
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	// samba-dcerpcd is started with our config path or inherits our state
	// dir in its arguments; smbd children carry the -s CONF argument.
	return strings.Contains(string(cmdline), s.Dir) || strings.Contains(string(cmdline), s.Conf)
}

// Descendants lists the pids whose parent chain leads to root (from
// /proc): the daemons a test server forked, to stop by pid.
func Descendants(root int) []int {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	parent := map[int]int{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// The command name may hold spaces and parentheses: fields start
		// after the last ')'.
		i := strings.LastIndexByte(string(data), ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(data[i+1:]))
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		parent[pid] = ppid
	}
	var out []int
	for pid := range parent {
		for p, hops := parent[pid], 0; p > 1 && hops < 64; p, hops = parent[p], hops+1 {
			if p == root {
				out = append(out, pid)
				break
			}
		}
	}
	return out
}

// wait waits up to d for the main smbd to exit; false on timeout.
func (s *Server) wait(d time.Duration) bool {
	s.mu.Lock()
	exited := s.exited
	s.mu.Unlock()
	if exited == nil {
		return true
	}
	select {
	case <-exited:
		return true
	case <-time.After(d):
		return false
	}
}

func (s *Server) cleanup() {
	if s.cmd != nil {
		s.Stop()
	}
	if s.User != "" {
		_ = exec.Command("userdel", s.User).Run()
	}
	if s.Dir == "" {
		return
	}
	if os.Getenv("SAMBATEST_KEEP") != "" {
		s.t.Logf("sambatest: keeping %s (SAMBATEST_KEEP is set)", s.Dir)
		return
	}
	_ = os.RemoveAll(s.Dir)
}
