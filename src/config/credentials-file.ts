import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where a development service keeps the tokens it generated for itself when none are configured. */
export const DEFAULT_CREDENTIALS_FILE = './var/credentials.json';

export const TOKEN_VARIABLES = ['ADMIN_TOKEN', 'PRODUCER_TOKEN'] as const;
export type TokenVariable = (typeof TOKEN_VARIABLES)[number];

export interface CredentialsFile {
  /** Absolute path, for the log line that tells an operator where to look. */
  path: string;
  /** The variables as the file holds them (same format as the environment: comma-separated lists). */
  values: Record<TokenVariable, string>;
  /** True when this start wrote the file. */
  generated: boolean;
  /** True when users other than the owner may read it. */
  readableByOthers: boolean;
}

export class CredentialsFileError extends Error {}

/**
 * Reads the credentials file, creating it first (mode 0600, one random token per variable) when missing.
 * Created under a temporary name and hard-linked into place, so two processes starting together
 * end up sharing whichever file was linked first instead of overwriting each other.
 */
export function readOrCreateCredentialsFile(file: string = DEFAULT_CREDENTIALS_FILE): CredentialsFile {
  const path = resolve(file);
  let generated = false;
  try {
    statSync(path);
  } catch {
    generated = create(path);
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // Reported below, like a file without the tokens.
  }
  const values = parsed as Partial<Record<TokenVariable, unknown>> | null;
  if (typeof values?.ADMIN_TOKEN !== 'string' || typeof values.PRODUCER_TOKEN !== 'string') {
    throw new CredentialsFileError(`Invalid configuration: ${path} must be a JSON object with ADMIN_TOKEN and PRODUCER_TOKEN`);
  }
  return {
    path,
    values: { ADMIN_TOKEN: values.ADMIN_TOKEN, PRODUCER_TOKEN: values.PRODUCER_TOKEN },
    generated,
    readableByOthers: (statSync(path).mode & 0o077) !== 0,
  };
}

function create(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tokens = Object.fromEntries(TOKEN_VARIABLES.map((name) => [name, randomBytes(32).toString('base64url')]));
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(draft, 0o600); // whatever the umask
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(draft);
  }
}
