// Command spirajira connects Inflectra SpiraPlan with Jira Cloud.
package main

import (
	// First, so that no package's initialisation queries the terminal.
	"github.com/spirajira/spirajira/internal/quietinit"

	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/spirajira/spirajira/internal/cli"
)

func main() {
	quietinit.Release()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.SystemIO())
	stop()
	os.Exit(code)
}
