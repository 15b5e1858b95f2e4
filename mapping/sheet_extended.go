package mapping

// TargetPluginExtended is an extended plug-in setting (Types to Skip, Skip
// Comments, ...): entered on the plug-in screen, never read or written by
// spirajira, since no known REST call reaches it.
const TargetPluginExtended TargetKind = "plugin-extended"

// extendedScreen is the sheet's screen for the extended settings the file
// declares: every one of them, so the administrator sets the No's too.
// Nothing is known of what Spira holds, so Was says so.
func extendedScreen(local *Product, plugin string) (Screen, bool) {
	if local.Plugin.Extended.IsZero() {
		return Screen{}, false
	}
	sc := Screen{Title: "Plug-in settings that Spira's REST API does not reach", Path: PluginScreen(plugin) + " > Edit"}
	for _, e := range local.Plugin.Extended.Settings() {
		sc.Lines = append(sc.Lines, SheetLine{Target: Target{Kind: TargetPluginExtended, Attr: e.Key}, Row: e.Label, Label: "Value",
			Enter: e.Value, Was: "(not readable over REST)"})
	}
	return sc, true
}

// withExtended puts the extended settings' screen after the plug-in
// settings' screen (first, when there is none).
func withExtended(screens []Screen, local *Product, plugin string) []Screen {
	sc, ok := extendedScreen(local, plugin)
	if !ok {
		return screens
	}
	at := 0
	if len(screens) > 0 && len(screens[0].Lines) > 0 && screens[0].Lines[0].Target.Kind == TargetPlugin {
		at = 1
	}
	out := append([]Screen{}, screens[:at]...)
	out = append(out, sc)
	return append(out, screens[at:]...)
}
