package doctor

import (
	"context"
	"fmt"
	"strings"
)

// roleProductOwner is the role Inflectra's troubleshooting guide gives the
// data-sync account in every synced product.
const roleProductOwner = "Product Owner"

// checkRole checks the Spira login's role in a synced product. Since 7.5
// Spira's data-mapping calls check more than product membership, with a
// rule Inflectra has not published; its guide asks for Product Owner.
func checkRole(ctx context.Context, e *env, productID int) Check {
	u, err := e.spiraUser()
	if err != nil {
		msg, fix := spiraProblem(err)
		return fail(fix, "%s", msg)
	}
	if u.Admin {
		return pass("%s is a system administrator, which Spira's data-mapping permission checks admit", u.UserName)
	}
	fix := fmt.Sprintf("In Spira, give %s the %s role in product %d (Product > Administration > Users): Inflectra's troubleshooting guide asks for it, "+
		"and on Spira 7.5 or later the data-mapping calls need more than membership.", u.UserName, roleProductOwner, productID)
	members, err := e.spira.ProjectUsers(ctx, productID)
	if err != nil {
		msg, f := spiraProblem(err)
		return fail(f, "cannot read the members of product %d: %s", productID, msg)
	}
	for _, m := range members {
		if m.UserID != u.UserID {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(m.ProjectRoleName), roleProductOwner) {
			return pass("%s is %s of product %d", u.UserName, roleProductOwner, productID)
		}
		return warn(fix, "%s is %s, not %s, of product %d: Spira 7.5 or later may refuse its data-mapping calls (401)",
			u.UserName, m.ProjectRoleName, roleProductOwner, productID)
	}
	return fail(fix, "%s is not a member of product %d, so Spira refuses its calls about the product (401)", u.UserName, productID)
}
