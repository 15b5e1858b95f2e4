package spiraclient_test

import (
	"net/http"
	"net/http/httptest"
)

func httptestServer(h http.HandlerFunc) *httptest.Server { return httptest.NewServer(h) }
