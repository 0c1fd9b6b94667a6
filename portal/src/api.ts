/** The client API, called with the signed-in API key as a bearer token (never in a URL). */

/** A call that failed, in words a person can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** What a 404, 409 or 410 means where the call is made. */
export interface Wording {
  notFound?: string;
  conflict?: string;
  gone?: string;
}

export interface Api {
  get<T>(path: string, wording?: Wording): Promise<T>;
  text(path: string, wording?: Wording): Promise<string>;
  send<T>(method: 'POST' | 'PUT', path: string, body?: unknown, wording?: Wording): Promise<T>;
}

export const KEY_REFUSED = 'That API key was not accepted. Check that you copied the whole key (it starts with whk_), or ask your operator for a new one.';

/** `onRefused` runs when the key stops being accepted (revoked or rotated), so the portal can ask for it again. */
export function createApi(apiKey: string, onRefused: () => void): Api {
  async function call(method: string, path: string, body: unknown, wording: Wording): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch {
      throw new ApiError(null, 'The service could not be reached. Check your connection and try again.');
    }
    if (response.ok) return response;
    if (response.status === 401) onRefused();
    throw new ApiError(response.status, plainWords(response.status, await serverMessage(response), wording));
  }
  return {
    get: async (path, wording = {}) => (await call('GET', path, undefined, wording)).json(),
    text: async (path, wording = {}) => (await call('GET', path, undefined, wording)).text(),
    send: async (method, path, body, wording = {}) => (await call(method, path, body ?? {}, wording)).json(),
  };
}

async function serverMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: string | string[] };
    return Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? '');
  } catch {
    return '';
  }
}

function plainWords(status: number, message: string, wording: Wording): string {
  if (status === 401) return KEY_REFUSED;
  if (status === 403) return 'Your API key is not allowed to do this.';
  if (status === 404) return wording.notFound ?? 'Not found: it does not exist, or it does not belong to your account.';
  if (status === 409) return wording.conflict ?? `That cannot be done now: ${message}.`;
  if (status === 410) return wording.gone ?? 'This is no longer available: its retention period has ended.';
  if (status === 429) return 'Too many requests at once. Wait a moment and try again.';
  if (status >= 500) return `The service is unavailable right now (error ${status}). Nothing was changed; try again in a minute.`;
  return `The request was refused: ${message || `error ${status}`}.`;
}

/** Checks a key before keeping it: the caller's hooks are the first thing the portal shows anyway. */
export async function checkKey(apiKey: string): Promise<void> {
  let refused = false;
  await createApi(apiKey, () => (refused = true))
    .get('/webhooks/v1/registrations')
    .catch((error: ApiError) => {
      throw refused ? new ApiError(401, KEY_REFUSED) : error;
    });
}
