package tui

import (
	"context"

	"github.com/spirajira/spirajira/internal/doctor"
)

// Doctor implements ConnectionsBackend with the doctor's checks.
func (l *Live) Doctor(ctx context.Context) (doctor.Report, error) {
	j, s := l.creds()
	r := doctor.Run(ctx, doctor.Inputs{
		Jira:      doctor.JiraSettings{URL: j.URL, Email: j.Email, Token: j.Token},
		Spira:     doctor.SpiraSettings{URL: s.URL, Login: s.Login, APIKey: s.APIKey, DataSync: s.DataSync},
		UserAgent: l.cfg.UserAgent,
		Debug:     l.cfg.Debug,
	})
	if err := ctx.Err(); err != nil {
		return doctor.Report{}, err
	}
	return r, nil
}
