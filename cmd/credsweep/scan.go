package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/credsweep/credsweep/report"
	"github.com/credsweep/credsweep/scanner"
	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/credsweep/credsweep/state"
	"github.com/spf13/cobra"
)

// defaultFingerprintKey keys fingerprints when no key is configured. It is
// public, so set CREDSWEEP_FINGERPRINT_KEY (or --fingerprint-key-file) to a
// secret of your own: fingerprints then cannot be tested against guesses.
const defaultFingerprintKey = "credsweep-default-fingerprint-key-v1"

// scanFlags are the scan command's flags; only cmd reads flags and env.
type scanFlags struct {
	sarif, format, progress, failOn, category string
	html, csv                                 string
	workers                                   int
	maxFileSize                               string
	maxDepth                                  int
	fileTimeout                               time.Duration
	fingerprintKeyFile                        string
	cpuProfile                                string
	memProfile                                string
	traceFile                                 string
	showSamples                               bool
	statePath                                 string
	full                                      bool
	configPath, suppressionsPath              string
	excludes, rulesDisable                    []string
	shard                                     string
	noExposureRaise                           bool
	smb                                       smbFlags
	drive                                     driveFlags
}

func newScanCmd() *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [flags] TARGET...",
		Short: "Scan local folders or files, SMB shares (smb://) or Google Drive (gdrive://)",
		Long: `Scan one or more targets:

  /path/to/folder or file          a local folder or file
  smb://[DOMAIN;]USER@HOST[:PORT][/SHARE[/PATH]]
                                   an SMB share (every disk share without SHARE);
                                   password from CREDSWEEP_SMB_PASSWORD or
                                   --smb-password-file, NT hash from
                                   CREDSWEEP_SMB_NTHASH; smb://guest@host/share
  gdrive://my | gdrive://all | gdrive://shared/DRIVE_ID | gdrive://folder/FOLDER_ID
                                   Google Drive, with Application Default
                                   Credentials (GOOGLE_APPLICATION_CREDENTIALS)
                                   or a token from 'credsweep auth gdrive'

Passwords are never accepted on the command line.

Environment:
  CREDSWEEP_SMB_PASSWORD, CREDSWEEP_SMB_NTHASH   SMB credentials
  CREDSWEEP_FINGERPRINT_KEY                       key for result fingerprints
  CREDSWEEP_DRIVE_ENDPOINT                        Drive API root (tests, private endpoints)
  GOOGLE_APPLICATION_CREDENTIALS                  Google credentials JSON

` + exitHelp,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScan(cmd, args, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.sarif, "sarif", "", "write SARIF 2.1.0 to `FILE` (- for stdout)")
	fl.StringVar(&f.format, "format", "text", "terminal summary format: text, json or jsonl (one JSON object a line)")
	fl.StringVar(&f.html, "html", "", "write a self-contained HTML report to `FILE` (no samples, like the SARIF)")
	fl.StringVar(&f.csv, "csv", "", "write one CSV row per result to `FILE`")
	fl.StringVar(&f.progress, "progress", "auto", "progress bar on stderr: auto (only on a terminal), always or never")
	fl.IntVar(&f.workers, "workers", 0, "files processed at once (default: number of CPUs + 1; 8 for SMB and Drive targets)")
	fl.StringVar(&f.maxFileSize, "max-file-size", "4GiB", "skip files larger than `SIZE` (e.g. 500MB, 2GiB; 0 = no limit)")
	fl.StringVar(&f.failOn, "fail-on", "note", "exit 1 when a finding is at or above this level: none, note, warning or error")
	fl.StringVar(&f.category, "category", "", "SARIF automationDetails category (default: credsweep/<targets>)")
	fl.IntVar(&f.maxDepth, "max-depth", extract.DefaultLimits.MaxDepth, "how deep archives may nest")
	fl.DurationVar(&f.fileTimeout, "file-timeout", 30*time.Minute, "most time spent on one file")
	fl.StringVar(&f.fingerprintKeyFile, "fingerprint-key-file", "", "read the fingerprint key from `FILE` (else CREDSWEEP_FINGERPRINT_KEY, else a public default)")
	fl.StringVar(&f.statePath, "state", "", "remember this scan in the SQLite database `FILE`: the next scan skips what did not change, carries its findings forward and says what is new")
	fl.BoolVar(&f.full, "full", false, "with --state: examine every file again and refresh the state")
	fl.StringVar(&f.configPath, "config", "", "read options and targets from `FILE` (default: ./credsweep.yaml, else ~/.config/credsweep/credsweep.yaml); flags override it")
	fl.StringVar(&f.suppressionsPath, "suppressions", "", "suppressions `FILE` (default: ./credsweep-ignore.yaml when present)")
	fl.StringArrayVar(&f.excludes, "exclude", nil, "skip files whose path matches `GLOB` (repeatable; ** spans folders; a glob without / matches names)")
	fl.StringArrayVar(&f.rulesDisable, "rules-disable", nil, "do not report `RULE` (repeatable; see credsweep rules)")
	fl.StringVar(&f.shard, "shard", "", "scan only the units of shard `INDEX/COUNT` (INDEX env: JOB_COMPLETION_INDEX); {shard} in --state and --sarif is the index (see credsweep plan)")
	fl.BoolVar(&f.noExposureRaise, "no-exposure-raise", false, "keep results at their rules' levels whoever can read the file")
	fl.BoolVar(&f.showSamples, "show-samples", false, "show partial masks of found values (010190*****) and clear file names in the terminal and JSON summary, never in SARIF: for an on-premises responder")
	fl.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile to `FILE` (for developers)")
	_ = fl.MarkHidden("cpuprofile")
	fl.StringVar(&f.memProfile, "memprofile", "", "write an allocation profile to `FILE` at the end (for developers)")
	_ = fl.MarkHidden("memprofile")
	fl.StringVar(&f.traceFile, "trace", "", "write an execution trace to `FILE` (for developers: go tool trace)")
	_ = fl.MarkHidden("trace")
	f.smb.register(fl)
	f.drive.register(fl)
	return cmd
}

