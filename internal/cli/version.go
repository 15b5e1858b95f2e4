package cli

import (
	"github.com/spf13/cobra"

	"github.com/spirajira/spirajira/internal/version"
)

// VersionOptions are the inputs of "spirajira version".
type VersionOptions struct {
	IO     *IOStreams
	Output func() string
	Info   func() version.Info
}

// NewCmdVersion builds "spirajira version".
func NewCmdVersion(f *Factory, runF func(*VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{
		IO:     f.IO,
		Output: func() string { return f.Output },
		Info:   version.Get,
	}
	return &cobra.Command{
		Use:   "version",
		Short: "Show the version, commit, build date and Go version",
		Example: `  spirajira version
  spirajira version -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
}

func versionRun(opts *VersionOptions) error {
	info := opts.Info()
	format := opts.Output()
	if format == "table" {
		_, err := opts.IO.Out.Write([]byte(info.String() + "\n"))
		return err
	}
	return printResult(opts.IO, format, info, Table{
		Headers: []string{"VERSION", "COMMIT", "DATE", "GO", "PLATFORM"},
		Rows:    [][]string{{info.Version, info.Commit, info.Date, info.GoVersion, info.Platform}},
	})
}
