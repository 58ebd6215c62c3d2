package main

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/report"
	"github.com/credsweep/credsweep/scanner"
)

// plan is what `credsweep plan` writes: the units a scan of the targets is
// made of. Its JSON form is documented in the README.
type plan struct {
	// Category is the SARIF category of the whole scan: every shard uses
	// it, so merging the shards gives one run.
	Category string     `json:"category"`
	Units    []planUnit `json:"units"`
}

type planUnit struct {
	ID     string `json:"id"`
	Target string `json:"target"`
	Size   int64  `json:"size"`
	// Label is the URI label of a local target in a scan of several
	// (see the README's "Where a result is").
	Label string `json:"label,omitempty"`
}

func newPlanCmd() *cobra.Command {
	var f scanFlags
	var out string
	cmd := &cobra.Command{
		Use:   "plan [flags] TARGET... [-o plan.json]",
		Short: "List the units a scan is made of (shares, drives, folders), for sharding",
		Long: `List the units a scan of the targets is made of, each with a stable id and an
estimated size where cheap: every disk share of an SMB server, the user's My Drive
and each shared drive of a Drive target, the target itself for a local folder.
` + "`credsweep scan --shard INDEX/COUNT`" + ` scans the units of one shard.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			p, err := makePlan(ctx, args, &f)
			if err != nil {
				return err
			}
			if out != "" {
				b, _ := json.MarshalIndent(p, "", "  ")
				if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
					return &exitError{code: exitFatal, err: err}
				}
			}
			return writePlan(cmd.OutOrStdout(), p)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&out, "output", "o", "", "also write the plan as JSON to `FILE`")
	f.smb.register(fl)
	f.drive.register(fl)
	return cmd
}

// makePlan opens the targets (so a wrong password fails here) and lists
// their units.
func makePlan(ctx context.Context, args []string, f *scanFlags) (*plan, error) {
	if len(args) == 0 {
		return nil, usageErr("no target")
	}
	targets, _, err := openTargets(ctx, args, f, len(args) > 1)
	defer closeTargets(targets)
	if err != nil {
		return nil, &exitError{code: exitFatal, err: err}
	}
	p := &plan{}
	var ids []string
	labels := scanner.Labels(targets)
	for i, t := range targets {
		ids = append(ids, identityOf(t))
		sp, ok := t.Connector.(connectors.Splitter)
		if !ok || t.Unavailable != nil {
			// An unavailable target is one unit: the shard it falls to
			// reports it.
			p.Units = append(p.Units, planUnit{ID: identityOf(t), Target: args[i], Size: -1, Label: labels[i]})
			continue
		}
		us, err := sp.Units(ctx)
		if err != nil {
			return nil, &exitError{code: exitFatal, err: fmt.Errorf("%s: %w", t.Name, err)}
		}
		for _, u := range us {
			p.Units = append(p.Units, planUnit{ID: u.ID, Target: u.Target, Size: u.Size})
		}
	}
	p.Category = report.DefaultCategory(ids)
	return p, nil
}

func identityOf(t scanner.Target) string {
	if t.Identity != "" {
		return t.Identity
	}
	return t.Name
}

func writePlan(w io.Writer, p *plan) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "UNIT\tSIZE\n")
	var total int64
	known := true
	for _, u := range p.Units {
		size := "?"
		if u.Size >= 0 {
			size = formatSize(u.Size)
			total += u.Size
		} else {
			known = false
		}
		fmt.Fprintf(tw, "%s\t%s\n", u.ID, size)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d units", len(p.Units))
	if known && len(p.Units) > 0 {
		fmt.Fprintf(w, ", %s in all", formatSize(total))
	}
	fmt.Fprintf(w, "; category %s\n", p.Category)
	return nil
}

func formatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d B", n)
}

// shardSpec is --shard INDEX/COUNT; INDEX "env" is JOB_COMPLETION_INDEX
// (a Kubernetes Indexed Job).
type shardSpec struct{ index, count int }

func parseShard(s string) (shardSpec, error) {
	i, n, ok := strings.Cut(s, "/")
	if !ok {
		return shardSpec{}, fmt.Errorf("--shard must be INDEX/COUNT, not %q", s)
	}
	if i == "env" {
		i = os.Getenv("JOB_COMPLETION_INDEX")
		if i == "" {
			return shardSpec{}, fmt.Errorf("--shard env/%s: JOB_COMPLETION_INDEX is not set", n)
		}
	}
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil || cnt < 1 || idx < 0 || idx >= cnt {
		return shardSpec{}, fmt.Errorf("--shard %s: INDEX must be 0..COUNT-1", s)
	}
	return shardSpec{idx, cnt}, nil
}

// shardOf picks a unit's shard by rendezvous hashing: the shard with the
// highest hash of (unit, shard) wins, so changing COUNT moves only the
// units whose winner changed (about 1/COUNT of them).
func shardOf(unit string, count int) int {
	best, bestScore := 0, uint64(0)
	for k := range count {
		h := sha256.Sum256([]byte(unit + "\x00" + strconv.Itoa(k)))
		if s := binary.BigEndian.Uint64(h[:8]); k == 0 || s > bestScore {
			best, bestScore = k, s
		}
	}
	return best
}

// shardTargets narrows the targets to one shard's units and returns the
// plan's category, which the shard must use.
func shardTargets(ctx context.Context, args []string, f *scanFlags, s shardSpec) ([]string, string, map[string]string, error) {
	p, err := makePlan(ctx, args, f)
	if err != nil {
		return nil, "", nil, err
	}
	var out []string
	labels := map[string]string{}
	for _, u := range p.Units {
		if shardOf(u.ID, s.count) == s.index {
			out = append(out, u.Target)
			if u.Label != "" {
				labels[u.Target] = u.Label
			}
		}
	}
	sort.Strings(out)
	return out, p.Category, labels, nil
}
