package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/spf13/cobra"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner"
	"github.com/credsweep/credsweep/state"
	"github.com/credsweep/credsweep/suppress"
)

func newBaselineCmd() *cobra.Command {
	var statePath, sarifPath, out, owner string
	cmd := &cobra.Command{
		Use:   "baseline (--state FILE | --sarif FILE) -o credsweep-ignore.yaml",
		Short: "Write a suppression for every current result, so a new installation reports only what is new",
		Long: `Write a suppressions file with one entry per current result (by fingerprint), from a
state file or from a SARIF file. Review it: every entry says "baseline" as its reason;
give the real reasons, owners and expiry dates, and remove what must be fixed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (statePath == "") == (sarifPath == "") || out == "" {
				return usageErr("give --state FILE or --sarif FILE, and -o FILE")
			}
			if owner == "" {
				owner = os.Getenv("USER")
			}
			if owner == "" {
				return usageErr("--owner is needed (no USER in the environment)")
			}
			var rs []scanner.Result
			var err error
			if statePath != "" {
				rs, err = resultsFromState(statePath)
			} else {
				rs, err = resultsFromSARIF(sarifPath)
			}
			if err != nil {
				return &exitError{code: exitFatal, err: err}
			}
			sort.Slice(rs, func(i, j int) bool { return rs[i].Fingerprint < rs[j].Fingerprint })
			f := suppress.Baseline(rs, owner, time.Now())
			if err := f.Write(out); err != nil {
				return &exitError{code: exitFatal, err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d suppressions written\n", out, len(f.Suppressions))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&statePath, "state", "", "read the current results from the state `FILE`")
	fl.StringVar(&sarifPath, "sarif", "", "read the current results from the SARIF `FILE`")
	fl.StringVarP(&out, "output", "o", "", "write the suppressions to `FILE`")
	fl.StringVar(&owner, "owner", "", "owner of the entries (default: $USER)")
	return cmd
}

func resultsFromState(path string) ([]scanner.Result, error) {
	st, err := state.Open(path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var rs []scanner.Result
	err = st.EachResults(func(b []byte) error {
		var srs []struct {
			Rule        string `json:"rule"`
			Fingerprint string `json:"fingerprint"`
		}
		if err := json.Unmarshal(b, &srs); err != nil {
			return err
		}
		for _, r := range srs {
			rs = append(rs, scanner.Result{Rule: detectors.Rule{ID: r.Rule}, Fingerprint: r.Fingerprint})
		}
		return nil
	})
	return rs, err
}

func resultsFromSARIF(path string) ([]scanner.Result, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string            `json:"ruleId"`
				FP     map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		return nil, fmt.Errorf("%s: not a SARIF file: %w", path, err)
	}
	var rs []scanner.Result
	for _, run := range log.Runs {
		for _, r := range run.Results {
			fp := r.FP["primaryLocationLineHash"]
			if fp == "" {
				return nil, errors.New(path + ": a result has no primaryLocationLineHash")
			}
			rs = append(rs, scanner.Result{Rule: detectors.Rule{ID: r.RuleID}, Fingerprint: fp})
		}
	}
	return rs, nil
}
