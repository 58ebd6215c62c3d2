package smb

import (
	"context"
	"net/url"
	"strings"

	"github.com/cloudsoda/go-smb2"

	"github.com/credsweep/credsweep/connectors"
)

var _ connectors.Splitter = (*Connector)(nil)

// Units lists the disk shares a Walk of this target would walk: the share
// of the URL, or every disk share of the server (administrative ones only
// with IncludeAdminShares).
func (c *Connector) Units(ctx context.Context) ([]connectors.Unit, error) {
	if c.target.Share != "" {
		return []connectors.Unit{c.unit(c.target.Share)}, nil
	}
	shares, err := c.listShares(ctx)
	if err != nil {
		return nil, err
	}
	var out []connectors.Unit
	for _, sh := range shares {
		if sh.Type() != smb2.ShareTypeDiskTree || strings.HasSuffix(sh.Name, "$") && !c.opts.IncludeAdminShares {
			continue
		}
		out = append(out, c.unit(sh.Name))
	}
	return out, nil
}

func (c *Connector) unit(share string) connectors.Unit {
	t := c.target
	if t.Share == "" {
		t.Share = share
	}
	id := "smb://" + strings.ToLower(t.hostPort(false)) + "/" + url.PathEscape(strings.ToLower(share))
	if t.Path != "" {
		id += "/" + t.Path
	}
	return connectors.Unit{ID: id, Target: t.String(), Size: -1}
}
