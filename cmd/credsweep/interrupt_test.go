package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestInterruptedScan sends SIGINT to a running scan: it writes what it
// has, says INTERRUPTED on the first line, and exits 130.
func TestInterruptedScan(t *testing.T) {
	share := t.TempDir()
	for i := range 4000 {
		d := filepath.Join(share, fmt.Sprintf("d%02d", i/200))
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, fmt.Sprintf("f%04d.txt", i)), []byte(strings.Repeat("Referat fra møtet.\n", 200)), 0o644)
	}
	sarif := filepath.Join(t.TempDir(), "r.sarif")
	cmd := exec.Command(binPath, "scan", "--progress", "never", "--workers", "1", "--sarif", sarif, share)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Wait until it reads a file of the share, then interrupt it.
	started := false
	for !started {
		select {
		case err := <-done:
			t.Fatalf("the scan ended before it was interrupted: %v", err)
		default:
		}
		fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", cmd.Process.Pid))
		for _, fd := range fds {
			if target, _ := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", cmd.Process.Pid, fd.Name())); strings.HasPrefix(target, share+"/d") {
				started = true
			}
		}
		runtime.Gosched()
	}
	cmd.Process.Signal(syscall.SIGINT)
	err := <-done
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != exitInterrupted {
		t.Fatalf("exit %v, want %d\n%s", err, exitInterrupted, se.String())
	}
	if first, _, _ := strings.Cut(so.String(), "\n"); !strings.HasPrefix(first, "INTERRUPTED: partial results") {
		t.Errorf("first line %q", first)
	}
	validateSARIF(t, sarif)
	if doc := readSARIF(t, sarif); doc.Runs[0].Invocations[0].ExecutionSuccessful {
		t.Error("an interrupted scan's SARIF says it was successful")
	}
}
