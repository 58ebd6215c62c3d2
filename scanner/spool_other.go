//go:build !linux

package scanner

import "os"

// unnamedTemp opens a file in dir that is unlinked at once.
func unnamedTemp(dir string) (*os.File, error) { return createUnlinked(dir) }
