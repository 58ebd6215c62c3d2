package ghupload

import (
	"context"
	"net/http"
)

// ListAlertsPage reads one page of alerts at an absolute URL (tests).
func (c *Client) ListAlertsPage(ctx context.Context, u string) ([]Alert, error) {
	var page []Alert
	_, err := c.do(ctx, http.MethodGet, u, nil, &page)
	return page, err
}

var NextLink = nextLink
