// Package deploy holds the scheduler files of docs/unattended.md; its tests
// check that each parses and says what the document promises.
package deploy

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestCronJob(t *testing.T) {
	docs := yamlDocs(t, "kubernetes/cronjob.yaml")
	var cron map[string]any
	kinds := map[string]bool{}
	for _, d := range docs {
		kinds[str(d, "kind")] = true
		if str(d, "kind") == "CronJob" {
			cron = d
		}
	}
	require.Equal(t, map[string]bool{"CronJob": true, "PersistentVolumeClaim": true, "Secret": true}, kinds)
	require.NotNil(t, cron)
	require.Equal(t, "batch/v1", str(cron, "apiVersion"))
	require.Equal(t, "Forbid", str(cron, "spec", "concurrencyPolicy"))
	require.NotEmpty(t, str(cron, "spec", "schedule"))

	pod := get(cron, "spec", "jobTemplate", "spec", "template", "spec").(map[string]any)
	require.Equal(t, "Never", str(pod, "restartPolicy"))
	require.Equal(t, true, get(pod, "securityContext", "runAsNonRoot"))
	require.NotZero(t, get(pod, "securityContext", "runAsUser"))

	containers := pod["containers"].([]any)
	require.Len(t, containers, 1)
	c := containers[0].(map[string]any)
	require.Equal(t, []any{"sync", "--all", "--log-format", "json"}, c["args"])
	require.Equal(t, false, get(c, "securityContext", "allowPrivilegeEscalation"))

	env := map[string]string{}
	for _, e := range c["env"].([]any) {
		m := e.(map[string]any)
		require.NotContains(t, m, "valueFrom", "secrets come from files, not the environment: %v", m["name"])
		env[m["name"].(string)] = m["value"].(string)
	}
	for _, name := range []string{"SPIRAJIRA_JIRA_TOKEN", "SPIRAJIRA_SPIRA_API_KEY"} {
		require.NotContains(t, env, name, "a secret in the environment")
	}

	mounts := map[string]string{}
	for _, m := range c["volumeMounts"].([]any) {
		mm := m.(map[string]any)
		mounts[mm["name"].(string)] = mm["mountPath"].(string)
	}
	volumes := map[string]map[string]any{}
	for _, v := range pod["volumes"].([]any) {
		vm := v.(map[string]any)
		volumes[vm["name"].(string)] = vm
	}
	// The token files sit in the mounted Secret, and the state dir on the volume.
	secretVol := get(volumes["secrets"], "secret").(map[string]any)
	require.Equal(t, "spirajira", secretVol["secretName"])
	paths := map[string]bool{}
	for _, it := range secretVol["items"].([]any) {
		paths[filepath.Join(mounts["secrets"], it.(map[string]any)["path"].(string))] = true
	}
	require.True(t, paths[env["SPIRAJIRA_JIRA_TOKEN_FILE"]], "SPIRAJIRA_JIRA_TOKEN_FILE is not a file of the Secret")
	require.True(t, paths[env["SPIRAJIRA_SPIRA_API_KEY_FILE"]], "SPIRAJIRA_SPIRA_API_KEY_FILE is not a file of the Secret")
	require.Equal(t, mounts["state"], env["SPIRAJIRA_STATE_DIR"])
	require.Contains(t, volumes["state"], "persistentVolumeClaim")
}

func TestSystemdUnits(t *testing.T) {
	svc := unit(t, "systemd/spirajira-sync.service")
	require.Equal(t, []string{"oneshot"}, svc["Service.Type"])
	require.ElementsMatch(t, []string{
		"jira-token:/etc/spirajira/jira-token", "spira-api-key:/etc/spirajira/spira-api-key",
	}, svc["Service.LoadCredential"])
	env := strings.Join(svc["Service.Environment"], "\n")
	require.Contains(t, env, "SPIRAJIRA_JIRA_TOKEN_FILE=%d/jira-token")
	require.Contains(t, env, "SPIRAJIRA_SPIRA_API_KEY_FILE=%d/spira-api-key")
	require.Contains(t, env, "SPIRAJIRA_STATE_DIR=%S/spirajira")
	require.NotRegexp(t, `SPIRAJIRA_(JIRA_TOKEN|SPIRA_API_KEY)=`, env, "a secret in the environment")
	require.Equal(t, []string{"spirajira"}, svc["Service.StateDirectory"])
	require.Equal(t, []string{"yes"}, svc["Service.DynamicUser"])
	require.Len(t, svc["Service.ExecStart"], 1)
	require.True(t, strings.HasSuffix(svc["Service.ExecStart"][0], " sync --all --log-format json"))
	require.NotContains(t, svc, "Install.WantedBy", "the timer starts the service, not the boot")

	timer := unit(t, "systemd/spirajira-sync.timer")
	require.Equal(t, []string{"true"}, timer["Timer.Persistent"])
	require.NotEmpty(t, timer["Timer.OnCalendar"])
	require.Equal(t, []string{"timers.target"}, timer["Install.WantedBy"])
}

