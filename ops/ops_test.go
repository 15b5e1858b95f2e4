package ops_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/internal/sandbox"
	"github.com/spirajira/spirajira/internal/sandbox/sandboxtest"
	"github.com/spirajira/spirajira/jiraclient"
	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/ops"
	"github.com/spirajira/spirajira/spiraclient"
)

func sandboxSession(t *testing.T) *ops.Session {
	t.Helper()
	sb := sandboxtest.Start(t, sandbox.Options{})
	j, s := sb.JiraCredentials(), sb.SpiraCredentials()
	return ops.New(ops.Config{
		Jira:       func() (*jiraclient.Client, error) { return jiraclient.New(j.URL, j.Email, j.Token) },
		Spira:      func() (*spiraclient.Client, error) { return spiraclient.New(s.URL, s.Login, s.APIKey) },
		PluginName: s.DataSync, StateDir: t.TempDir(),
	})
}

func TestPushRefusesErrorsUnlessForcedAndAsksBeforeWriting(t *testing.T) {
	ctx := context.Background()
	sess := sandboxSession(t)
	m, err := sess.OpenMapping(ctx, 1)
	require.NoError(t, err)
	require.NoError(t, m.JiraErr)
	require.False(t, mapping.HasErrors(m.Problems()), "the sandbox's mapping has warnings only")
	require.NoError(t, m.Product.SetPluginSetting("caption", "Jira Cloud (ops test)"), "the plug-in record is API-writable")

	// A mapping with an error is refused before anything is read or asked.
	m.Product.Plugin.Custom05 = "Nonexistent"
	asked := false
	_, err = sess.PushMapping(ctx, m, ops.PushOptions{Confirm: func(_, _ []mapping.Change) (bool, error) { asked = true; return true, nil }})
	var me *ops.MappingErrors
	require.ErrorAs(t, err, &me)
	require.Equal(t, 1, me.Count())
	require.False(t, asked)

	// A no to the question writes nothing.
	m.Product.Plugin.Custom05 = m.Remote.Plugin.Custom05
	_, err = sess.PushMapping(ctx, m, ops.PushOptions{Confirm: func(_, _ []mapping.Change) (bool, error) { return false, nil }})
	require.ErrorIs(t, err, ops.ErrDeclined)
	changes, err := sess.DiffMapping(ctx, m)
	require.NoError(t, err)
	require.Len(t, changes, 1, "still to push")

	// A yes writes it, and Spira holds it after.
	out, err := sess.PushMapping(ctx, m, ops.PushOptions{Confirm: func(w, _ []mapping.Change) (bool, error) { return len(w) == 1, nil }})
	require.NoError(t, err)
	require.Len(t, out.Result.Written, 1)
	changes, err = sess.DiffMapping(ctx, m)
	require.NoError(t, err)
	require.Empty(t, changes)
	checks, _, err := sess.VerifyMapping(ctx, m)
	require.NoError(t, err)
	for _, c := range checks {
		require.True(t, c.Done || c.Unreadable, "%+v", c.Line)
	}
	require.False(t, sess.CanApplySheet())
	require.Error(t, sess.ApplySheet(ctx, m, nil))
}

func TestOpenMappingFileRefusesAnotherPluginsFile(t *testing.T) {
	ctx := context.Background()
	sess := sandboxSession(t)
	m, err := sess.OpenMapping(ctx, 1)
	require.NoError(t, err)
	p := m.Product.Clone()
	p.Plugin.ID = 999
	data, err := mapping.Format(p)
	require.NoError(t, err)
	_, err = sess.OpenMappingFile(ctx, "old.yaml", data)
	require.ErrorContains(t, err, "old.yaml names data-sync plug-in 999")
	_, err = sess.OpenMappingFile(ctx, "bad.yaml", []byte("plugin: ["))
	require.ErrorContains(t, err, "bad.yaml")
}

func TestSaveFileNeverLosesAChangeMadeMeanwhile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mapping.yaml")
	_, st, err := ops.ReadStamped(path)
	require.NoError(t, err)
	require.True(t, st.Absent)
	st, err = ops.SaveFile(st, []byte("one\n"), false)
	require.NoError(t, err, "a file that did not exist is created")
	require.NoError(t, os.Chmod(path, 0o600))

	require.NoError(t, os.WriteFile(path, []byte("edited elsewhere\n"), 0o600))
	_, err = ops.SaveFile(st, []byte("two\n"), false)
	var oe *ops.OverwriteError
	require.ErrorAs(t, err, &oe)
	require.Contains(t, oe.Error(), "changed since it was read")
	got, _ := os.ReadFile(path)
	require.Equal(t, "edited elsewhere\n", string(got))

	st, err = ops.SaveFile(st, []byte("two\n"), true)
	require.NoError(t, err, "force writes anyway")
	got, _ = os.ReadFile(path)
	require.Equal(t, "two\n", string(got))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "the user's permissions are kept")

	_, err = ops.SaveFile(ops.FileStamp{Path: path}, []byte("three\n"), false)
	require.True(t, errors.As(err, &oe), "a file never read here is not overwritten")
	_, err = ops.SaveFile(st, []byte("two\n"), false)
	require.NoError(t, err, "writing what is there loses nothing")
}
