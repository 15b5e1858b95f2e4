package httpx

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Pacer is a RoundTripper that spaces requests so a server's rate limits are
// met rather than hit: each budget (an endpoint, for Jira a method and path
// template) gets its own rate, and writes to one object (a Jira issue) are
// spaced apart. Nothing is known of the limits in advance, so each rate is
// learned. With Initial unset a budget is not paced at all until the first
// sign of its limit (a 429, or little Remaining): the rate then starts from
// what the budget was doing in the second before, so a server with room to
// spare is never slowed. With Initial set it starts there, doubles per
// second while requests queue behind it and the answers are clean. Then it
// grows by about 5% a second; it
// drops by 30% on a 429 and by 10% while X-RateLimit-Remaining (or
// X-RateLimit-NearLimit) says less than a fifth of the budget is left. A 429
// also holds the budget's requests back for its Retry-After, or for a
// backoff doubling per 429 when the server gave none. It goes below Retry,
// so every attempt is paced and every answer is seen.
//
// A Pacer holds no global state; its zero value with Base set paces nothing
// until Key names budgets. Waits end when the request's context is done.
type Pacer struct {
	Base http.RoundTripper
	// Key names the budget req counts against ("" for none) and, for a
	// write to one object limited on its own, that object ("" for none).
	Key func(req *http.Request) (budget, object string)
	// Initial is the first rate of a budget, in requests a second; 0
	// means none until the budget's limit shows.
	Initial float64
	// Max caps a budget's rate; 0 means 1000 a second.
	Max float64
	// Now and Sleep are the clock; tests replace them.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error

	mu      sync.Mutex
	lanes   map[string]*lane
	objects objectSpacing
}

const (
	minRate      = 0.5         // a budget never goes slower than this
	laneBurst    = 4           // requests a lane may send ahead of its spacing
	cutCooldown  = time.Second // one cut per overshoot, not one per answer of it
	noRetryFirst = time.Second // pause after a 429 without Retry-After
	noRetryMax   = 30 * time.Second
)

// lane is one budget's learned rate and schedule.
type lane struct {
	rate      float64
	slowStart bool      // doubling until the first sign of the limit
	tat       time.Time // theoretical arrival time of the next request (GCRA)
	paused    time.Time // no request before this
	lastCut   time.Time
	bare429s  int // 429s without Retry-After in a row
	// unpaced: no sign of the limit yet, and no Initial; sent counts the
	// requests of the current second (from since), lastSecond the one before.
	unpaced    bool
	since      time.Time
	sent       int
	lastSecond int
}

// objectSpacing spaces writes to one object; the gap is learned from 429s of
// a per-object limiter and shared by all objects, whose limit is the same.
type objectSpacing struct {
	gap  time.Duration
	next map[string]time.Time
}

// Rate reports the current rate of budget (0 while it has none: not used
// yet, or unpaced until its limit shows).
func (p *Pacer) Rate(budget string) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if l := p.lanes[budget]; l != nil && !l.unpaced {
		return l.rate
	}
	return 0
}

// ObjectGap reports the learned spacing of writes to one object.
func (p *Pacer) ObjectGap() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.objects.gap
}

func (p *Pacer) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Pacer) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	return SleepContext(ctx, d)
}

func (p *Pacer) maxRate() float64 {
	if p.Max > 0 {
		return p.Max
	}
	return 1000
}

// RoundTrip implements http.RoundTripper.
func (p *Pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	base := p.Base
	if base == nil {
		base = http.DefaultTransport
	}
	if p.Key == nil {
		return base.RoundTrip(req)
	}
	budget, object := p.Key(req)
	if object != "" {
		if err := p.waitObject(req.Context(), object); err != nil {
			return nil, err
		}
	}
	queued := false
	if budget != "" {
		var err error
		if queued, err = p.waitLane(req.Context(), budget); err != nil {
			return nil, err
		}
	}
	resp, err := base.RoundTrip(req)
	if resp != nil {
		p.observe(budget, object, queued, resp)
	}
	return resp, err
}

// waitLane waits for the budget's next slot; queued says the request had to
// wait for the rate (only such answers may raise it: a rate never tested
// says nothing about the limit).
func (p *Pacer) waitLane(ctx context.Context, budget string) (bool, error) {
	queued := false
	for {
		p.mu.Lock()
		now := p.now()
		l := p.lane(budget)
		if l.unpaced && l.paused.After(now) {
			// A 429 ended the unpaced start while this request waited.
			l.unpaced = false
		}
		if l.unpaced {
			l.count(now)
			p.mu.Unlock()
			return false, nil
		}
		interval := time.Duration(float64(time.Second) / l.rate)
		slot := now
		if t := l.tat.Add(-laneBurst * interval); t.After(slot) {
			slot = t
		}
		if l.paused.After(slot) {
			slot = l.paused
		}
		if l.tat.After(now) {
			queued = true
		}
		l.tat = maxTime(l.tat, slot).Add(interval)
		p.mu.Unlock()
		if !slot.After(now) {
			return queued, nil
		}
		if err := p.sleep(ctx, slot.Sub(now)); err != nil {
			return queued, err
		}
		// A 429 that came in while this request slept pauses it too.
		p.mu.Lock()
		paused := p.lanes[budget].paused.After(p.now())
		p.mu.Unlock()
		if !paused {
			return queued, nil
		}
	}
}

