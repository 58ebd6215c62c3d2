package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/credsweep/credsweep/scanner"
)

// maxListed bounds the per-file lines of the terminal summary; the SARIF
// and JSON outputs list everything.
const maxListed = 50

// TextOptions say what the terminal summary should tell besides the report.
type TextOptions struct {
	// Outputs are the files written, as "SARIF /var/lib/credsweep/fs01.sarif".
	Outputs []string
	// DefaultKey: the public default fingerprint key is in use.
	DefaultKey bool
	// Interrupted: the scan was stopped by Ctrl-C or SIGTERM.
	Interrupted bool
	// FullOutputs names the outputs written that keep every result (HTML,
	// CSV, JSON Lines), for the note on results the SARIF leaves out.
	FullOutputs []string
}

// Text writes the terminal summary (see TextWith).
func Text(w io.Writer, rep *scanner.Report) error { return TextWith(w, rep, TextOptions{}) }

// TextWith writes the terminal summary: an interruption first, what is new
// (with state), findings by rule, then every result worst first (level,
// then who can read it, then count) up to a limit that says where the rest
// is, what was not examined and why, figures, and where the outputs went.
func TextWith(w io.Writer, rep *scanner.Report, opt TextOptions) error {
	st := rep.Stats
	ew := &errWriter{w: w}
	if opt.Interrupted {
		ew.printf("INTERRUPTED: partial results. What was scanned before the interruption is below; the rest was not examined.\n\n")
	}
	byRule := map[string][2]int{} // files, matches
	for _, r := range rep.Results {
		v := byRule[r.Rule.ID]
		v[0]++
		v[1] += r.Count
		byRule[r.Rule.ID] = v
	}
	if m := rep.Memory; m != nil {
		memorySummary(ew, rep, m)
	}
	if len(rep.Results) == 0 {
		ew.printf("No findings.\n")
	} else {
		ew.printf("Findings by rule:\n")
		tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  RULE\tRESULTS\tMATCHES\n")
		ids := make([]string, 0, len(byRule))
		for id := range byRule {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			fmt.Fprintf(tw, "  %s\t%d\t%d\n", id, byRule[id][0], byRule[id][1])
		}
		tw.Flush()
		ew.printf("\nFindings, worst first:\n")
		for i, r := range worstFirst(rep.Results) {
			if i == maxListed {
				where := "--format json or --sarif"
				if len(opt.Outputs) > 0 {
					where = strings.Join(opt.Outputs, ", ")
				}
				ew.printf("  … and %d more: see %s\n", len(rep.Results)-maxListed, where)
				break
			}
			where := fmt.Sprintf("line %d", r.Line)
			if r.Section != "" {
				where = r.Section + ", " + where
			}
			lvl := Level(r)
			if r.Suppression != nil {
				lvl = "suppressed"
			}
			ew.printf("  [%s] %s: %s ×%d (%s) — %s", lvl, terminalDisplay(r.Location), r.Rule.ID, r.Count, where, audience(r.Exposure))
			if len(r.Samples) > 0 {
				ew.printf(" — %s", strings.Join(r.Samples, ", "))
			}
			ew.printf("\n")
		}
	}
	if len(rep.Notifications) > 0 {
		ew.printf("\nNot examined or not fully examined:\n")
		for i, n := range rep.Notifications {
			if i == maxListed {
				ew.printf("  … and %d more (see the SARIF or --format json)\n", len(rep.Notifications)-maxListed)
				break
			}
			kind := n.Outcome.String()
			if n.Dir {
				kind = "folder " + kind
			}
			ew.printf("  %s: %s (%s)\n", terminalDisplay(n.Location), n.Reason, kind)
		}
	}
	ew.printf("\nFiles: %d walked", st.Files)
	if st.Members > 0 {
		ew.printf(" (+%d members of archives, mail and documents)", st.Members)
	}
	ew.printf(": %d scanned, %d skipped, %d partial, %d failed", st.Scanned, st.Skipped, st.Partial, st.Failed)
	if st.FailedDirs > 0 {
		ew.printf("; %d folders could not be read", st.FailedDirs)
	}
	ew.printf("\n")
	if len(st.SkipReasons) > 0 {
		reasons := make([]string, 0, len(st.SkipReasons))
		for r, n := range st.SkipReasons {
			reasons = append(reasons, fmt.Sprintf("%s: %d", r, n))
		}
		sort.Strings(reasons)
		ew.printf("Skipped: %s\n", strings.Join(reasons, "; "))
	}
	if n := st.Kinds[scanner.KindMixed]; n > 0 {
		ew.printf("Text found inside %d binary-looking %s (stray NULs, padding, a foreign header): its text was scanned\n", n, plural(int(n), "file", "files"))
	}
	secs := st.Duration.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(st.Bytes) / 1e6 / secs
	}
	ew.printf("Read %s in %s (%.1f MB/s, %.0f files/s)\n", formatBytes(st.Bytes), st.Duration.Round(time.Millisecond), rate, float64(st.Files)/max(secs, 1e-9))
	if d := rep.Decisions; d != nil {
		ew.printf("Suppressions: %d results suppressed, %d not-examined items accepted\n", d.Suppressed, d.Accepted)
		for _, e := range d.Expired {
			ew.printf("  expired, no longer applied: %s\n", e)
		}
		for _, e := range d.Stale {
			ew.printf("  stale, matched nothing: %s\n", e)
		}
	}
	if n := len(rep.Results) - MaxResults; n > 0 {
		where := "they are in no output of this run: add --html, --csv or --format jsonl"
		if len(opt.FullOutputs) > 0 {
			where = "they are in the " + strings.Join(opt.FullOutputs, " and ") + " output"
		}
		ew.printf("The SARIF keeps the %d most severe results (GitHub's limit per run); %d more are not in it: %s. Split the scan into targets with their own categories, or run credsweep merge to split the SARIF.\n", MaxResults, n, where)
	}
	if rep.Fatal != nil && !opt.Interrupted {
		ew.printf("The scan stopped early: %s\n", rep.Fatal)
	} else if rep.Incomplete() && !opt.Interrupted {
		ew.printf("Incomplete: some files or folders could not be examined (listed above).\n")
	}
	for _, o := range opt.Outputs {
		ew.printf("Wrote %s\n", o)
	}
	if opt.DefaultKey {
		ew.printf("Warning: the fingerprints use the public default key; set CREDSWEEP_FINGERPRINT_KEY or --fingerprint-key-file to a secret of your own.\n")
	}
	return ew.err
}

