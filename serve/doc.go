// Package serve is nianbao serve, the district's web application: a web front over the same
// datafile → check → pipeline build path the command line takes. Units' clerks fill in their
// report as a form (kept as the TOML data file in an embedded SQLite database), the findings of
// check beside it; reviewers return or approve; approved reports are built by pipeline.Write.
//
// Security model: accounts with roles (administrator, reviewer, unit clerk), argon2id
// passwords, one-time set-up links, sessions in HttpOnly SameSite=Strict cookies, a CSRF token on
// every change, login throttling, rights checked on every route server-side, random IDs, and
// an audit log of every change in the same transaction as the change.
package serve
