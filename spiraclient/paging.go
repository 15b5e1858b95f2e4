package spiraclient

import (
	"context"
	"iter"
	"time"
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

// since walks a list that the server sorts ascending by a date that only
// grows for an item (its creation or its last change), asking each page from
// the last date seen rather than from a row number. An offset walk skips an
// item whenever one already read moves to the end (edited) or leaves the
// list (deleted) while the walk goes on, because the rows after it shift
// up; a walk by date is not moved by either. Each item is yielded once, by
// ID. fetch gets the date to start from and a 1-based row within the items
// at or after it; rows are used only to step through a page's worth of
// items that share one date.
func since[T any](ctx context.Context, size int, from time.Time, date func(T) time.Time, id func(T) int, fetch func(ctx context.Context, from time.Time, start, n int) ([]T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		seen := map[int]bool{}
		cursor, start := from, 1
		for {
			page, err := fetch(ctx, cursor, start, size)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range page {
				if seen[id(v)] {
					continue
				}
				seen[id(v)] = true
				if !yield(v, nil) {
					return
				}
			}
			if len(page) < size {
				return
			}
			if last := date(page[len(page)-1]); last.After(cursor) {
				cursor, start = last, 1
			} else {
				start += len(page) // a full page of one date: step by rows
			}
		}
	}
}
