import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api.js';
import { EventsPage } from './pages/events.js';
import { HooksPage } from './pages/hooks.js';
import { NotificationsPage } from './pages/notifications.js';
import { RejectedPage } from './pages/rejected.js';
import { PortalContextProvider } from './portal-context.js';
import type { Environment, Hook } from './types.js';
import { Notice } from './ui/notice.js';
import { useLoad } from './ui/use-load.js';

const PAGES = [
  { path: 'hooks', title: 'Hooks', Page: HooksPage },
  { path: 'events', title: 'Events', Page: EventsPage },
  { path: 'rejected', title: 'Rejected', Page: RejectedPage },
  { path: 'notifications', title: 'Notifications', Page: NotificationsPage },
] as const;

const ENVIRONMENTS: Environment[] = ['sandbox', 'production'];

function currentPath(): string {
  const path = location.hash.replace(/^#\/?/, '');
  return PAGES.some((page) => page.path === path) ? path : 'hooks';
}

export function Portal({ api, onSignOut }: { api: Api; onSignOut: () => void }) {
  const [path, setPath] = useState(currentPath);
  const hooks = useLoad(() => api.get<Hook[]>('/webhooks/v1/registrations'), [api]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const follow = () => setPath(currentPath());
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  // A new page moves focus to its heading, so keyboard and screen-reader users start there.
  useEffect(() => heading.current?.focus(), [path]);

  const page = PAGES.find((candidate) => candidate.path === path)!;
  const list = hooks.data ?? [];
  const environments = ENVIRONMENTS.filter((environment) => list.some((hook) => hook.kind === 'data' && hook.environment === environment));
  return (
    <>
      <a class="skip" href="#main" onClick={(event) => (event.preventDefault(), heading.current?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <p class="brand">Webhook portal</p>
        <nav aria-label="Portal">
          <ul>
            {PAGES.map((candidate) => (
              <li key={candidate.path}>
                <a href={`#${candidate.path}`} aria-current={candidate.path === path ? 'page' : undefined}>
                  {candidate.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>
          {page.title}
        </h1>
        {hooks.error ? <Notice message={{ tone: 'error', text: (hooks.error as Error).message }} /> : null}
        {hooks.data ? (
          <PortalContextProvider.Provider value={{ api, hooks: list, environments, reloadHooks: hooks.reload }}>
            <page.Page />
          </PortalContextProvider.Provider>
        ) : (
          !hooks.error && <p class="loading">Loading your hooks…</p>
        )}
      </main>
    </>
  );
}
