import { useState } from 'preact/hooks';
import { usePortal } from '../portal-context.js';
import type { Environment } from '../types.js';
import { EnvironmentPicker } from '../ui/environment-picker.js';
import { Notice, useMessage } from '../ui/notice.js';
import { useJobProgress } from '../ui/use-job-progress.js';

/** `GET /v1/replays/:jobId`. */
interface ReplayJob {
  jobId: string;
  state: 'queued' | 'running' | 'completed' | 'failed';
  total: number;
  delivered: number;
  failed: number;
  skipped: number;
}

/** A `datetime-local` value (the browser's time zone) as the instant the API expects; empty stays undefined. */
const instantOf = (value: string): string | undefined => (value ? new Date(value).toISOString() : undefined);

/**
 * Delivers again every delivered document of an environment created in a span of time, with a progress bar that
 * follows the job until it ends; `onEnd` is called once it has.
 */
export function ReplayForm({ onEnd }: { onEnd: () => void }) {
  const { api, environments } = usePortal();
  const [environment, setEnvironment] = useState<Environment>(environments[0] ?? 'sandbox');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const status = useMessage();
  const { job, running, track, clear } = useJobProgress<ReplayJob>(
    (path) => api.get<ReplayJob>(path),
    (jobId) => `/v1/replays/${jobId}`,
    (progress) => {
      const verdict = progress.state === 'failed' ? 'stopped early' : 'finished';
      status[progress.failed > 0 || progress.state === 'failed' ? 'fail' : 'ok'](
        `Replay ${verdict}: ${progress.delivered} delivered, ${progress.failed} not delivered, ${progress.skipped} skipped, of ${progress.total}.`,
      );
      onEnd();
    },
    (error) => status.fail(error),
  );

  async function start(event: Event) {
    event.preventDefault();
    status.clear();
    if (!from) return status.fail('Choose when the replay starts.');
    if (to && new Date(to) <= new Date(from)) return status.fail('The end must come after the start.');
    try {
      const started = await api.send<{ jobId: string; total: number }>('POST', '/v1/replays', { environment, from: instantOf(from), to: instantOf(to) });
      if (started.total === 0) {
        clear();
        return status.info(`Nothing to replay: no document was delivered in ${environment} in that time.`);
      }
      track({ jobId: started.jobId, state: 'queued', total: started.total, delivered: 0, failed: 0, skipped: 0 });
    } catch (error) {
      status.fail(error);
    }
  }

  const done = job ? job.delivered + job.failed + job.skipped : 0;
  return (
    <section class="bulk" aria-labelledby="replay-heading">
      <h2 id="replay-heading">Replay</h2>
      <p class="help">
        Sends again every document delivered to your data hook that was created in this time (your local time), oldest first, at the pace your hook's
        limits allow. Documents whose content is no longer kept are skipped.
      </p>
      <form class="inline" onSubmit={start} noValidate>
        <EnvironmentPicker id="replay-environment" environments={environments} value={environment} onChange={setEnvironment} />
        <div class="field">
          <label for="replay-from">From</label>
          <input id="replay-from" type="datetime-local" step={1} value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="replay-to">To (now if empty)</label>
          <input id="replay-to" type="datetime-local" step={1} value={to} onInput={(event) => setTo(event.currentTarget.value)} />
        </div>
        <button type="submit" disabled={running}>
          Replay
        </button>
      </form>
      {job && (
        <div class="progress">
          <label for="replay-progress">Replay progress</label>
          <progress id="replay-progress" max={job.total} value={done}>
            {done} of {job.total}
          </progress>
          <p aria-live="polite" role="status">
            {done} of {job.total} replayed: {job.delivered} delivered, {job.failed} not delivered, {job.skipped} skipped{running ? '…' : '.'}
          </p>
        </div>
      )}
      <Notice message={status.message} />
    </section>
  );
}
