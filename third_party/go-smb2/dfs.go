package smb2

// This file is credsweep's addition to go-smb2 (see PATCHES.md).

import (
	"encoding/binary"
	"unicode/utf16"

	"github.com/cloudsoda/go-smb2/internal/smb2"
)

// maxDFSReferralResponse bounds the referral buffer the server may return;
// a namespace link with hundreds of targets still fits.
const maxDFSReferralResponse = 64 * 1024

// DFSReferrals asks the server for the DFS referral of path, a UNC path
// without the leading backslashes doubled (`\server\share\link`), with
// FSCTL_DFS_GET_REFERRALS ([MS-DFSC] 2.2.2, [MS-SMB2] 3.2.4.20.3). It
// returns the server's RESP_GET_DFS_REFERRAL unparsed: decoding it is the
// caller's business. The request is sent on this tree (IPC$ is the one
// every server accepts) with the all-ones file id the protocol asks for.
// The Share's context bounds the call.
func (fs *Share) DFSReferrals(path string, maxLevel uint16) ([]byte, error) {
	f := &File{fs: fs, name: path, mapping: fs.mapping, fd: &smb2.FileId{
		Persistent: [8]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		Volatile:   [8]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	}}
	req := &smb2.IoctlRequest{
		CtlCode:           smb2.FSCTL_DFS_GET_REFERRALS,
		MaxOutputResponse: maxDFSReferralResponse,
		Flags:             smb2.SMB2_0_IOCTL_IS_FSCTL,
		Input:             dfsReferralRequest{level: maxLevel, name: utf16.Encode([]rune(path))},
	}
	return f.ioctl(req)
}

// dfsReferralRequest is REQ_GET_DFS_REFERRAL: MaxReferralLevel, then the
// NUL-terminated UTF-16LE RequestFileName.
type dfsReferralRequest struct {
	level uint16
	name  []uint16
}

func (r dfsReferralRequest) Size() int { return 2 + 2*len(r.name) + 2 }

func (r dfsReferralRequest) Encode(b []byte) {
	binary.LittleEndian.PutUint16(b, r.level)
	for i, u := range r.name {
		binary.LittleEndian.PutUint16(b[2+2*i:], u)
	}
	binary.LittleEndian.PutUint16(b[2+2*len(r.name):], 0)
}
