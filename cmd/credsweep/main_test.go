package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// binPath is the credsweep binary the end-to-end tests run, built once.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "credsweep-bin-")
	if err != nil {
		panic(err)
	}
	binPath = filepath.Join(dir, "credsweep")
	args := []string{"build", "-o", binPath}
	if raceEnabled {
		// go test -race: the end-to-end binary runs under the race
		// detector too.
		args = append(args, "-race")
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	// The binary may be run as an unprivileged user (permission tests).
	os.Chmod(dir, 0o755)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runResult is one run of the binary.
type runResult struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env []string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(os.Environ(), env...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return runResult{code: code, stdout: so.String(), stderr: se.String()}
}

// repoRoot is the module root (tests run in cmd/credsweep).
func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// validateSARIF runs GitHub's upload checks (shared/sarif/validate-sarif,
// vendored in testdata/sarif) in strict mode.
func validateSARIF(t *testing.T, path string) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatal("python3 is needed to run validate-sarif")
	}
	v := filepath.Join(repoRoot(t), "testdata", "sarif", "validate-sarif")
	out, err := exec.Command("python3", v, "--strict", path).CombinedOutput()
	if err != nil {
		t.Fatalf("validate-sarif --strict failed: %v\n%s", err, out)
	}
}

// validateSARIFAllowing runs the upload checks and accepts warnings only of
// the given kinds ("gh-suppressions": GitHub opens alerts for suppressed
// results, which upload --sync-dismissals dismisses).
func validateSARIFAllowing(t *testing.T, path string, kinds ...string) {
	t.Helper()
	v := filepath.Join(repoRoot(t), "testdata", "sarif", "validate-sarif")
	out, err := exec.Command("python3", v, path).CombinedOutput()
	if err != nil {
		t.Fatalf("validate-sarif failed: %v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if !strings.Contains(l, ": warning:") {
			continue
		}
		ok := false
		for _, k := range kinds {
			ok = ok || strings.Contains(l, "["+k+"]")
		}
		if !ok {
			t.Errorf("validate-sarif: %s", l)
		}
	}
}

// sarifDoc is the part of a SARIF log the tests look at.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []sarifResultDoc `json:"results"`
	} `json:"runs"`
}

type sarifResultDoc struct {
	RuleID  string `json:"ruleId"`
	Level   string `json:"level"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations []struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region struct {
				StartLine int `json:"startLine"`
			} `json:"region"`
		} `json:"physicalLocation"`
	} `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

func (r sarifResultDoc) uri() string { return r.Locations[0].PhysicalLocation.ArtifactLocation.URI }

func (r sarifResultDoc) count() int {
	c, _ := r.Properties["count"].(float64)
	return int(c)
}

func readSARIF(t *testing.T, path string) sarifDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d sarifDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	if len(d.Runs) != 1 {
		t.Fatalf("%d runs", len(d.Runs))
	}
	return d
}

// assertNoLeak fails when any planted secret appears in any output.
func assertNoLeak(t *testing.T, secrets []string, outputs map[string]string) {
	t.Helper()
	for name, out := range outputs {
		for _, s := range secrets {
			if i := strings.Index(out, s); s != "" && i >= 0 {
				// The context (planted test values only) tells a real
				// leak from a chance match in a random temp dir name.
				t.Errorf("%s contains a planted secret in clear (%d chars): …%s…", name, len(s), out[max(i-40, 0):min(i+len(s)+10, len(out))])
			}
		}
	}
}
