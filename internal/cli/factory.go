package cli

// Factory carries what commands need, built lazily so that a command that
// needs no credentials never asks for them.
type Factory struct {
	IO *IOStreams

	// Set by the global flags before any command runs.
	Profile string
	Debug   bool
	Output  string
}
