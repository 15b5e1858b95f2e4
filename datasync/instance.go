package datasync

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Instance names what a sync state and journal describe: one product of one
// plug-in record of one Spira, synced with one Jira site. The files of the
// state directory are named by it and record it, so that a sandbox and a
// real site with the same plug-in and product IDs never read each other's.
type Instance struct {
	SpiraURL  string `json:"spiraURL"`
	JiraSite  string `json:"jiraSite"`
	PluginID  int    `json:"pluginId"`
	ProductID int    `json:"productId"`
}

// ErrOtherInstance means a state or journal file was recorded for another
// Spira, Jira site, plug-in record or product than the run's.
var ErrOtherInstance = errors.New("the sync state belongs to another Spira or Jira")

func instanceOf(cfg Config) Instance {
	return Instance{SpiraURL: canonicalURL(cfg.Spira.BaseURL()), JiraSite: canonicalURL(cfg.Jira.SiteURL()),
		PluginID: cfg.PluginID, ProductID: cfg.ProductID}
}

// canonicalURL is u with the scheme and host in lower case, without a
// default port, a trailing slash, a query or a fragment: the same site
// however it was typed.
func canonicalURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return strings.TrimRight(strings.ToLower(strings.TrimSpace(u)), "/")
	}
	scheme, host := strings.ToLower(p.Scheme), strings.ToLower(p.Host)
	host = strings.TrimSuffix(strings.TrimSuffix(host, ":443"), ":80")
	return scheme + "://" + host + strings.TrimRight(p.EscapedPath(), "/")
}

func (in Instance) String() string {
	return fmt.Sprintf("product %d of plug-in %d on %s with Jira %s", in.ProductID, in.PluginID, in.SpiraURL, in.JiraSite)
}

// digest is a short hash of the parts given, for file names.
func digest(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\n")))
	return hex.EncodeToString(sum[:6])
}

// fileSuffix names the state and the journal: plug-in, product and a hash
// of both sites, so that the names stay readable.
func (in Instance) fileSuffix() string {
	return fmt.Sprintf("%d-%d-%s", in.PluginID, in.ProductID,
		digest(in.SpiraURL, in.JiraSite, strconv.Itoa(in.PluginID), strconv.Itoa(in.ProductID)))
}

// lockName names the run lock, which is per Spira, plug-in record and
// product: two Jira sites synced with one product at once would still
// race on Spira's side.
func (in Instance) lockName() string {
	return fmt.Sprintf("lock-%d-%d-%s", in.PluginID, in.ProductID, digest(in.SpiraURL, strconv.Itoa(in.PluginID), strconv.Itoa(in.ProductID)))
}

// check refuses a file recorded for another instance. A file that records
// none is checked by its caller.
func (in Instance) check(recorded *Instance, path string) error {
	if recorded == nil || *recorded == in {
		return nil
	}
	return fmt.Errorf("%w: %s was recorded for %s, and this run is for %s. Use another state directory (SPIRAJIRA_STATE_DIR) for one of them, or delete the file if it is no longer needed",
		ErrOtherInstance, path, *recorded, in)
}
