package ghupload

import (
	"compress/gzip"
	"encoding/base64"
	"io"
)

func newGzip(w io.Writer) *gzip.Writer { return gzip.NewWriter(w) }

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
