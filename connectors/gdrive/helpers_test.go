package gdrive

import (
	"context"
	"io"
	"sort"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/credsweep/credsweep/connectors"
	"github.com/credsweep/credsweep/connectors/gdrive/fakedrive"
)

func newFake(t testing.TB) *fakedrive.Server {
	t.Helper()
	s := fakedrive.New()
	t.Cleanup(s.Close)
	return s
}

// testOptions talk to the fake with a static token, fast pacing and
// pages of two, so paging is always exercised.
func testOptions(s *fakedrive.Server) Options {
	return Options{
		Endpoint:    s.URL(),
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.IssueToken()}),
		QPS:         1000, Burst: 100, PageSize: 2, CallTimeout: 10 * time.Second,
	}
}

func connect(t testing.TB, s *fakedrive.Server, tg Target, mod func(*Options)) *Connector {
	t.Helper()
	o := testOptions(s)
	if mod != nil {
		mod(&o)
	}
	c, err := New(context.Background(), tg, o)
	if err != nil {
		t.Fatalf("New(%v): %v", tg, err)
	}
	c.p.base = 5 * time.Millisecond // keep retries quick in tests
	t.Cleanup(func() { c.Close() })
	return c
}

func walk(t testing.TB, c *Connector) []connectors.Item {
	t.Helper()
	var items []connectors.Item
	if err := c.Walk(context.Background(), func(it connectors.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return items
}

// byDisplay indexes items by their display path.
func byDisplay(items []connectors.Item) map[string]connectors.Item {
	m := map[string]connectors.Item{}
	for _, it := range items {
		m[it.Display] = it
	}
	return m
}

func displays(items []connectors.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Display)
	}
	sort.Strings(out)
	return out
}

func readItem(t testing.TB, c *Connector, it connectors.Item) ([]byte, error) {
	t.Helper()
	f, err := c.Open(context.Background(), it)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// readAllParallel opens and reads every unskipped item with n workers.
func readAllParallel(c *Connector, items []connectors.Item, n int) (map[string][]byte, map[string]error) {
	var mu sync.Mutex
	data, errs := map[string][]byte{}, map[string]error{}
	ch := make(chan connectors.Item)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range ch {
				f, err := c.Open(context.Background(), it)
				var b []byte
				if err == nil {
					b, err = io.ReadAll(f)
					f.Close()
				}
				mu.Lock()
				if err != nil {
					errs[it.ID] = err
				} else {
					data[it.ID] = b
				}
				mu.Unlock()
			}
		}()
	}
	for _, it := range items {
		if it.Skip == "" && it.Err == nil {
			ch <- it
		}
	}
	close(ch)
	wg.Wait()
	return data, errs
}

func staticToken(tok string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok})
}
