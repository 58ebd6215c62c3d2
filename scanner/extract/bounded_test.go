package extract

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestBounded(t *testing.T) {
	tests := []struct {
		name, in string
		n        int64
		want     string
		cut      bool
	}{
		{"under", "abc", 10, "abc", false},
		{"exactly the bound is not cut", "abcd", 4, "abcd", false},
		{"over", "abcdef", 4, "abcd", true},
		{"zero bound", "abc", 0, "", true},
		{"empty", "", 3, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBounded(context.Background(), strings.NewReader(tc.in), tc.n)
			got, err := io.ReadAll(b)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want || b.Cut() != tc.cut {
				t.Errorf("read %q cut %v, want %q cut %v", got, b.Cut(), tc.want, tc.cut)
			}
		})
	}
}

func TestBoundedStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	b := NewBounded(ctx, strings.NewReader("abcdef"), 100)
	var one [1]byte
	if _, err := b.Read(one[:]); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := b.Read(one[:]); !errors.Is(err, context.Canceled) {
		t.Errorf("after cancel: %v", err)
	}
}

func TestBoundedChargesTotal(t *testing.T) {
	var total int64
	b := NewBounded(context.Background(), strings.NewReader("abcdef"), 4)
	b.total = &total
	io.ReadAll(b)
	if total != 4 {
		t.Errorf("total = %d, want 4", total)
	}
}
