package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spirajira/spirajira/internal/doctor"
	"github.com/spirajira/spirajira/internal/version"
)

// takeoverRun prints who runs the plug-in record and the steps to take it
// over; it fails (exit 1) while Spira's service runs it, so that a script
// can wait for the service to stop before it enables a schedule.
func takeoverRun(ctx context.Context, opts *DoctorOptions, in doctor.Inputs) error {
	tk := opts.RunTakeover(ctx, in)
	if opts.Bundle != "" {
		if err := writeBundle(ctx, opts, in, opts.Run(ctx, in), &tk); err != nil {
			return err
		}
	}
	format := opts.Output()
	var err error
	if format == "table" {
		err = printTakeover(opts.IO, tk)
	} else {
		t := Table{Headers: []string{"KIND", "N", "TEXT"}}
		for i, e := range tk.Evidence {
			t.Rows = append(t.Rows, []string{"evidence", strconv.Itoa(i + 1), e})
		}
		for i, s := range tk.Steps {
			t.Rows = append(t.Rows, []string{"step", strconv.Itoa(i + 1), s})
		}
		err = printResult(opts.IO, format, tk, t)
	}
	if err != nil {
		return err
	}
	if !tk.Safe() {
		return fmt.Errorf("%wdoctor --takeover: %s", errSilent, takeoverHeadline(tk))
	}
	return nil
}

func takeoverHeadline(tk doctor.Takeover) string {
	switch tk.Who {
	case doctor.WhoService:
		return fmt.Sprintf("Spira's data-sync service runs %s: stop it before spirajira runs the record", tk.Plugin)
	case doctor.WhoSpirajira:
		return fmt.Sprintf("spirajira runs %s: nothing to take over", tk.Plugin)
	case doctor.WhoNobody:
		return fmt.Sprintf("nothing ran %s recently: spirajira can take it over", tk.Plugin)
	}
	return fmt.Sprintf("cannot tell who runs %s", tk.Plugin)
}

func printTakeover(ios *IOStreams, tk doctor.Takeover) error {
	var b strings.Builder
	b.WriteString(takeoverHeadline(tk) + "\n")
	for _, e := range tk.Evidence {
		fmt.Fprintf(&b, "  - %s\n", e)
	}
	if len(tk.Steps) > 0 {
		b.WriteString("\nSteps:\n")
		for i, s := range tk.Steps {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s)
		}
	}
	_, err := fmt.Fprint(ios.Out, b.String())
	return err
}

// writeBundle writes the support bundle and says where on stderr, so that
// stdout stays the report.
func writeBundle(ctx context.Context, opts *DoctorOptions, in doctor.Inputs, r doctor.Report, tk *doctor.Takeover) error {
	b := doctor.BundleInputs{Report: r, Takeover: tk, Tool: version.Get()}
	if opts.Config != nil {
		if c, err := opts.Config(); err == nil && c != nil && c.Path() != "" {
			data, err := os.ReadFile(c.Path())
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("read the configuration for the bundle: %w", err)
			}
			b.Config = data
		}
	}
	if opts.StateDir != nil {
		if d, err := opts.StateDir(); err == nil {
			b.StateDir = d
		}
	}
	var buf bytes.Buffer
	if err := doctor.WriteBundle(ctx, &buf, in, b); err != nil {
		return fmt.Errorf("write the support bundle: %w", err)
	}
	if err := writeFileAtomic(opts.Bundle, buf.Bytes()); err != nil {
		return fmt.Errorf("write the support bundle %s: %w (choose another path with --bundle)", opts.Bundle, err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote the support bundle %s (%d bytes, no secrets)\n", opts.Bundle, buf.Len())
	return nil
}
