package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/credsweep/credsweep/sarifmerge"
	"github.com/spf13/cobra"
)

func newMergeCmd() *cobra.Command {
	var out string
	var maxResults int
	cmd := &cobra.Command{
		Use:   "merge [flags] IN.sarif... -o OUT.sarif",
		Short: "Merge SARIF files into one run per category, within GitHub's limits",
		Long: `Merge SARIF files (for example the scans of several shares) into files that
GitHub code scanning accepts.

Runs of the same tool and category (automationDetails.id up to its last '/')
become one run: rules are united, results with the same ruleId and
partialFingerprints.primaryLocationLineHash are kept once, notifications are
kept, executionSuccessful is false if any input's was, statistics are summed.

GitHub accepts at most 20 runs and 10 MB gzipped per file, and shows at most
5,000 results of a run (it rejects a run over 25,000). merge fills OUT.sarif,
then OUT-2.sarif, OUT-3.sarif, ... with at most 20 runs and 8 MiB gzipped each.
A category with more results than --max-results-per-run is split into parts
that GitHub must see as distinct categories, because each upload of a category
replaces that category's alerts: the first part keeps the category, the others
get "/part2", "/part3", ... and go to different files. Upload every file; what
was split is printed. No result is ever dropped.

Exit codes: 0 merged, 2 bad input or usage error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return &exitError{code: exitFatal, err: errors.New("merge: -o OUT.sarif is required")}
			}
			if maxResults < 1 || maxResults > sarifmerge.MaxResultsPerRun {
				return &exitError{code: exitFatal, err: fmt.Errorf("merge: --max-results-per-run must be 1..%d", sarifmerge.MaxResultsPerRun)}
			}
			return runMerge(cmd.OutOrStdout(), args, out, maxResults)
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "first output file (more are named OUT-2.sarif, OUT-3.sarif, ...)")
	cmd.Flags().IntVar(&maxResults, "max-results-per-run", sarifmerge.ShownResultsPerRun,
		"most results in one run; GitHub shows at most 5,000 and rejects more than 25,000")
	return cmd
}

func runMerge(w io.Writer, inputs []string, out string, maxResults int) error {
	var in []sarifmerge.Input
	for _, p := range inputs {
		b, err := os.ReadFile(p)
		if err != nil {
			return &exitError{code: exitFatal, err: fmt.Errorf("merge: %s: cannot read: %s", p, reasonOf(err))}
		}
		in = append(in, sarifmerge.Input{Name: p, Data: b})
	}
	res, err := sarifmerge.Merge(in, sarifmerge.Options{MaxResultsPerRun: maxResults})
	if err != nil {
		return &exitError{code: exitFatal, err: fmt.Errorf("merge: %w", err)}
	}
	names := make([]string, len(res.Files))
	for i := range res.Files {
		names[i] = partName(out, i+1)
	}
	for i, f := range res.Files {
		if err := writeAtomic(names[i], f.Data); err != nil {
			return &exitError{code: exitFatal, err: fmt.Errorf("merge: %s: cannot write: %s", names[i], reasonOf(err))}
		}
	}
	out0 := 0
	for _, f := range res.Files {
		out0 += f.Results()
	}
	fmt.Fprintf(w, "merged %d %s (%d %s, %d %s) into %d %s, %d %s",
		res.Inputs, mergeWord(res.Inputs, "file", "files"), res.InputRuns, mergeWord(res.InputRuns, "run", "runs"),
		res.InputResults, mergeWord(res.InputResults, "result", "results"),
		len(res.Files), mergeWord(len(res.Files), "file", "files"), out0, mergeWord(out0, "result", "results"))
	if res.Duplicates > 0 {
		fmt.Fprintf(w, " (%d %s the same alert as another and kept once)", res.Duplicates, mergeWord(res.Duplicates, "result was", "results were"))
	}
	fmt.Fprintln(w)
	for i, f := range res.Files {
		fmt.Fprintf(w, "%s: %d %s, %d %s, %d bytes gzipped\n", names[i], len(f.Runs), mergeWord(len(f.Runs), "run", "runs"),
			f.Results(), mergeWord(f.Results(), "result", "results"), f.GzipSize)
		for _, r := range f.Runs {
			fmt.Fprintf(w, "  %s: %d %s\n", displayCategory(r.Category), r.Results, mergeWord(r.Results, "result", "results"))
		}
	}
	for _, s := range res.Splits {
		fmt.Fprintf(w, "split: category %s (%s) is in %d parts with distinct categories:", displayCategory(s.Category), s.Reason, len(s.Parts))
		for i, p := range s.Parts {
			if i > 0 {
				fmt.Fprint(w, ",")
			}
			fmt.Fprintf(w, " %s (%d)", displayCategory(p), s.PartCounts[i])
		}
		fmt.Fprintln(w, ". Upload every file as it is: GitHub replaces a category's alerts with each upload of it, so the parts must keep their own categories (do not override them with upload-sarif's category input).")
	}
	for _, c := range res.Incomplete {
		fmt.Fprintf(w, "incomplete: category %s comes from a scan that could not examine everything (executionSuccessful false)\n", displayCategory(c))
	}
	// A file of an earlier, larger merge would be uploaded by a glob.
	for i := len(res.Files) + 1; ; i++ {
		p := partName(out, i)
		if _, err := os.Stat(p); err != nil {
			break
		}
		fmt.Fprintf(w, "note: %s is from an earlier merge and not part of this one; remove it before uploading\n", p)
	}
	return nil
}

func displayCategory(c string) string {
	if c == "" {
		return `""`
	}
	return c
}

// partName is OUT.sarif for the first file, OUT-2.sarif for the second...
func partName(out string, n int) string {
	if n == 1 {
		return out
	}
	ext := ".sarif"
	base := strings.TrimSuffix(out, ext)
	if base == out {
		ext = filepath.Ext(out)
		base = strings.TrimSuffix(out, ext)
	}
	return fmt.Sprintf("%s-%d%s", base, n, ext)
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".credsweep-merge-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// reasonOf is an OS error without the path (the caller names the file).
func reasonOf(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}

// mergeWord is one or many for n.
func mergeWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
