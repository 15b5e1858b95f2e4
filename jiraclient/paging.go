package jiraclient

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"
	"strconv"
)

// getPage fetches one PageBean page of path.
func getPage[T any](ctx context.Context, c *Client, path string, q url.Values, startAt, maxResults int) (*Page[T], error) {
	qq := url.Values{}
	for k, v := range q {
		qq[k] = v
	}
	qq.Set("startAt", strconv.Itoa(startAt))
	if maxResults > 0 {
		qq.Set("maxResults", strconv.Itoa(maxResults))
	}
	var p Page[T]
	if err := c.get(ctx, path, qq, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// pageDone applies the spec's robust stop rule: isLast, an empty page, or
// startAt+len(values) reaching total.
func pageDone(isLast bool, startAt, n, total int, totalKnown bool) bool {
	return isLast || n == 0 || (totalKnown && startAt+n >= total)
}

// pages walks every page of a PageBean list.
func pages[T any](ctx context.Context, c *Client, path string, q url.Values, size int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		start := 0
		for {
			p, err := getPage[T](ctx, c, path, q, start, size)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range p.Values {
				if !yield(v, nil) {
					return
				}
			}
			if pageDone(p.IsLast, p.StartAt, len(p.Values), p.Total, p.Total > 0 || p.IsLast) {
				return
			}
			start = p.StartAt + len(p.Values)
		}
	}
}

// collect gathers a sequence into a slice, stopping at the first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	out := []T{}
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// decodeAll decodes each raw value, skipping the ones that do not fit.
func decodeAll[T any](raws []json.RawMessage) []T {
	out := make([]T, 0, len(raws))
	for _, r := range raws {
		var v T
		if json.Unmarshal(r, &v) == nil {
			out = append(out, v)
		}
	}
	return out
}
