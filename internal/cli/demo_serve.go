package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os/signal"
	"syscall"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/sandbox"
)

// demoServeInfo is the line "demo --serve --json" prints once both
// services listen. The credentials are the sandbox's own, not secrets.
type demoServeInfo struct {
	Jira struct {
		URL     string `json:"url"`
		Email   string `json:"email"`
		Token   string `json:"token"`
		Project string `json:"project"`
		User    struct {
			Email string `json:"email"`
			Token string `json:"token"`
		} `json:"user"`
	} `json:"jira"`
	Spira struct {
		URL     string `json:"url"`
		Login   string `json:"login"`
		APIKey  string `json:"apiKey"`
		Product int    `json:"product"`
	} `json:"spira"`
	// Second is the second product of --two-products.
	Second *struct {
		Product int    `json:"product"`
		Project string `json:"project"`
	} `json:"second,omitempty"`
	// StateDir is a throw-away state directory for syncs against the
	// sandbox, removed when it stops.
	StateDir string `json:"stateDir"`
}

func demoInfo(sb *sandbox.Sandbox) demoServeInfo {
	var d demoServeInfo
	jc, uc, sc := sb.JiraCredentials(), sb.JiraUserCredentials(), sb.SpiraCredentials()
	d.Jira.URL, d.Jira.Email, d.Jira.Token, d.Jira.Project = jc.URL, jc.Email, jc.Token, sb.ProjectKey
	d.Jira.User.Email, d.Jira.User.Token = uc.Email, uc.Token
	d.Spira.URL, d.Spira.Login, d.Spira.APIKey, d.Spira.Product = sc.URL, sc.Login, sc.APIKey, sb.ProductID
	d.StateDir = sb.StateDir
	return d
}

// demoServe prints how to reach the sandbox and waits for SIGINT/SIGTERM
// or the end of ctx.
func demoServe(ctx context.Context, o *DemoOptions, sb *sandbox.Sandbox) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	info := demoInfo(sb)
	if o.TwoProducts {
		info.Second = &struct {
			Product int    `json:"product"`
			Project string `json:"project"`
		}{sandbox.SecondProductID, sandbox.SecondProjectKey}
	}
	if o.JSON {
		b, err := json.Marshal(info)
		if err != nil {
			return err
		}
		fmt.Fprintln(o.IO.Out, string(b))
	} else {
		w := o.IO.Out
		fmt.Fprintf(w, "Jira Cloud (simulated):  %s  project %s\n", info.Jira.URL, info.Jira.Project)
		fmt.Fprintf(w, "  admin   %s  token %s\n", info.Jira.Email, info.Jira.Token)
		fmt.Fprintf(w, "  user    %s  token %s\n", info.Jira.User.Email, info.Jira.User.Token)
		fmt.Fprintf(w, "Spira (simulated):       %s  product %d\n", info.Spira.URL, info.Spira.Product)
		fmt.Fprintf(w, "  login   %s  API key %s\n", info.Spira.Login, info.Spira.APIKey)
		if info.Second != nil {
			fmt.Fprintf(w, "  and product %d, mapped to Jira project %s: try 'spirajira sync --all'\n", info.Second.Product, info.Second.Project)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "To point spirajira at it from another shell:")
		fmt.Fprintf(w, "  export %s=%s %s=%s\n", config.EnvConfigDir, sb.ConfigDir, config.EnvStateDir, sb.StateDir)
		fmt.Fprintf(w, "  export %s=%s %s=%s %s=%s\n", config.EnvJiraURL, info.Jira.URL, config.EnvJiraEmail, info.Jira.Email, config.EnvJiraToken, info.Jira.Token)
		fmt.Fprintf(w, "  export %s=%s %s=%s %s='%s'\n", config.EnvSpiraURL, info.Spira.URL, config.EnvSpiraLogin, info.Spira.Login, config.EnvSpiraAPIKey, info.Spira.APIKey)
		fmt.Fprintln(w, "\nPress Ctrl-C to stop.")
	}
	<-ctx.Done()
	return nil
}
