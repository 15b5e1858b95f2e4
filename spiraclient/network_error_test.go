package spiraclient

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/spirajira/spirajira/internal/httpx"
	"github.com/stretchr/testify/require"
)

func TestRefusedConnectionNamesTheURLToCheck(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens there now

	c, err := New("http://"+addr, "fredbloggs", "{7A05FD06-83C3-4436-B37F-51BCF0060483}", WithRetry(&httpx.Retry{MaxRetries: -1}))
	require.NoError(t, err)
	_, err = c.CurrentUser(context.Background())
	require.Error(t, err)
	var ne *NetworkError
	require.True(t, errors.As(err, &ne), "got %T: %v", err, err)
	require.Contains(t, err.Error(), "check the Spira URL and your network")
	require.NotContains(t, err.Error(), "7A05FD06", "the API key never shows")
}
