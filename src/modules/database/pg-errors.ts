/** PostgreSQL's unique_violation (SQLSTATE 23505): another writer inserted the same key first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
