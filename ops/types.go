package ops

import "github.com/spirajira/spirajira/datasync"

// Change is one field of an action, before and after, as the faces show it.
type Change = datasync.Change

// Artifact names what an action is about, on both sides.
type Artifact = datasync.Artifact
