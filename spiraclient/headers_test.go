package spiraclient_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// Spira's API guide asks for both JSON headers on every call; a read sends
// them as a write does.
func TestEveryCallSendsTheJSONHeaders(t *testing.T) {
	f := newFixture(t)
	_, err := f.c.Projects(context.Background())
	require.NoError(t, err)
	r := f.rec.last()
	require.Equal(t, "GET", r.Method)
	require.Equal(t, "application/json", r.Header.Get("Accept"))
	require.Equal(t, "application/json", r.Header.Get("Content-Type"))
}
