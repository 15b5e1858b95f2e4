package tui

import (
	"context"

	"github.com/spirajira/spirajira/internal/doctor"
)

// Doctor implements ConnectionsBackend with the doctor's checks.
func (l *Live) Doctor(ctx context.Context) (DoctorReport, error) {
	j, s := l.creds()
	r := doctor.Run(ctx, doctor.Inputs{
		Jira:      doctor.JiraSettings{URL: j.URL, Email: j.Email, Token: j.Token},
		Spira:     doctor.SpiraSettings{URL: s.URL, Login: s.Login, APIKey: s.APIKey, DataSync: s.DataSync},
		UserAgent: l.cfg.UserAgent,
		Debug:     l.cfg.Debug,
	})
	if err := ctx.Err(); err != nil {
		return DoctorReport{}, err
	}
	var out DoctorReport
	for _, c := range r.Checks {
		v := VerdictOK
		switch c.Verdict {
		case doctor.Warn:
			v = VerdictWarn
		case doctor.Fail:
			v = VerdictFail
		case doctor.Skip:
			v = VerdictSkip
		}
		out.Checks = append(out.Checks, DoctorCheck{Name: c.Title, Verdict: v, Detail: c.Message, Fix: c.Fix, Details: c.Details})
	}
	return out, nil
}