func (p *Pacer) lane(budget string) *lane {
	if p.lanes == nil {
		p.lanes = map[string]*lane{}
	}
	l := p.lanes[budget]
	if l == nil {
		l = &lane{rate: min(p.Initial, p.maxRate()), slowStart: true}
		if p.Initial <= 0 {
			l.rate, l.unpaced, l.since = p.maxRate(), true, p.now()
		}
		p.lanes[budget] = l
	}
	return l
}

// waitObject spaces writes to one object by the learned gap.
func (p *Pacer) waitObject(ctx context.Context, object string) error {
	p.mu.Lock()
	now := p.now()
	o := &p.objects
	if o.next == nil {
		o.next = map[string]time.Time{}
	}
	if len(o.next) > 4096 {
		for k, t := range o.next {
			if t.Before(now) {
				delete(o.next, k)
			}
		}
	}
	slot := maxTime(now, o.next[object])
	if o.gap > 0 || o.next[object].After(now) {
		o.next[object] = slot.Add(o.gap)
	}
	p.mu.Unlock()
	return p.sleep(ctx, slot.Sub(now))
}

// observe adapts the budget's rate and the object gap to an answer.
func (p *Pacer) observe(budget, object string, queued bool, resp *http.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	wait, hasWait := RetryAfter(resp.Header.Get("Retry-After"), now)
	reason := strings.ToLower(resp.Header.Get("RateLimit-Reason"))

	if resp.StatusCode == http.StatusTooManyRequests && strings.Contains(reason, "per-issue") {
		o := &p.objects
		o.gap = min(max(2*o.gap, 100*time.Millisecond), 10*time.Second)
		if object != "" {
			if !hasWait {
				wait = o.gap
			}
			o.next[object] = maxTime(o.next[object], now.Add(wait))
		}
		return
	}
	if object != "" && resp.StatusCode < 300 && p.objects.gap > 0 {
		p.objects.gap = p.objects.gap * 99 / 100
		if p.objects.gap < 10*time.Millisecond {
			p.objects.gap = 0
		}
	}
	if budget == "" {
		return
	}
	l := p.lane(budget)
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		if !hasWait {
			l.bare429s++
			wait = noRetryFirst << min(l.bare429s-1, 5)
			wait = min(wait, noRetryMax)
		}
		l.paused = maxTime(l.paused, now.Add(wait))
		l.cut(now, 0.7)
	case nearLimit(resp.Header):
		l.bare429s = 0
		l.cut(now, 0.9)
	case resp.StatusCode < 500:
		l.bare429s = 0
		if !queued {
			return
		}
		if l.slowStart {
			l.rate++
		} else {
			l.rate += 0.05
		}
		l.rate = min(l.rate, p.maxRate())
	}
}

// count tallies an unpaced request in its second.
func (l *lane) count(now time.Time) {
	if now.Sub(l.since) >= time.Second {
		l.lastSecond, l.sent, l.since = l.sent, 0, now
	}
	l.sent++
}

// cut lowers the rate by factor, once per cooldown: the answers of requests
// already sent when the limit was reached report the same overshoot. The
// first cut of an unpaced budget starts its rate from what it sent in the
// last second.
func (l *lane) cut(now time.Time, factor float64) {
	if l.unpaced {
		// The second before says little of the limit (a burst, a slow
		// start of the run): the rate still grows fast until the next cut.
		l.unpaced = false
		l.rate = max(float64(max(l.sent, l.lastSecond))*factor, minRate)
		l.tat, l.lastCut = now, now
		return
	}
	l.slowStart = false
	if now.Sub(l.lastCut) < cutCooldown {
		return
	}
	l.lastCut = now
	l.rate = max(l.rate*factor, minRate)
}

// nearLimit says whether the answer reports less than a fifth of its budget
// left.
func nearLimit(h http.Header) bool {
	if strings.EqualFold(h.Get("X-RateLimit-NearLimit"), "true") {
		return true
	}
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	left, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	return err1 == nil && err2 == nil && limit > 0 && left*5 < limit
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
