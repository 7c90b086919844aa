package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// copyRows writes rows of width values each with PostgreSQL's COPY, on
// the connection that holds the bulk load's transaction: one stream per
// table instead of a statement per few hundred rows, and no parameter
// limit. head is the table's multi-row INSERT head, which names the
// columns in the order of the values.
func copyRows(ctx context.Context, sc *sql.Conn, head string, width int, args []any) error {
	if len(args) == 0 {
		return nil
	}
	table, cols, err := insertTarget(head)
	if err != nil {
		return err
	}
	n := len(args) / width
	return sc.Raw(func(dc any) error {
		pc, err := pgxOf(dc)
		if err != nil {
			return fmt.Errorf("bulk load: COPY: %w", err)
		}
		_, err = pc.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			return args[i*width : (i+1)*width], nil
		}))
		return classify(err)
	})
}

// insertTarget reads the table and columns of "INSERT INTO t (a, b) VALUES ".
func insertTarget(head string) (string, []string, error) {
	rest, ok := strings.CutPrefix(head, "INSERT INTO ")
	open, closing := strings.Index(rest, "("), strings.Index(rest, ")")
	if !ok || open < 0 || closing < open {
		return "", nil, errors.New("bulk load: cannot read the columns of " + head)
	}
	cols := strings.Split(rest[open+1:closing], ",")
	for i := range cols {
		cols[i] = strings.TrimSpace(cols[i])
	}
	return strings.TrimSpace(rest[:open]), cols, nil
}
