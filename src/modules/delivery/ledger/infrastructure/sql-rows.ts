/** A column of an input table for `unnest`, one array per column. */
export function column<Row, T>(rows: readonly Row[], pick: (row: Row) => T): T[] {
  return rows.map(pick);
}
