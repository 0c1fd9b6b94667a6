import pg from 'pg';

/** What CREATE DATABASE answers when the name is taken: 42P04, or 23505 when another process created it at the same moment (its row meets ours in pg_database's unique index). */
const NAME_TAKEN = new Set(['42P04', '23505']);

/** Creates the database named in the URL when it does not exist yet (safe when several processes race). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((error: { code?: string }) => {
      if (!NAME_TAKEN.has(error.code ?? '')) throw error;
    });
  } finally {
    await client.end();
  }
}
