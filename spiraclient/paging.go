package spiraclient

import (
	"context"
	"iter"
)

// pageSize is the number of rows per page; Spira caps it at MaxPageSize.
var defaultPageSize = MaxPageSize

// WithPageSize sets the rows per page of paged calls (1..500).
func WithPageSize(n int) Option {
	return func(c *Client) {
		if n >= 1 && n <= MaxPageSize {
			c.pageSize = n
		}
	}
}

func (c *Client) rows() int {
	if c.pageSize == 0 {
		return defaultPageSize
	}
	return c.pageSize
}

// pages walks a 1-based start_row paging until a short page. fetch gets the
// start row and the page size.
func pages[T any](ctx context.Context, size int, fetch func(ctx context.Context, start, n int) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		start := 1
		for {
			page, err := fetch(ctx, start, size)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range page {
				if !yield(v, nil) {
					return
				}
			}
			if len(page) < size {
				return
			}
			start += len(page)
		}
	}
}

// Collect gathers a paged sequence into a slice, stopping at the first error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}
