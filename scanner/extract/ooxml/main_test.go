package ooxml

import (
	"flag"
	"os"
	"testing"
)

// TestMain bounds how long the fuzzer minimises each new input, unless
// -fuzzminimizetime is given. Go minimises every input that finds new
// coverage before it fuzzes on, for up to 60 s by default, trying to
// remove each byte and then every run of bytes: quadratic in the input's
// size. The inputs here are whole files of kilobytes (compound files,
// zip packages, worksheets), so a single minimisation took the whole of
// a 20 s run, and the fuzzer reported a dozen executions. A few thousand
// tries shorten most inputs as far as they go anyway.
func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.fuzzminimizetime" })
	if !given {
		if err := flag.Set("test.fuzzminimizetime", fuzzMinimize); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

// fuzzMinimize is the default minimisation budget, in executions.
const fuzzMinimize = "2000x"
