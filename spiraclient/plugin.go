package spiraclient

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// PluginScreen is where a Spira administrator finds the data-sync plug-in
// records.
const PluginScreen = "System Administration > Integrations > Data Synchronization"

var (
	// ErrPluginNotFound: no data-sync plug-in record has the ID (it was
	// deleted, or the ID is stale). Spira's data-mapping reads answer such
	// an ID with nothing, not an error, so callers must not go on to read
	// its mappings: every artifact would look unmapped.
	ErrPluginNotFound = errors.New("spira: no such data-sync plug-in")
	// ErrSpiraTooOld: Spira is older than 7.5 and has no REST v7_0.
	ErrSpiraTooOld = errors.New("spira: older than 7.5, no REST v7_0")
	// ErrMappingPermission: Spira refused a data-mapping call (401). Since
	// 7.5 these calls check more than product membership (a role; the
	// rule is not published); a refused login matches too, as Spira
	// answers both with 401.
	ErrMappingPermission = errors.New("spira: data-mapping call refused")
)

// PluginNotFoundError is a GET data-syncs/{id} for an ID that has no record.
type PluginNotFoundError struct {
	ID  int
	Err error // the 404
}

func (e *PluginNotFoundError) Error() string {
	return fmt.Sprintf("Spira has no data-sync plug-in with ID %d: it was deleted, or the ID is stale. "+
		"Look up the plug-in in Spira under %s and use its current name and ID (pull the mapping again if a mapping file names plug-in %d); "+
		"nothing was written", e.ID, PluginScreen, e.ID)
}

// Is matches ErrPluginNotFound and ErrNotFound.
func (e *PluginNotFoundError) Is(target error) bool {
	return target == ErrPluginNotFound || target == ErrNotFound
}

// Unwrap returns the 404.
func (e *PluginNotFoundError) Unwrap() error { return e.Err }

// pluginNotFound turns the 404 of a record that is absent (not of a route
// that is absent) into a *PluginNotFoundError.
func pluginNotFound(id int, err error) error {
	var ae *APIError
	if errors.As(err, &ae) && ae.StatusCode == 404 && !ae.routeAbsent() {
		return &PluginNotFoundError{ID: id, Err: err}
	}
	return err
}

// routeAbsent reports whether a 404 says the path is no call of the REST
// service (WCF's "Endpoint not found", or a web server's page because the
// service is not there), rather than that a record does not exist.
func (e *APIError) routeAbsent() bool {
	if e.StatusCode != 404 {
		return false
	}
	if _, page := e.htmlPage(); page {
		return true
	}
	for _, m := range e.Messages {
		if strings.HasPrefix(m, "Endpoint not found") {
			return true
		}
	}
	return false
}

// TooOldError is a v7_0 call to a Spira that has no REST v7_0: its version,
// read from REST v6_0, is below 7.5.
type TooOldError struct {
	Version RemoteVersion
	Err     error // the 404 of the v7_0 call
}

func (e *TooOldError) Error() string {
	call := ""
	var ae *APIError
	if errors.As(e.Err, &ae) {
		call = fmt.Sprintf(" (%s %s answered 404)", ae.Method, ae.URL)
	}
	return fmt.Sprintf("Spira %s is older than 7.5 and has no REST API v7_0, which spirajira uses%s: upgrade Spira to 7.5 or later",
		e.Version.Version, call)
}

// Is matches ErrSpiraTooOld.
func (e *TooOldError) Is(target error) bool { return target == ErrSpiraTooOld }

// Unwrap returns the 404.
func (e *TooOldError) Unwrap() error { return e.Err }

// Before reports whether v is older than major.minor; a version that does
// not parse is not.
func (v RemoteVersion) Before(major, minor int) bool {
	parts := strings.Split(strings.TrimSpace(v.Version), ".")
	n := make([]int, 2)
	for i := 0; i < 2 && i < len(parts); i++ {
		x, err := strconv.Atoi(strings.TrimSpace(parts[i]))
		if err != nil {
			return false
		}
		n[i] = x
	}
	return n[0] < major || n[0] == major && n[1] < minor
}

// legacyVersionPath is system/product-version in REST v6_0, relative to
// the v7_0 service root; Spira serves it before and after 7.5.
const legacyVersionPath = "../../v6_0/RestService.svc/system/product-version"

// versionProbe remembers the answer of REST v6_0's product version, read
// once when a v7_0 call finds no route.
type versionProbe struct {
	mu   sync.Mutex
	done bool
	v    *RemoteVersion
}

// tooOld reads the version over REST v6_0 (once per client) and returns a
// *TooOldError when it is below 7.5, else nil.
func (c *Client) tooOld(ctx context.Context, notFound error) error {
	c.probe.mu.Lock()
	defer c.probe.mu.Unlock()
	if !c.probe.done {
		var v RemoteVersion
		err := c.doOnce(ctx, request{method: "GET", path: legacyVersionPath}, &v)
		var ne *NetworkError
		if !errors.As(err, &ne) {
			c.probe.done = true
			if err == nil && v.Version != "" {
				c.probe.v = &v
			}
		}
	}
	if c.probe.v != nil && c.probe.v.Before(7, 5) {
		return &TooOldError{Version: *c.probe.v, Err: notFound}
	}
	return nil
}

// DataSyncStatusText names a plug-in's run status as Spira does, and says
// "unknown (N)" for a status this client does not know: Spira 7.13 added an
// "In Progress" status whose ID is not documented.
func DataSyncStatusText(d RemoteDataSyncSystem) string {
	switch d.DataSyncStatusID {
	case DataSyncStatusSuccess, DataSyncStatusFailure, DataSyncStatusWarning, DataSyncStatusNotRun:
		if d.DataSyncStatusName != "" {
			return d.DataSyncStatusName
		}
		return [...]string{"", "Success", "Failure", "Warning", "Not Run"}[d.DataSyncStatusID]
	}
	if d.DataSyncStatusName != "" {
		return fmt.Sprintf("%s (unknown status %d)", d.DataSyncStatusName, d.DataSyncStatusID)
	}
	return fmt.Sprintf("unknown (%d)", d.DataSyncStatusID)
}

// IsInProgress reports whether the record's status reads "In Progress",
// which a data-sync service sets while it runs the plug-in (Spira 7.13+).
func IsInProgress(d RemoteDataSyncSystem) bool {
	return strings.EqualFold(strings.TrimSpace(d.DataSyncStatusName), "In Progress")
}
