package extract

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestContextErr(t *testing.T) {
	tests := []struct {
		name  string
		setup func() (context.Context, context.CancelFunc)
		want  error // nil: the context still runs
		limit bool  // the error must name the time limit
	}{
		{"running", func() (context.Context, context.CancelFunc) {
			return WithTimeLimit(context.Background(), time.Hour)
		}, nil, false},
		{"time limit", func() (context.Context, context.CancelFunc) {
			return WithTimeLimit(context.Background(), time.Nanosecond)
		}, ErrLimit, true},
		{"caller cancelled", func() (context.Context, context.CancelFunc) {
			parent, cancel := context.WithCancel(context.Background())
			cancel()
			return WithTimeLimit(parent, time.Hour)
		}, context.Canceled, false},
		{"caller deadline", func() (context.Context, context.CancelFunc) {
			parent, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
			ctx, c2 := WithTimeLimit(parent, time.Hour)
			return ctx, func() { c2(); cancel() }
		}, context.DeadlineExceeded, false},
		{"no limit set", func() (context.Context, context.CancelFunc) {
			return WithTimeLimit(context.Background(), 0)
		}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := tc.setup()
			defer cancel()
			if tc.want != nil {
				<-ctx.Done()
			}
			err := ContextErr(ctx)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("ContextErr = %v, want %v", err, tc.want)
			}
			if got := err != nil && strings.Contains(err.Error(), "took longer than"); got != tc.limit {
				t.Errorf("names the time limit = %v (%v)", got, err)
			}
			if tc.limit && errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("a time limit must not look like the caller's deadline: %v", err)
			}
		})
	}
}