// TestSystemdAnalyze runs systemd-analyze verify when it is on PATH, with
// ExecStart pointed at an executable that exists (verify refuses a missing
// one). CI does not install systemd; there TestSystemdUnits is the check.
func TestSystemdAnalyze(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze is not installed: the units are checked by TestSystemdUnits only")
		return
	}
	exe, err := exec.LookPath("true")
	require.NoError(t, err)
	dir := t.TempDir()
	svc, err := os.ReadFile("systemd/spirajira-sync.service")
	require.NoError(t, err)
	svc = bytes.ReplaceAll(svc, []byte("/usr/local/bin/spirajira"), []byte(exe))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "spirajira-sync.service"), svc, 0o644))
	timer, err := os.ReadFile("systemd/spirajira-sync.timer")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "spirajira-sync.timer"), timer, 0o644))
	out, err := exec.Command(analyze, "verify", "--man=no",
		filepath.Join(dir, "spirajira-sync.service"), filepath.Join(dir, "spirajira-sync.timer")).CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Empty(t, strings.TrimSpace(string(out)), "systemd-analyze verify warned")
}

// TestTaskSchedulerXML checks the task parses and is set as docs/unattended.md
// says. No schema validator for Task Scheduler XML runs on Linux; schtasks
// itself is the full check, on Windows.
func TestTaskSchedulerXML(t *testing.T) {
	data, err := os.ReadFile("windows/spirajira-sync.xml")
	require.NoError(t, err)
	var task struct {
		XMLName  xml.Name
		Triggers struct {
			Time []struct {
				Interval      string `xml:"Repetition>Interval"`
				StartBoundary string
			} `xml:"TimeTrigger"`
		}
		Settings struct {
			MultipleInstancesPolicy string
			StartWhenAvailable      bool
			ExecutionTimeLimit      string
		}
		RunLevel string `xml:"Principals>Principal>RunLevel"`
		Exec     []struct {
			Command, Arguments string
		} `xml:"Actions>Exec"`
	}
	require.NoError(t, xml.Unmarshal(data, &task))
	require.Equal(t, "http://schemas.microsoft.com/windows/2004/02/mit/task", task.XMLName.Space)
	require.Equal(t, "Task", task.XMLName.Local)
	require.Len(t, task.Triggers.Time, 1)
	require.Equal(t, "PT10M", task.Triggers.Time[0].Interval)
	require.Equal(t, "IgnoreNew", task.Settings.MultipleInstancesPolicy)
	require.True(t, task.Settings.StartWhenAvailable)
	require.NotEmpty(t, task.Settings.ExecutionTimeLimit)
	require.Equal(t, "LeastPrivilege", task.RunLevel)
	require.Len(t, task.Exec, 1)
	require.True(t, strings.HasSuffix(task.Exec[0].Command, `\spirajira.exe`))
	require.Equal(t, "sync --all --log-format json", task.Exec[0].Arguments)
}

func yamlDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var docs []map[string]any
	for {
		var d map[string]any
		if err := dec.Decode(&d); err != nil {
			require.ErrorContains(t, err, "EOF")
			break
		}
		docs = append(docs, d)
	}
	return docs
}

func get(m any, keys ...string) any {
	for _, k := range keys {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[k]
	}
	return m
}

func str(m any, keys ...string) string {
	s, _ := get(m, keys...).(string)
	return s
}

// unit reads a systemd unit as "Section.Key" -> values in order.
func unit(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	out := map[string][]string{}
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
		default:
			k, v, ok := strings.Cut(line, "=")
			require.True(t, ok, "%s: not a key=value line: %q", path, line)
			require.NotEmpty(t, section, "%s: %q outside a section", path, line)
			out[section+"."+k] = append(out[section+"."+k], v)
		}
	}
	require.NoError(t, sc.Err())
	return out
}
