package spiratest

import "time"

// kind is what the handlers shared by the artifact types need to know of
// one of them.
type kind[T any] struct {
	typ   int    // Spira's artifact type ID
	noun  string // as Spira's messages name one
	param string // the path parameter of its ID
	field string // the body field of its ID
	id    func(*T) **int
	base  func(*T) *wArtifact
	store func(*state) map[int][]*T
}

var (
	incidents = kind[wIncident]{3, "incident", "incident_id", "IncidentId", func(x *wIncident) **int { return &x.IncidentId },
		func(x *wIncident) *wArtifact { return &x.wArtifact }, func(st *state) map[int][]*wIncident { return st.incidents }}
	requirements = kind[wRequirement]{1, "requirement", "requirement_id", "RequirementId", func(x *wRequirement) **int { return &x.RequirementId },
		func(x *wRequirement) *wArtifact { return &x.wArtifact }, func(st *state) map[int][]*wRequirement { return st.requirements }}
	releases = kind[wRelease]{4, "release", "release_id", "ReleaseId", func(x *wRelease) **int { return &x.ReleaseId },
		func(x *wRelease) *wArtifact { return &x.wArtifact }, func(st *state) map[int][]*wRelease { return st.releases }}
	tasks = kind[wTask]{6, "task", "task_id", "TaskId", func(x *wTask) **int { return &x.TaskId },
		func(x *wTask) *wArtifact { return &x.wArtifact }, func(st *state) map[int][]*wTask { return st.tasks }}
)

// byID is the artifact of xs with the ID id, or nil.
func byID[T any](xs []*T, idOf func(*T) int, id int) *T {
	for _, x := range xs {
		if idOf(x) == id {
			return x
		}
	}
	return nil
}

func (k kind[T]) finder(s *Sim) func(pid, id int) *T {
	return func(pid, id int) *T { return byID(k.store(s.st)[pid], func(x *T) int { return **k.id(x) }, id) }
}

// refused answers a ValidationFault with msgs, when there are any.
func refused(c *call, summary string, msgs []wFaultMessage) bool {
	if len(msgs) == 0 {
		return false
	}
	writeFault(c.w, summary, msgs...)
	return true
}

// getArtifact serves GET of one artifact by the ID in its path.
func getArtifact[T any](s *Sim, k kind[T], out func(*T) T) handler {
	return func(c *call) {
		p, ok := c.project()
		if !ok {
			return
		}
		if x, ok := pathArtifact(c, p.ProjectId, k.param, k.noun, k.finder(s)); ok {
			c.ok(out(x))
		}
	}
}

// addOneComment serves POST of a comment to the artifact in the path.
func addOneComment[T any](s *Sim, k kind[T]) handler {
	return func(c *call) {
		p, ok := c.project()
		if !ok {
			return
		}
		x, ok := pathArtifact(c, p.ProjectId, k.param, k.noun, k.finder(s))
		if !ok {
			return
		}
		var in wComment
		if !c.decode(&in) {
			return
		}
		added, msgs := s.addComment(c, k.typ, **k.id(x), in)
		if refused(c, "The comment could not be added.", msgs) {
			return
		}
		c.ok(added)
	}
}

// creating decodes a create's body; false when it answered.
func creating[T any](s *Sim, c *call) (*wProject, *tpl, *T, bool) {
	p, ok := c.project()
	if !ok {
		return nil, nil, nil, false
	}
	in := new(T)
	if !c.decode(in) {
		return nil, nil, nil, false
	}
	return p, s.st.template(p.ProjectTemplateId), in, true
}

// insert stores the new artifact x under the next ID, then its custom
// property values (F9), and answers echo, what was sent, with the new ID
// and the product (F7).
func insert[T any](s *Sim, c *call, k kind[T], p *wProject, t *tpl, x *T, echo T, now time.Time) {
	*k.id(x) = ip(s.st.nextID(k.noun))
	*k.base(x) = k.base(x).created(p.ProjectId, k.typ, now)
	byProduct := k.store(s.st)
	byProduct[p.ProjectId] = append(byProduct[p.ProjectId], x)
	if !s.storeCPs(c, t, k.typ, k.base(x), k.base(&echo).CustomProperties) {
		return
	}
	*k.id(&echo), k.base(&echo).ProjectId = *k.id(x), p.ProjectId
	c.ok(echo)
}

// updating decodes an update's body and finds the stored artifact it
// names, answering Spira's 400, 404 or 409 itself; false when it did.
func updating[T any](s *Sim, c *call, k kind[T]) (*wProject, *tpl, *T, *T, bool) {
	p, ok := c.project()
	if !ok {
		return nil, nil, nil, nil, false
	}
	in := new(T)
	if !c.decode(in) {
		return nil, nil, nil, nil, false
	}
	x, ok := bodyArtifact(c, p.ProjectId, *k.id(in), k.noun, k.field, k.finder(s))
	if !ok || stale(c, k.noun, k.base(in).ConcurrencyDate, k.base(x).ConcurrencyDate) {
		return nil, nil, nil, nil, false
	}
	return p, s.st.template(p.ProjectTemplateId), in, x, true
}

// storeUpdate merges the custom property values sent onto the stored ones
// and, when they are valid, stores in over x with the shared fields Spira
// keeps. It gives back the artifact as it was, for the caller to keep more
// of it; false when it answered 400.
func storeUpdate[T any](s *Sim, c *call, k kind[T], t *tpl, in, x *T) (T, time.Time, bool) {
	var keep T
	cps := mergeCPs(t, k.typ, k.base(x).CustomProperties, k.base(in).CustomProperties)
	if refused(c, "Validation Fault", s.validateCPs(t, k.typ, cps)) {
		return keep, time.Time{}, false
	}
	now := s.stampNow()
	keep = *x
	*x = *in
	*k.base(x) = k.base(&keep).updated(*k.base(in), now)
	k.base(x).CustomProperties = cps
	return keep, now, true
}

// createdAt dates a new artifact at now: its creation date unless one was
// sent, and its last update.
func createdAt(created, updated **stamp, now time.Time) {
	if *created == nil {
		*created = at(now)
	}
	*updated = at(now)
}
