package cli

import (
	"context"
	"os"

	"github.com/spirajira/spirajira/internal/config"
	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/tui"
)

// runDemoTUI opens the TUI on a started sandbox, with the sandbox's product
// and project open. Its sync journal lives in a throw-away directory so the
// demo leaves nothing behind; the caller stops the simulators when the TUI
// returns.
func runDemoTUI(ctx context.Context, f *Factory, sb *sandbox.Sandbox) error {
	state, err := os.MkdirTemp("", "spirajira-demo-state-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(state)
	live := tui.NewLive(tui.LiveConfig{
		Profile:   sandbox.ProfileName,
		Sandbox:   true,
		Jira:      config.JiraCredentials{URL: sb.JiraURL, Email: sb.JiraAdmin.Email, Token: sb.JiraAdmin.Token},
		Spira:     config.SpiraCredentials{URL: sb.SpiraURL, Login: sb.SpiraAdmin.Login, APIKey: sb.SpiraAdmin.APIKey, DataSync: config.DefaultDataSync},
		Applier:   sb.Applier(),
		StateDir:  state,
		UserAgent: userAgent(),
	})
	detectBackground(f)
	return tui.Run(ctx, live, tui.Options{
		Profile:     sandbox.ProfileName,
		ProductID:   sb.ProductID,
		JiraProject: sb.ProjectKey,
		NoColor:     !f.IO.ColorEnabled(),
	})
}
