package datasync

import (
	"fmt"
	"strings"

	"github.com/spirajira/spirajira/spiraclient"
	"github.com/spirajira/spirajira/spiraclient/spiratest"
	"github.com/stretchr/testify/require"
)

// soakFile is a file the soak attached to a new item.
type soakFile struct {
	jira     bool   // attached in Jira, else in Spira
	key      string // the issue, when in Jira
	incident int    // the incident, when in Spira
	name     string // unique in the world
}

// maybeFile attaches a small file to a new item, one time in three.
func (s *soak) maybeFile(key string, incident int) string {
	if s.pick(3) != 0 {
		return ""
	}
	s.n++
	f := soakFile{jira: key != "", key: key, incident: incident, name: fmt.Sprintf("soak-%d-%d.txt", s.seed, s.n)}
	body := strings.NewReader(strings.Repeat(f.name+"\n", 1+s.pick(50)))
	var err error
	if f.jira {
		_, err = s.w.jira.AddAttachment(key, f.name, body)
	} else {
		_, err = s.w.spira.AddFileDocument(spiratest.ProductID, spiraclient.ArtifactTypeIncident, incident, f.name, body)
	}
	require.NoError(s.t, err)
	s.files = append(s.files, f)
	return " with file " + f.name
}

// checkFiles: every file is once where it was attached and, when its item
// has a counterpart (created from it), once there too.
func (s *soak) checkFiles() {
	t, w := s.t, s.w
	require.NotEmpty(t, s.files, "%s: the soak attached no file", s.tag)
	count := func(names []string, name string) int {
		n := 0
		for _, x := range names {
			if x == name {
				n++
			}
		}
		return n
	}
	maps := map[int]map[int]string{}
	for _, typ := range []int{spiraclient.ArtifactTypeRequirement, spiraclient.ArtifactTypeIncident, spiraclient.ArtifactTypeTask} {
		ms, err := w.sc.ArtifactMappings(ctx, spiratest.ProductID, spiratest.DataSyncID, typ)
		require.NoError(t, err)
		maps[typ] = map[int]string{}
		for _, m := range ms {
			maps[typ][m.InternalID] = m.ExternalKey
		}
	}
	for _, f := range s.files {
		if f.jira {
			require.Equal(t, 1, count(w.jiraNames(f.key), f.name), "%s: %s on %s", s.tag, f.name, f.key)
			for typ, m := range maps {
				for id, key := range m {
					if key == f.key {
						require.Equal(t, 1, count(w.spiraNames(typ, id), f.name), "%s: %s of %s on its Spira item %d/%d", s.tag, f.name, f.key, typ, id)
					}
				}
			}
			continue
		}
		require.Equal(t, 1, count(w.spiraNames(spiraclient.ArtifactTypeIncident, f.incident), f.name), "%s: %s on IN:%d", s.tag, f.name, f.incident)
		if key, ok := maps[spiraclient.ArtifactTypeIncident][f.incident]; ok {
			require.Equal(t, 1, count(w.jiraNames(key), f.name), "%s: %s of IN:%d on %s", s.tag, f.name, f.incident, key)
		}
	}
}
