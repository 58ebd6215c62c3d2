package scanner

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/credsweep/credsweep/connectors"
)

// gatedConnector holds the second file's Open until the first file's
// result has been streamed: a scan that only handed out results at its
// end would never get there (the second file would time out).
type gatedConnector struct{ release chan struct{} }

func (c *gatedConnector) Walk(ctx context.Context, fn func(connectors.Item) error) error {
	for _, p := range []string{"a.txt", "b.txt"} {
		if err := fn(connectors.Item{Path: p, ID: p, Size: 20}); err != nil {
			return err
		}
	}
	return nil
}

func (c *gatedConnector) Open(ctx context.Context, it connectors.Item) (connectors.File, error) {
	if it.Path == "b.txt" {
		select {
		case <-c.release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return io.NopCloser(strings.NewReader("TOKEN-1 in " + it.Path + "\n")), nil
}

func (c *gatedConnector) Close() error { return nil }

func TestResultsStreamWhileScanning(t *testing.T) {
	c := &gatedConnector{release: make(chan struct{})}
	var streamed []string
	s := newTestScanner(t, func(o *Options) {
		o.Workers = 2
		o.FileTimeout = 20 * time.Second
		o.OnResult = func(r Result) {
			streamed = append(streamed, r.Location.Path)
			if r.Location.Path == "a.txt" {
				close(c.release)
			}
		}
	})
	rep, err := s.Run(context.Background(), []Target{{Name: "gated", Source: "test", Connector: c}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(streamed, ",") != "a.txt,b.txt" || len(rep.Results) != 2 || rep.Incomplete() {
		t.Errorf("streamed %v, report %d results (incomplete %v): want a.txt then b.txt, both in the report",
			streamed, len(rep.Results), rep.Incomplete())
	}
}
