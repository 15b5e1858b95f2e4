package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/spirajira/spirajira/internal/words"
)

// planCounts says what the plan holds, kind by kind: "2 create, 1 update".
func (s syncScreen) planCounts() string {
	counts := map[string]int{}
	for _, a := range s.plan.Actions {
		counts[string(a.Kind)]++
	}
	var parts []string
	for _, k := range s.kinds[1:] {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
	}
	return strings.Join(parts, ", ")
}

// runQuestion is asked before r writes to both sides.
func (s syncScreen) runQuestion() string {
	return fmt.Sprintf("Run this sync of %s? It writes to Jira and Spira: %s (%s). y runs it, n cancels.",
		s.productLabel(), s.planCounts(), words.Count(len(s.plan.Actions), "action"))
}

func (s *syncScreen) answerRun(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, s.keys.Yes):
		s.askRun = false
		s.running, s.stopped, s.done, s.total, s.log, s.report, s.runErr = true, false, 0, len(s.plan.Actions), nil, nil, ""
		s.runSeq++
		s.ch = make(chan tea.Msg, 64)
		var ctx context.Context
		ctx, s.stop = context.WithCancel(s.env.ctx)
		return startSyncCmd(ctx, s.b, s.runSeq, s.plan, s.ch)
	case key.Matches(msg, s.keys.No):
		s.askRun = false
		return flash("Not run: nothing was written")
	}
	return nil
}

// stopKey is esc while a plan is computed or a sync runs: it stops it.
func (s *syncScreen) stopKey(msg tea.KeyMsg) tea.Cmd {
	if !key.Matches(msg, s.keys.Stop) || s.stop == nil {
		return nil
	}
	s.stop()
	if s.running {
		return flash("Stopping the sync after the item in flight…")
	}
	s.stop = nil
	s.load.drop()
	return flash("Planning stopped")
}

// stoppedLine says what a run stopped before its end did and what the next
// run finishes; "" unless the run was stopped.
func (s syncScreen) stoppedLine() string {
	if s.running {
		// Quit at once, before the run wound down.
		return fmt.Sprintf("The sync of %s was interrupted after %d of %d actions; the next sync (spirajira sync, or r on the Sync screen) plans again and does the rest.",
			s.productLabel(), s.done, s.total)
	}
	if !s.stopped || s.report == nil {
		return ""
	}
	counts := s.reportCounts()
	done := fmt.Sprintf("%d of %d actions done", s.done, s.total)
	if len(counts) > 0 {
		done += " (" + strings.Join(counts, ", ") + ")"
	}
	next := "the next sync (r on the Sync screen, or spirajira sync) plans again and does the rest"
	if left := s.total - s.done; left > 0 {
		next = fmt.Sprintf("the next sync (r on the Sync screen, or spirajira sync) plans again and does the %s left", words.Count(left, "action"))
	}
	return fmt.Sprintf("The sync of %s was stopped: %s; %s.", s.productLabel(), done, next)
}
