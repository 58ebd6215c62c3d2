package extract

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// counter is a step giving "0\n1\n...", n lines, then fail (io.EOF when
// nil). A negative panicAt makes no panic.
func counter(n int, fail error, panicAt int) func([]byte) ([]byte, error) {
	i := 0
	return func(dst []byte) ([]byte, error) {
		for ; len(dst) < 16 && i < n; i++ {
			if i == panicAt {
				panic("boom")
			}
			dst = fmt.Appendf(dst, "%d\n", i)
		}
		if i < n {
			return dst, nil
		}
		if fail == nil {
			return dst, io.EOF
		}
		return dst, fail
	}
}

func TestPull(t *testing.T) {
	damage := MalformedError("bad token")
	tests := []struct {
		name    string
		step    func([]byte) ([]byte, error)
		max     int64
		lines   int   // complete lines expected in the output at least
		wantErr error // from Read and Err
	}{
		{"clean end", counter(100, nil, -1), 0, 100, nil},
		{"under the cap", counter(100, nil, -1), 1 << 20, 100, nil},
		{"over the cap", counter(100000, nil, -1), 64, 0, ErrLimit},
		{"decoding error after text", counter(50, damage, -1), 0, 50, damage},
		{"panic in step", counter(100, nil, 30), 0, 0, ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPull(tc.step, tc.max)
			out, err := io.ReadAll(p)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Fatalf("ReadAll err = %v, want %v", err, tc.wantErr)
			}
			if !errors.Is(p.Err(), tc.wantErr) || (tc.wantErr == nil) != (p.Err() == nil) {
				t.Errorf("Err = %v, want %v", p.Err(), tc.wantErr)
			}
			if n := strings.Count(string(out), "\n"); n < tc.lines {
				t.Errorf("%d lines, want at least %d", n, tc.lines)
			}
			if tc.max > 0 && int64(len(out)) > tc.max+PullChunk {
				t.Errorf("%d bytes out past a cap of %d", len(out), tc.max)
			}
		})
	}
}

func TestPullSplit(t *testing.T) {
	damage := MalformedError("bad token")
	stop := errors.New("sink full")
	tests := []struct {
		name          string
		fail          error // step's error at its end
		sinkErr       error
		fatal, decode error
	}{
		{"all clean", nil, nil, nil, nil},
		{"sink passes decoding error on", damage, damage, nil, damage},
		{"sink wraps decoding error", damage, fmt.Errorf("reading: %w", damage), nil, damage},
		{"sink's own error", nil, stop, stop, nil},
		{"both", damage, stop, stop, damage},
		{"decoding error the sink ignored", damage, nil, nil, damage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := NewPull(counter(3, tc.fail, -1), 0)
			io.ReadAll(p)
			fatal, decode := p.Split(tc.sinkErr)
			if fatal != tc.fatal || !errors.Is(decode, tc.decode) || (decode == nil) != (tc.decode == nil) {
				t.Errorf("Split = %v, %v; want %v, %v", fatal, decode, tc.fatal, tc.decode)
			}
		})
	}
}

func TestPullDrain(t *testing.T) {
	damage := MalformedError("bad token")
	for _, tc := range []struct {
		name string
		fail error
	}{{"clean", nil}, {"damaged", damage}} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			step := counter(1000, tc.fail, -1)
			p := NewPull(func(dst []byte) ([]byte, error) { calls++; return step(dst) }, 0)
			var b [4]byte
			p.Read(b[:]) // a sink that stops early
			if err := p.Drain(); !errors.Is(err, tc.fail) || (err == nil) != (tc.fail == nil) {
				t.Errorf("Drain = %v, want %v", err, tc.fail)
			}
			before := calls
			p.Drain()
			if calls != before {
				t.Error("step called again after its end")
			}
		})
	}
}
