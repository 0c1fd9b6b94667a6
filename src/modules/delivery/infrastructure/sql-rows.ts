/** TypeORM answers an UPDATE or DELETE as [rows, count], a SELECT or INSERT as rows. */
export function modifiedRows<T>(result: unknown): T[] {
  return (result as [T[], number])[0];
}

/** A column of an input table for `unnest`, one array per column. */
export function column<Row, T>(rows: readonly Row[], pick: (row: Row) => T): T[] {
  return rows.map(pick);
}