func usageErr(format string, args ...any) error {
	return &exitError{code: exitFatal, err: fmt.Errorf(format, args...)}
}

func runScan(cmd *cobra.Command, args []string, f *scanFlags) error {
	cfgPath, err := findConfig(f.configPath)
	if err != nil {
		return usageErr("%v", err)
	}
	var cfg *config
	if cfgPath != "" {
		if cfg, err = loadConfig(cfgPath); err != nil {
			return usageErr("%v", err)
		}
		if err := cfg.apply(cmd.Flags()); err != nil {
			return usageErr("%v", err)
		}
	}
	args, cfgCategory, err := cfg.targets(args)
	if err != nil {
		return usageErr("%v", err)
	}
	if len(args) == 0 {
		return usageErr("no target: give one or more, or list them in credsweep.yaml")
	}
	if f.category == "" {
		f.category = cfgCategory
	}
	// One target that cannot be opened among several is listed as failed
	// and the others are scanned; a single target is the whole scan.
	several := len(args) > 1
	var labels map[string]string
	if f.shard != "" {
		spec, err := parseShard(f.shard)
		if err != nil {
			return usageErr("%v", err)
		}
		var category string
		if args, category, labels, err = shardTargets(cmd.Context(), args, f, spec); err != nil {
			return err
		}
		if f.category == "" {
			f.category = category
		}
		idx := strconv.Itoa(spec.index)
		f.statePath = strings.ReplaceAll(f.statePath, "{shard}", idx)
		f.sarif = strings.ReplaceAll(f.sarif, "{shard}", idx)
		f.html = strings.ReplaceAll(f.html, "{shard}", idx)
		f.csv = strings.ReplaceAll(f.csv, "{shard}", idx)
	}
	exclude, err := excluder(cfg, f.excludes)
	if err != nil {
		return usageErr("%v", err)
	}
	ruleLevels, err := cfg.ruleLevels()
	if err != nil {
		return usageErr("%v", err)
	}
	sup, err := suppressions(cfg, f.suppressionsPath)
	if err != nil {
		return usageErr("%v", err)
	}
	levels := map[string]int{"none": 99, "note": 1, "warning": 2, "error": 3}
	threshold, ok := levels[f.failOn]
	if !ok {
		return usageErr("--fail-on must be none, note, warning or error, not %q", f.failOn)
	}
	if f.format != "text" && f.format != "json" && f.format != "jsonl" {
		return usageErr("--format must be text, json or jsonl, not %q", f.format)
	}
	maxSize, err := parseSize(f.maxFileSize)
	if err != nil {
		return usageErr("--max-file-size: %v", err)
	}
	key, err := fingerprintKey(f.fingerprintKeyFile)
	if err != nil {
		return usageErr("%v", err)
	}
	if f.cpuProfile != "" {
		pf, err := os.Create(f.cpuProfile)
		if err != nil {
			return usageErr("--cpuprofile: %v", err)
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return usageErr("--cpuprofile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	if f.memProfile != "" {
		defer writeHeapProfile(f.memProfile)
	}
	if f.traceFile != "" {
		tf, err := os.Create(f.traceFile)
		if err != nil {
			return usageErr("--trace: %v", err)
		}
		defer tf.Close()
		if err := trace.Start(tf); err != nil {
			return usageErr("--trace: %v", err)
		}
		defer trace.Stop()
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	targets, network, err := openTargets(ctx, args, f, several)
	for i := range targets {
		targets[i].Label = labels[args[i]]
	}
	defer closeTargets(targets)
	if err != nil {
		return &exitError{code: exitFatal, err: err}
	}
	var store *state.Store
	if f.statePath != "" {
		if store, err = state.Open(f.statePath); err != nil {
			return &exitError{code: exitFatal, err: err}
		}
		defer store.Close()
	}
	workers := f.workers
	if workers <= 0 && network {
		workers = 8
	}
	limits := extract.DefaultLimits
	limits.MaxDepth = f.maxDepth
	opt := scanner.Options{
		Detectors: allDetectors(), Extractors: allExtractors(), Workers: workers,
		MaxFileSize: maxSize, Limits: limits, FileTimeout: f.fileTimeout, FingerprintKey: key,
		ShowSamples: f.showSamples, State: store, Full: f.full, ToolVersion: version,
		Exclude: exclude, RuleLevels: ruleLevels, NoExposureRaise: f.noExposureRaise,
		Logger: loggerOf(cmd.Context()),
	}
	if len(f.rulesDisable) > 0 {
		opt.DisabledRules = map[string]bool{}
		for _, r := range f.rulesDisable {
			opt.DisabledRules[r] = true
		}
	}
	// The bar redraws a line of stderr: not when stderr carries JSON (the
	// log in JSON, or the JSON summary when the SARIF goes to stdout).
	mode := f.progress
	if logFormat, _ := cmd.Flags().GetString("log-format"); logFormat == "json" || f.sarif == "-" && f.format != "text" {
		mode = "never"
	}
	bar := newProgress(mode, cmd.ErrOrStderr())
	if bar != nil {
		opt.Progress = bar
		countCtx, stopCount := context.WithCancel(ctx)
		defer stopCount()
		bar.countLocal(countCtx, targets)
	}
	// JSON Lines are written as results come, so a responder can follow
	// a long scan with jq; suppressions are marked on the way.
	now := time.Now()
	var stream *report.JSONLStream
	var streamErr error
	if f.format == "jsonl" {
		w := cmd.OutOrStdout()
		if f.sarif == "-" {
			w = cmd.ErrOrStderr()
		}
		stream = report.NewJSONLStream(w)
		opt.OnResult = func(r scanner.Result) {
			if sup != nil {
				sup.Mark(&r, now)
			}
			if err := stream.Result(r); err != nil && streamErr == nil {
				streamErr = err
			}
		}
	}
	sc, err := scanner.New(opt)
	if err != nil {
		return &exitError{code: exitFatal, err: err}
	}
	rep, runErr := sc.Run(ctx, targets)
	if bar != nil {
		bar.finish()
	}
	if rep == nil {
		return &exitError{code: exitFatal, err: runErr}
	}
	if sup != nil {
		sup.Apply(rep, now)
	}
	interrupted := ctx.Err() != nil && cmd.Context().Err() == nil
	textOpt := report.TextOptions{Interrupted: interrupted, DefaultKey: string(key) == defaultFingerprintKey}
	if streamErr != nil {
		return &exitError{code: exitFatal, err: fmt.Errorf("writing JSON Lines: %w", streamErr)}
	}
	if err := writeOutputs(cmd, rep, f, textOpt, stream); err != nil {
		return &exitError{code: exitFatal, err: err}
	}
	if interrupted {
		return &exitError{code: exitInterrupted}
	}
	switch {
	case runErr != nil:
		return &exitError{code: exitFatal, err: fmt.Errorf("scan stopped: %w", runErr)}
	case rep.Incomplete():
		return &exitError{code: exitIncomplete}
	case f.sarif != "" && len(rep.Results) > report.MaxResults && len(fullOutputs(f)) == 0:
		// The SARIF left results out and no other output has them.
		return &exitError{code: exitIncomplete}
	}
	for _, r := range rep.Results {
		if r.Suppression == nil && levels[report.Level(r)] >= threshold {
			return &exitError{code: exitFindings}
		}
	}
	return nil
}

// writeOutputs writes the SARIF file and the summary. With --sarif - the
// summary goes to stderr so stdout stays valid SARIF.
func writeOutputs(cmd *cobra.Command, rep *scanner.Report, f *scanFlags, textOpt report.TextOptions, stream *report.JSONLStream) error {
	summary := cmd.OutOrStdout()
	if f.sarif != "" && f.sarif != "-" {
		textOpt.Outputs = append(textOpt.Outputs, "SARIF "+f.sarif)
	}
	if f.html != "" {
		textOpt.Outputs = append(textOpt.Outputs, "HTML "+f.html)
	}
	if f.csv != "" {
		textOpt.Outputs = append(textOpt.Outputs, "CSV "+f.csv)
	}
	textOpt.FullOutputs = fullOutputs(f)
	if f.statePath != "" {
		textOpt.Outputs = append(textOpt.Outputs, "state "+f.statePath)
	}
	meta := report.Meta{ToolVersion: version, Category: f.category}
	switch f.sarif {
	case "":
	case "-":
		summary = cmd.ErrOrStderr()
		if err := report.SARIF(cmd.OutOrStdout(), rep, meta); err != nil {
			return err
		}
	default:
		if err := writeFileAtomic(f.sarif, func(w io.Writer) error { return report.SARIF(w, rep, meta) }); err != nil {
			return fmt.Errorf("writing SARIF: %w", err)
		}
	}
	if f.html != "" {
		if err := writeFileAtomic(f.html, func(w io.Writer) error { return report.HTML(w, rep, meta) }); err != nil {
			return fmt.Errorf("writing HTML: %w", err)
		}
	}
	if f.csv != "" {
		if err := writeFileAtomic(f.csv, func(w io.Writer) error { return report.CSV(w, rep) }); err != nil {
			return fmt.Errorf("writing CSV: %w", err)
		}
	}
	switch f.format {
	case "json":
		return report.JSON(summary, rep)
	case "jsonl":
		if stream != nil {
			return stream.Finish(rep)
		}
		return report.JSONL(summary, rep)
	}
	return report.TextWith(summary, rep, textOpt)
}

// fullOutputs names the outputs of this scan that keep every result.
func fullOutputs(f *scanFlags) []string {
	var out []string
	if f.html != "" {
		out = append(out, "HTML")
	}
	if f.csv != "" {
		out = append(out, "CSV")
	}
	switch f.format {
	case "jsonl":
		out = append(out, "JSON Lines")
	case "json":
		out = append(out, "JSON")
	}
	return out
}

// writeFileAtomic writes via a temporary file so a crash never leaves a
// truncated SARIF that would close every alert on upload.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".credsweep-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func fingerprintKey(file string) ([]byte, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("--fingerprint-key-file: %w", err)
		}
		k := strings.TrimSpace(string(b))
		if k == "" {
			return nil, errors.New("--fingerprint-key-file is empty")
		}
		return []byte(k), nil
	}
	if k := os.Getenv("CREDSWEEP_FINGERPRINT_KEY"); k != "" {
		return []byte(k), nil
	}
	return []byte(defaultFingerprintKey), nil
}

// parseSize reads sizes such as 500MB, 2GiB, 4g or 1048576.
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToLower(s))
	units := []struct {
		suffix string
		mult   int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
		{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
		{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"t", 1 << 40}, {"b", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a size (e.g. 500MB, 2GiB)", s)
	}
	return int64(v * float64(mult)), nil
}

// writeHeapProfile writes the allocations since the start to path: a
// developer's tool, so failure only prints.
func writeHeapProfile(path string) {
	pf, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(pf, 0)
		if cerr := pf.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "credsweep: --memprofile:", err)
	}
}
