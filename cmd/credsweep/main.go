// Command credsweep finds username/password dumps, national ID numbers and
// secrets on file shares, Google Drive and local folders, says who can read
// them, and writes SARIF for GitHub code scanning.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Exit codes, the contract with scripts and CI (see exitHelp).
const (
	exitOK         = 0
	exitFindings   = 1
	exitFatal      = 2
	exitIncomplete = 3
	// exitInterrupted is the shell's code for a process ended by SIGINT.
	exitInterrupted = 130
)

const exitHelp = `Exit codes:
  0  the scan is complete and found nothing at or above --fail-on
  1  findings at or above --fail-on
  2  usage error or fatal error (bad target, wrong password, unreachable host)
  3  the scan ran but some files or folders could not be examined; they are
     listed in the summary and in the SARIF toolExecutionNotifications
     (3 wins over 1: a partial scan must never look complete)
  130 interrupted (Ctrl-C, SIGTERM): the outputs hold the partial results and
     say so`

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "0.1.0-dev"

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:]))
}

// tuneGC trades memory the scan does not use for collector time: the live
// heap of a scan is a few tens of MB (buffers per worker, sessions), and
// with the default GOGC=100 the collector took about a tenth of the CPU on
// a share of small files. A GC percent of 400 with a soft limit of 192 MiB
// keeps the peak well under the 300 MB a scan may take. GOGC and
// GOMEMLIMIT in the environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(192 << 20)
	}
}

func run(args []string) int {
	root := newRootCmd()
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(os.Stderr, "credsweep:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(os.Stderr, "credsweep:", err)
	return exitFatal
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "credsweep",
		Short: "Find password dumps, national ID numbers and secrets on shares, drives and folders",
		Long: `credsweep walks SMB shares, Google Drive and local folders, reads the text of
every file it can (any common encoding, office documents, PDF, mail, archives),
finds username/password tables, Nordic national ID numbers and secrets, says who
can read each file it flags, and writes SARIF 2.1.0 for GitHub code scanning.

It never writes to the places it scans and never prints what it finds in clear.

` + exitHelp,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetVersionTemplate("credsweep {{.Version}}\n")
	root.Flags().BoolP("version", "v", false, "print the version")
	pf := root.PersistentFlags()
	pf.String("log-level", "warn", "log on stderr at `LEVEL`: debug, info, warn or error (what is walked, retries, slow files; never content)")
	pf.String("log-format", "text", "log format: text or json")
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		lvl, _ := cmd.Flags().GetString("log-level")
		format, _ := cmd.Flags().GetString("log-format")
		l, err := newLogger(cmd.ErrOrStderr(), lvl, format)
		if err != nil {
			return usageErr("%v", err)
		}
		cmd.SetContext(withLogger(cmd.Context(), l))
		return nil
	}
	root.AddCommand(newScanCmd(), newRulesCmd(), newVersionCmd(), newAuthCmd(), newBaselineCmd(), newPlanCmd())
	root.AddCommand(newMergeCmd(), newUploadCmd())
	return root
}
