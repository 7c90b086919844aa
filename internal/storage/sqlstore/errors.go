package sqlstore

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Database errors are classified by the drivers' error codes, never by
// their message text, which changes between versions and locales.

// constraint reports which constraint err violated, by the driver's code:
// "unique", "foreign" or "".
func constraint(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return "unique"
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return "foreign"
		}
		return ""
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505": // unique_violation
			return "unique"
		case "23503": // foreign_key_violation
			return "foreign"
		}
	}
	return ""
}

// isUniqueViolation reports whether err is a unique-constraint failure.
func isUniqueViolation(err error) bool { return err != nil && constraint(err) == "unique" }

// isForeignKey reports whether err is a foreign-key failure.
func isForeignKey(err error) bool { return err != nil && constraint(err) == "foreign" }

// violatedColumn names the column or index of a unique violation, so a
// caller can tell an email clash from a slug clash. PostgreSQL names the
// constraint; SQLite's extended code does not, so its message is the only
// source there.
func violatedConstraint(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.ConstraintName + " " + pe.ColumnName
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Error()
	}
	return ""
}
