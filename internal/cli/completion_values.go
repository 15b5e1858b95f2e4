package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/ops"
)

// completionTimeout bounds a completion that asks Jira or Spira: the shell
// waits on it, so the values come quickly or not at all. (A keyring that
// hangs adds its own bounded wait, config.DefaultKeyringTimeout.)
const completionTimeout = 3 * time.Second

// completeFrom turns list into a flag completion bounded by
// completionTimeout. Errors are dropped: a completion that cannot reach a
// service offers nothing rather than printing into the shell.
func completeFrom(f *Factory, list func(ctx context.Context, f *Factory, prefix string) []cobra.Completion) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		ctx, cancel := context.WithTimeout(ctx, completionTimeout)
		defer cancel()
		out := list(ctx, f, prefix)
		dir := cobra.ShellCompDirectiveNoFileComp
		// A project key with its dash ("LIB-") is half an issue key: the
		// shell must let the number follow.
		if len(out) > 0 && strings.HasSuffix(strings.SplitN(out[0], "\t", 2)[0], "-") {
			dir |= cobra.ShellCompDirectiveNoSpace
		}
		return out, dir
	}
}

func hasPrefixFold(s, prefix string) bool {
	return strings.HasPrefix(strings.ToLower(s), strings.ToLower(prefix))
}

// completeProducts offers the Spira products: ID, with the name.
func completeProducts(ctx context.Context, f *Factory, prefix string) []cobra.Completion {
	c, err := f.Spira()
	if err != nil {
		return nil
	}
	ps, err := c.Projects(ctx)
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, p := range ps {
		if id := strconv.Itoa(p.ProjectID); strings.HasPrefix(id, prefix) {
			out = append(out, cobra.CompletionWithDesc(id, p.Name))
		}
	}
	return out
}

// completeJiraProjects offers the keys of the projects the user can browse.
func completeJiraProjects(ctx context.Context, f *Factory, prefix string) []cobra.Completion {
	c, err := f.Jira()
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for p, err := range c.Projects(ctx, jiraclient.ProjectQuery{}) {
		if err != nil {
			return out
		}
		if hasPrefixFold(p.Key, prefix) {
			out = append(out, cobra.CompletionWithDesc(p.Key, p.Name))
		}
	}
	return out
}

// completeCustomFields offers the custom field IDs, with name and type.
func completeCustomFields(ctx context.Context, f *Factory, prefix string) []cobra.Completion {
	c, err := f.Jira()
	if err != nil {
		return nil
	}
	fields, err := c.Fields(ctx)
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, fl := range fields {
		if !fl.Custom || !(hasPrefixFold(fl.ID, prefix) || hasPrefixFold(fl.Name, prefix)) {
			continue
		}
		desc := fl.Name
		if fl.Schema != nil && fl.Schema.Custom != "" {
			desc += " (" + fl.Schema.Custom[strings.LastIndex(fl.Schema.Custom, ":")+1:] + ")"
		}
		out = append(out, cobra.CompletionWithDesc(fl.ID, desc))
	}
	return out
}

// completeIssues offers, before a dash, the project keys with one (LIB-),
// and after it the project's most recently updated issues with their
// summary. (Jira's search refuses a query without a bound such as the
// project.)
func completeIssues(ctx context.Context, f *Factory, prefix string) []cobra.Completion {
	i := strings.Index(prefix, "-")
	if i <= 0 {
		var out []cobra.Completion
		for _, p := range completeJiraProjects(ctx, f, prefix) {
			key, name, _ := strings.Cut(p, "\t")
			out = append(out, cobra.CompletionWithDesc(key+"-", name))
		}
		return out
	}
	c, err := f.Jira()
	if err != nil {
		return nil
	}
	jql := fmt.Sprintf("project = %q ORDER BY updated DESC", strings.ToUpper(prefix[:i]))
	page, err := c.SearchPage(ctx, jiraclient.SearchRequest{JQL: jql, Fields: []string{"summary"}, MaxResults: 50})
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, is := range page.Issues {
		if !hasPrefixFold(is.Key, prefix) {
			continue
		}
		var summary string
		_ = json.Unmarshal(is.Fields["summary"], &summary)
		out = append(out, cobra.CompletionWithDesc(is.Key, summary))
	}
	return out
}

// completeOutput offers the -o values the command prints.
func completeOutput(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	formats := outputFormats
	if list, ok := cmd.Annotations[outputsAnnotation]; ok {
		formats = strings.Split(list, ",")
	}
	return formats, cobra.ShellCompDirectiveNoFileComp
}

var conflictCompletions = []cobra.Completion{
	cobra.CompletionWithDesc("jira", "Jira's change wins"),
	cobra.CompletionWithDesc("spira", "Spira's change wins"),
}

// completeProfiles offers the profile names, with their site.
func completeProfiles(f *Factory) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return profileNames(f), cobra.ShellCompDirectiveNoFileComp
	}
}

// checkConflicts says what is wrong with --conflicts, for sync and the
// TUI's Sync screen alike; a value it passes is an ops.Winner as typed.
func checkConflicts(s string) error {
	if _, err := ops.ParseWinner(s); err != nil || s == "" {
		return usageErrorf("--conflicts must be jira or spira, not %q", s)
	}
	return nil
}
