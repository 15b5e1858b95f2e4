package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/lipgloss/table"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// Table is the human and CSV form of a result: the ID column first.
type Table struct {
	Headers []string
	Rows    [][]string
}

var outputFormats = []string{"table", "json", "yaml", "csv"}

func checkOutputFormat(format string) error {
	for _, f := range outputFormats {
		if format == f {
			return nil
		}
	}
	return usageErrorf("unknown output format %q: use one of %s", format, strings.Join(outputFormats, ", "))
}

// outputsAnnotation, on a command that does not print every format, lists
// the -o values it takes (comma-separated). Commands without it print all.
const outputsAnnotation = "spirajira/outputs"

// printsOnly marks cmd as taking only the given -o values.
func printsOnly(cmd *cobra.Command, formats ...string) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[outputsAnnotation] = strings.Join(formats, ",")
	return cmd
}

// checkCommandOutput refuses a -o value that cmd would ignore, so that a
// script asking for json does not get text instead.
func checkCommandOutput(cmd *cobra.Command, format string) error {
	list, ok := cmd.Annotations[outputsAnnotation]
	if !ok {
		return nil
	}
	formats := strings.Split(list, ",")
	if slices.Contains(formats, format) {
		return nil
	}
	path := cmd.CommandPath()
	if len(formats) == 1 {
		return usageErrorf("'%s' does not print %s: leave -o out", path, format)
	}
	return usageErrorf("'%s' does not print %s: it takes -o %s", path, format, strings.Join(formats, " or "))
}

// printResult writes data in the format chosen with -o: json and yaml
// marshal data itself, table and csv render t.
func printResult(ios *IOStreams, format string, data any, t Table) error {
	switch format {
	case "json":
		enc := json.NewEncoder(ios.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(data)
	case "yaml":
		enc := yaml.NewEncoder(ios.Out)
		enc.SetIndent(2)
		if err := enc.Encode(toYAMLValue(data)); err != nil {
			return err
		}
		return enc.Close()
	case "csv":
		w := csv.NewWriter(ios.Out)
		if err := w.Write(t.Headers); err != nil {
			return err
		}
		if err := w.WriteAll(t.Rows); err != nil {
			return err
		}
		return w.Error()
	default:
		return printTable(ios, t)
	}
}

// toYAMLValue routes data through JSON so YAML keys match the JSON ones
// (the wire types carry json tags only).
func toYAMLValue(data any) any {
	b, err := json.Marshal(data)
	if err != nil {
		return data
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return data
	}
	return v
}

func printTable(ios *IOStreams, t Table) error {
	if len(t.Rows) == 0 {
		_, err := fmt.Fprintln(ios.ErrOut, "Nothing to show.")
		return err
	}
	if ios.IsStdoutTTY() {
		// Styled and NO_COLOR tables on a terminal fit it; pipes get
		// every character.
		t = fitTable(t, ios.TerminalWidth(), ios.ColorEnabled())
	}
	if !ios.ColorEnabled() {
		return printPlainTable(ios.Out, t)
	}
	header := lipgloss.NewStyle().Bold(true).Padding(0, 1)
	cell := lipgloss.NewStyle().Padding(0, 1)
	tbl := table.New().
		Border(lipgloss.NormalBorder()).
		BorderColumn(false).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).
		Headers(t.Headers...).
		Rows(t.Rows...).
		StyleFunc(func(row, _ int) lipgloss.Style {
			if row == table.HeaderRow {
				return header
			}
			return cell
		})
	_, err := fmt.Fprintln(ios.Out, tbl.Render())
	return err
}

// printPlainTable aligns columns with spaces and no escape codes, for pipes
// and NO_COLOR.
func printPlainTable(w io.Writer, t Table) error {
	widths := make([]int, len(t.Headers))
	measure := func(row []string) {
		for i, c := range row {
			if i < len(widths) && lipgloss.Width(c) > widths[i] {
				widths[i] = lipgloss.Width(c)
			}
		}
	}
	measure(t.Headers)
	for _, r := range t.Rows {
		measure(r)
	}
	line := func(row []string) error {
		var b strings.Builder
		for i, c := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
			if i < len(row)-1 && i < len(widths) {
				b.WriteString(strings.Repeat(" ", widths[i]-lipgloss.Width(c)))
			}
		}
		_, err := fmt.Fprintln(w, b.String())
		return err
	}
	if err := line(t.Headers); err != nil {
		return err
	}
	for _, r := range t.Rows {
		if err := line(r); err != nil {
			return err
		}
	}
	return nil
}
