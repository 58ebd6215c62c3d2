//go:build !linux

package local

import "io/fs"

// version is empty outside Linux: Size and ModTime are all there is.
func version(fs.FileInfo) string { return "" }
