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
// Where Inflectra's reference leaves a behaviour open, the simulator chose
// (F-numbers are the facts of the project's real-Spira reference that
// settle a point, or leave it open with the option that gives the other
// answer):
//
//   - Version: v7_0 paths with the v6 objects, the only ones with public
//     source. v7 additions (Guid, ProjectGuid, ConcurrencyGuid,
//     RequirementCount) are not sent; clients must not need them.
//   - Dates are written yyyy-MM-ddTHH:mm:ss.fffZ in UTC and kept to the
//     millisecond. Body dates are read as Newtonsoft's ISO parser reads
//     them: Z, ±HH:mm, ±HHmm or ±HH, up to seven fractional digits, none
//     meaning UTC, and (chosen) a bare yyyy-MM-dd as midnight UTC (F17).
//     Release dates before 1753 (a non-nullable DateTime left out arrives
//     as 0001-01-01) are refused.
//   - Parameters: every path and query value of a route's template is
//     required and converted by the operation; missing or unparsable is a
//     406 with a JSON string (F5, v6 RestUtils). The integer message is
//     Spira's; the boolean, date and artifact-type wordings are chosen.
//     Paging names are per operation (start_row/number_rows for incident
//     search and recent, release search, users/all; starting_row/
//     number_of_rows for requirements). A start below 1 reads as 1
//     (chosen). At most 500 rows (F26: the v7 guide; v6 incident searches
//     have no cap, WithUncappedIncidentSearch).
//   - incidents/recent: creation_date exactly yyyy-MM-ddTHH:mm:ss.fff, as
//     UTC, compared with its time, inclusive (F6, v6 code; the v7 time
//     comparison is inferred).
//   - projects/{p}/releases and users/all: v6 takes no parameter, v7
//     clients send active_only, include_inactive and paging (F23); whether
//     v7 requires them is not known. The default accepts both forms and
//     honours what is sent; WithRequiredListParams 406s without them,
//     WithV6ListParams ignores them. users/all lists inactive users unless
//     include_inactive=false. Releases with status Planned, In Progress or
//     Completed count as active (not known, chosen).
//   - Filters: an unknown PropertyName is dropped and the search answers
//     unfiltered (F2, v6 ManagerBase, seen on v7); WithStrictFilters
//     refuses it instead, to catch a client's typo. The requirement status
//     filter is RequirementStatusId, incident components ComponentIds. A
//     Name StringValue is a keyword search (a quoted phrase is one keyword)
//     over Name and Description, the Description part off per product with
//     SetNameSearchDescription (F3); other strings are case-insensitive
//     substrings (SQL Server's usual collation). Without ConsiderTimes
//     dates compare as UTC calendar days; the zone Spira uses then is
//     unknown.
//   - Sorting: sort_by is "Field" or "Field ASC|DESC"; incidents/search
//     sorts ascending whatever the direction, as v6 appends " ASC" (F4;
//     v7 not known, WithIncidentSortDirection honours it). An unknown sort
//     field sorts by ID (chosen).
//   - An update without ConcurrencyDate is stale (409): the .NET default date
//     never matches a stored one. Adding a comment does not change the
//     artifact's LastUpdateDate.
//   - Creates of incidents, requirements (also under a parent) and releases
//     answer the request echoed back with the new ID and ProjectId, as
//     Spira 6's code and Inflectra's v7 example do (F7). Comment, association
//     and document creates answer the stored object: no source says, so
//     clients should use only their IDs. The requirement create at an
//     indent (requirements/indent/{n}) is not served.
//   - Status Bulk Edit (SetStatusBulkEdit, on by default) behaves as in
//     Spira 6: off, REST creates get the default status (releases Planned)
//     and updates keep the old one, answering 200 (F8). What off means on
//     v7 to 9.4 is not known.
//   - Custom properties, as Spira 6 (F9): a write sets only the properties its
//     list names (a null or empty list changes nothing), reads only the
//     slot of each type (another slot clears), ignores unknown numbers and
//     stores a list value outside its list; a GET lists every defined
//     property. Options: AllowEmpty "N" (or "False") requires a value;
//     MinLength, MinValue and MaxValue refuse with a ValidationFault; dates
//     compare with options read as ISO dates; MaxLength cuts. On create the
//     values are written after the insert, so a refused value leaves the
//     artifact without them. Kept from before, not in a source: a user
//     property naming no user is refused. Release properties (type 10,
//     seeded on incidents) are listed but a REST write of them is not
//     stored, as in Spira 6's write switch (F20); AutomationHost (presumably
//     type 9) is not seeded.
//   - Incident updates whose Closed Date or Start Date (plus a day) fall on
//     a day before the creation day, or whose completion is outside 0-100,
//     are refused with a 400 JSON string (F10); days are UTC days, Spira's zone
//     for the date-only comparison is not known.
//   - System administrators pass project-membership checks; other
//     non-members get 401, as do non-administrators on admin-only calls.
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
//   - Calls that return nothing answer 200 with an empty body. The service
//     path matches in any case, as IIS and WCF do (F16, inferred from
//     Inflectra's own clients). An unknown path under it answers 404
//     "Endpoint not found."; a known path with another verb 405.
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
