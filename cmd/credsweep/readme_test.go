package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestREADMERulesTable checks the README's rules table against the rules
// the binary reports: every rule, with its level, severity and description.
func TestREADMERulesTable(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var table []string
	for _, l := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(l, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(l, "|"), "|")
		if len(cells) != 4 {
			continue
		}
		id := strings.Trim(strings.TrimSpace(cells[0]), "`")
		if !strings.Contains(id, "/") || strings.ContainsAny(id, " ") {
			continue
		}
		table = append(table, fmt.Sprintf("%s %s %s %s", id, strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2]), strings.TrimSpace(cells[3])))
	}
	var rules []string
	for _, r := range allRules() {
		rules = append(rules, fmt.Sprintf("%s %s %.1f %s", r.ID, r.Level, r.Severity, r.Short))
	}
	sort.Strings(table)
	sort.Strings(rules)
	if strings.Join(table, "\n") != strings.Join(rules, "\n") {
		t.Errorf("README rules table differs from `credsweep rules`:\nREADME:\n%s\n\nrules:\n%s", strings.Join(table, "\n"), strings.Join(rules, "\n"))
	}
}
