// Package spiratest is an in-memory Spira (SpiraPlan) simulator: an
// http.Handler serving REST v7_0 under /Services/v7_0/RestService.svc/ over
// a mutable instance seeded like Spira's sample data (product 1 "Library
// Information System" on template 1, a JiraDataSync plug-in record).
//
// It behaves as Spira does where the sync depends on it: three ways to
// authenticate, 1-based paging capped at 500, RemoteFilter semantics,
// ConcurrencyDate checks with 409, ISO dates in UTC, data-syncs listing only
// active plug-ins, /success setting LastSyncDate to the posted date, artifact
// mappings that are never overwritten by an add, and no HTTP route at all for
// writing project, field-value or custom-property mappings: those are Go
// methods here, standing for what an administrator does in Spira's web UI.
// Every route is one of Spira's v6 operations or named in Inflectra's API
// notes or v7 reference (a test checks this).
//
// # Assumptions
//
// Where Inflectra's reference leaves a behaviour open, the simulator chose:
//
//   - Version: v7_0 paths with the v6 objects, the only ones with public
//     source. v7 additions (Guid, ProjectGuid, ConcurrencyGuid,
//     RequirementCount) are not sent; clients must not need them.
//   - Dates are written yyyy-MM-ddTHH:mm:ss.fffZ in UTC and kept to the
//     millisecond. Any ISO date is read; one without a zone is UTC, as
//     Spira's AssumeUniversal parsing does. Release dates before 1753 (a
//     non-nullable DateTime left out arrives as 0001-01-01) are refused.
//   - Paging: start_row below 1 reads as 1; number_rows missing means 500 and
//     above 500 is cut to 500. The reference gives only the cap.
//   - Filters: an unknown PropertyName is a 400 whatever the data, except on
//     the event log (below), which ignores it as Spira does. StringValue is a case-insensitive substring
//     match (SQL Server's usual collation). Without ConsiderTimes dates
//     compare as UTC calendar days; the zone Spira uses then is unknown. The
//     requirement status filter is RequirementStatusId only, as the
//     RemoteFilter doc comment says; incident components answer to
//     ComponentIds and ComponentId. sort_by is "Field" or "Field ASC|DESC";
//     an unknown sort field sorts by ID.
//   - An update without ConcurrencyDate is stale (409): the .NET default date
//     never matches a stored one. An update replaces the CustomProperties
//     list: a property left out of it is cleared, a null list keeps all.
//     Adding a comment does not change the artifact's LastUpdateDate.
//   - System administrators pass project-membership checks; other
//     non-members get 401, as do non-administrators on admin-only calls.
//   - users/all lists inactive users unless include_inactive=false, and
//     honours start_row/number_rows (v7 clients send them). Releases with
//     status Planned, In Progress or Completed count as active.
//   - Plug-in records (v6 source, real-spira-2026 F11-F13): POST data-syncs
//     stores the record active whatever IsActive says and answers the
//     request with the new ID; DisplayName is the stored Caption, never
//     defaulted; /success, /warning and /failure for an unknown ID answer
//     200 and change nothing; GET data-syncs/{id} for one is a 404.
//   - Data-mapping reads for an unknown plug-in ID answer 200 with [] (the
//     custom-property mapping with null), as the v6 source does (F14). Not
//     known, so chosen: the artifact-mapping search, a read sent by POST,
//     answers [] too; the writes (user and artifact mappings) answer 404.
//   - Authentication (F15): Basic, then the headers, then the query
//     (trimmed), each tried while the request is unauthenticated; a Basic
//     value that is not base64 refuses the request. The body of the 401
//     (text/plain "Access Denied") and the lock-out threshold are not
//     known; no lock-out is simulated.
//   - Run status (F18): Spira 7.13+ has an "In Progress" status whose ID,
//     name and route are not known; SetPlugInStatus seeds any status for
//     tests, and no route sets it.
//   - Extended plug-in settings of Spira 8.8+ (F19): names, storage and
//     the 8.11 endpoint are not known, so they are opaque Go-side values
//     (SetPlugInExtended) that no route reads or writes; a PUT keeps them
//     unless WithPutClearsExtendedSettings (either may be true).
//   - Version (F21): system/product-version reports 9.4.0.0; set below 7.5
//     with SetProductVersion, every v7_0 path answers the web server's HTML
//     404 (the service does not exist; the exact page is not known), and
//     GET /Services/v6_0/RestService.svc/system/product-version, the one
//     v6_0 call served, still answers.
//   - Spira 9.4's call that writes a product's External Key (F22) has no
//     known route, body or permission: not served.
//   - Data-mapping permissions (F24): since 7.5 the product-scoped mapping
//     calls check more than membership, by a rule not published; by
//     default membership suffices (v6), and SetMappingRoles makes them
//     require a role (401 otherwise) so that a refused account is tested.
//   - Status codes (F25): never 403. The bodies of WCF's 404 and of the
//     405 are not known ("Endpoint not found." and "Method not allowed."
//     as JSON strings are chosen).
//   - Calls that return nothing answer 200 with an empty body. An unknown
//     path answers 404 "Endpoint not found."; a known path with another verb
//     405.
//   - The login is matched case-insensitively, the API key exactly (braces
//     included).
//   - Unknown body fields are ignored, as by Newtonsoft, unless
//     WithStrictFields.
//   - Event log: read only with POST system/events/search (Spira's
//     System_RetrieveEvents; there is no GET system/events). System
//     administrators only, others get 400 with a "not authorized" JSON
//     string; starting_row and number_of_rows required (406); at most 500
//     rows; a start past the end answers the last rows again, as Spira's
//     EventManager moves it back. sort_field defaults to EventTimeUtc,
//     descending unless sort_direction is given (even empty) and is not
//     "desc"; ties keep the order of writing. Filters: EventTypeId and
//     EventCode (numbers), EventCategory, Message, Details, EventId
//     (substrings), EventTimeUtc (a StringValue date selects that UTC
//     day); an unknown name, or a value of a kind the property cannot
//     take, is ignored. Not known, so chosen: an unknown sort_field is a
//     400; the fault's exact wording.
//   - The seeded template has the product's ID, as in Spira's sample data;
//     WithTemplateID separates them (the sandbox does).
package spiratest
