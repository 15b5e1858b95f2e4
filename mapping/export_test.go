package mapping

// The fixtures, for the external tests that use mappingtest.
var (
	FixtureProduct = fixtureProduct
	FixtureJira    = fixtureJira
	FixtureSpira   = fixtureSpira
)
