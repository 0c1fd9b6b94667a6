import { usePortal } from '../portal-context.js';
import type { Category, Environment, Preferences } from '../types.js';
import { Notice, useMessage } from '../ui/notice.js';
import { useLoad } from '../ui/use-load.js';

const CATEGORIES: { category: Category; label: string; help: string }[] = [
  { category: 'user_management', label: 'User management', help: 'A user was created, or linked or unlinked a data source.' },
  { category: 'extraction_failures', label: 'Extraction failures', help: "A user's data could not be extracted from a data source." },
  {
    category: 'rejected_information',
    label: 'Rejected information',
    help: 'A document is being retried or was stored in the rejected bucket, or a hook was suspended or restored.',
  },
];

export function NotificationsPage() {
  const { environments, hooks } = usePortal();
  return (
    <>
      <p class="intro">
        Choose which notifications your notification hook receives. Turning a category off stops those notifications only: delivery,
        retries and the storage of rejected documents are unaffected.
      </p>
      {environments.map((environment) => (
        <EnvironmentPreferences
          environment={environment}
          hasHook={hooks.some((hook) => hook.kind === 'notification' && hook.environment === environment)}
          key={environment}
        />
      ))}
    </>
  );
}

function EnvironmentPreferences({ environment, hasHook }: { environment: Environment; hasHook: boolean }) {
  const { api } = usePortal();
  const status = useMessage();
  const preferences = useLoad(() => api.get<Preferences>(`/v1/preferences?environment=${environment}`), [environment]);

  async function change(category: Category, label: string, on: boolean) {
    try {
      preferences.set(await api.send<Preferences>('PUT', '/v1/preferences', { environment, notifications: { [category]: on } }));
      status.ok(`Saved: ${label.toLowerCase()} notifications are ${on ? 'on' : 'off'} in ${environment}.`);
    } catch (error) {
      status.fail(error);
      await preferences.reload();
    }
  }

  return (
    <fieldset class="card switches">
      <legend>{environment}</legend>
      {!hasHook && <p class="help">You have no notification hook in {environment}: nothing is sent there until your operator adds one.</p>}
      {preferences.error ? <Notice message={{ tone: 'error', text: (preferences.error as Error).message }} /> : null}
      {preferences.data &&
        CATEGORIES.map(({ category, label, help }) => {
          const id = `${environment}-${category}`;
          return (
            <div class="switch" key={category}>
              <input
                type="checkbox"
                role="switch"
                id={id}
                checked={preferences.data!.notifications[category]}
                aria-describedby={`${id}-help`}
                onChange={(event) => change(category, label, event.currentTarget.checked)}
              />
              <label for={id}>{label}</label>
              <p class="help" id={`${id}-help`}>
                {help}
              </p>
            </div>
          );
        })}
      <Notice message={status.message} />
    </fieldset>
  );
}