// memorySummary comes first with a state file: what is new since the last
// scan, then how the results compare with it.
func memorySummary(ew *errWriter, rep *scanner.Report, m *scanner.Memory) {
	switch {
	case m.Previous == nil:
		ew.printf("State %s: first scan, every finding is new.\n", m.Path)
	case m.Resumed:
		ew.printf("State %s: resumed an interrupted scan that started %s.\n", m.Path, m.Previous.Started.Local().Format(time.DateTime))
	default:
		ew.printf("State %s: previous scan ended %s.\n", m.Path, m.Previous.Ended.Local().Format(time.DateTime))
	}
	if m.RulesetChanged {
		ew.printf("The rules changed since the previous scan: every file was examined again.\n")
	}
	if m.Previous != nil {
		var fresh []scanner.Result
		for _, r := range rep.Results {
			if r.Baseline == scanner.BaselineNew {
				fresh = append(fresh, r)
			}
		}
		if len(fresh) == 0 {
			ew.printf("Nothing new since the last scan.\n")
		} else {
			ew.printf("New since the last scan:\n")
			for i, r := range fresh {
				if i == maxListed {
					ew.printf("  … and %d more\n", len(fresh)-maxListed)
					break
				}
				ew.printf("  [%s] %s: %s ×%d — %s\n", Level(r), terminalDisplay(r.Location), r.Rule.ID, r.Count, audience(r.Exposure))
			}
		}
	}
	ew.printf("Results: %d new, %d unchanged, %d updated, %d fixed since the last scan, %d not re-examined (kept from earlier scans); %d files unchanged and not read again.\n\n",
		m.New, m.Unchanged, m.Updated, m.Fixed, m.NotReexamined, m.Skipped)
}

// worstFirst orders results for people: level, then audience (public
// first), then count, then location.
func worstFirst(rs []scanner.Result) []scanner.Result {
	out := append([]scanner.Result(nil), rs...)
	lv := map[string]int{"error": 0, "warning": 1, "note": 2}
	au := map[string]int{"public": 0, "organization": 1, "restricted": 2, "unknown": 3}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Suppression == nil) != (b.Suppression == nil) {
			return a.Suppression == nil
		}
		if la, lb := lv[Level(a)], lv[Level(b)]; la != lb {
			return la < lb
		}
		if aa, ab := au[string(audience(a.Exposure))], au[string(audience(b.Exposure))]; aa != ab {
			return aa < ab
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Location.Display < b.Location.Display
	})
	return out
}

// JSON writes the report as one JSON document for scripts.
func JSON(w io.Writer, rep *scanner.Report) error {
	out := struct {
		Targets       []string       `json:"targets"`
		Complete      bool           `json:"complete"`
		Fatal         string         `json:"fatal,omitempty"`
		Results       []resultRecord `json:"results"`
		Notifications []noteRecord   `json:"notifications"`
		Stats         map[string]any `json:"stats"`
	}{Targets: rep.Targets, Complete: !rep.Incomplete(), Results: []resultRecord{}, Notifications: []noteRecord{}}
	if rep.Fatal != nil {
		out.Fatal = rep.Fatal.Error()
	}
	for _, r := range rep.Results {
		out.Results = append(out.Results, resultRecordOf(r))
	}
	for _, n := range rep.Notifications {
		out.Notifications = append(out.Notifications, noteRecordOf(n))
	}
	out.Stats = statsRecord(rep)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }

func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
