/** TypeORM answers an UPDATE or DELETE as [rows, count], a SELECT or INSERT as rows: the rows an UPDATE … RETURNING changed. */
export function modifiedRows<T>(result: unknown): T[] {
  return (result as [T[], number])[0];
}
