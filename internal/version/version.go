// Package version reports what build of spirajira is running. Release
// builds set the variables with -ldflags "-X"; other builds fall back to
// what the Go toolchain recorded in the binary.
package version

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// Set at link time, e.g.
// -X github.com/spirajira/spirajira/internal/version.Version=1.2.3
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// Info is the version of a build.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	Date      string `json:"date"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

// Get returns the linked-in version, completed from the build info.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return get(Version, Commit, Date, bi)
}

func get(version, commit, date string, bi *debug.BuildInfo) Info {
	// goreleaser links these placeholders when it cannot read git.
	if commit == "none" {
		commit = ""
	}
	if strings.HasPrefix(date, "0001-01-01") {
		date = ""
	}
	info := Info{
		Version:   version,
		Commit:    commit,
		Date:      date,
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
	}
	if bi != nil {
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		dirty := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if info.Commit == "" {
					info.Commit = s.Value
				}
			case "vcs.time":
				if info.Date == "" {
					info.Date = s.Value
				}
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if dirty && info.Commit != "" && !strings.HasSuffix(info.Commit, "-dirty") && commit == "" {
			info.Commit += "-dirty"
		}
		if bi.GoVersion != "" {
			info.GoVersion = bi.GoVersion
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	return info
}

// String is the one-line form printed by "spirajira version".
func (i Info) String() string {
	var b strings.Builder
	b.WriteString("spirajira ")
	b.WriteString(strings.TrimPrefix(i.Version, "v"))
	if i.Commit != "" {
		c := i.Commit
		if len(c) > 12 && !strings.HasSuffix(c, "-dirty") {
			c = c[:12]
		}
		b.WriteString(" (" + c)
		if i.Date != "" {
			b.WriteString(", " + i.Date)
		}
		b.WriteString(")")
	}
	b.WriteString(" " + i.GoVersion + " " + i.Platform)
	return b.String()
}
