//go:build linux

package local

import (
	"io/fs"
	"strconv"
	"syscall"
)

// version is "ctime:inode" from the file's status (nanoseconds since the
// epoch, then the inode number): every write changes ctime, and so do
// renames over the file, chmod and chown, which is fine: a false change
// costs a rescan, a missed one a finding. "" when fi carries no Stat_t.
func version(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	ns := int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec) // int32 fields on 32-bit Linux
	return strconv.FormatInt(ns, 10) + ":" + strconv.FormatUint(st.Ino, 10)
}
