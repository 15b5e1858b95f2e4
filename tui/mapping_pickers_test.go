package tui

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spirajira/spirajira/mapping"
	"github.com/spirajira/spirajira/spiraclient"
)

func TestValuePickerChoiceSetsItsRow(t *testing.T) {
	st := NewStyles(DefaultTheme(), true)
	cat := MappingCategory{Key: "statuses", Title: "Statuses"}
	row := MappingRow{SpiraID: "2", SpiraName: "Open"}
	p, _ := newValuePicker(&st, cat, row, []mapping.Choice{{ID: "1", Name: "To Do"}, {ID: "3", Name: "In Progress"}}, 80, 24)
	require.Contains(t, p.View(), "Jira value for Open")

	p, _, choice := p.Update(down)
	require.Nil(t, choice)
	require.False(t, p.Done())
	p, _, choice = p.Update(enter)
	require.True(t, p.Done())
	require.Equal(t, &pickerChoice{cat: "statuses", spiraID: "2", value: "3"}, choice)
}

func TestValuePickerCancelChoosesNothing(t *testing.T) {
	st := NewStyles(DefaultTheme(), true)
	cat := MappingCategory{Key: "plugin", Settings: true}
	p, _ := newValuePicker(&st, cat, MappingRow{SpiraID: "x", SpiraName: "Sync mode"}, []mapping.Choice{{ID: "a", Name: "A"}}, 80, 24)
	require.NotContains(t, p.View(), "Jira value for", "a plug-in setting's value is not a Jira one")
	p, _, choice := p.Update(esc)
	require.True(t, p.Done())
	require.Nil(t, choice)
}

func TestProductPickerChoiceOpensTheProduct(t *testing.T) {
	st := NewStyles(DefaultTheme(), true)
	p, _ := newProductPicker(&st, []spiraclient.RemoteProject{{ProjectID: 4, Name: "Library"}, {ProjectID: 9, Name: "Museum"}}, 80, 24)
	p, _, _ = p.Update(keys("mus"))
	p, _, choice := p.Update(enter)
	require.True(t, p.Done())
	require.Equal(t, &pickerChoice{product: &mapping.Ref{ID: 9, Name: "Museum"}}, choice)
}
