import { usePortal } from '../portal-context.js';
import type { Environment, ResendJob } from '../types.js';
import { Notice, useMessage } from '../ui/notice.js';
import { useJobProgress } from '../ui/use-job-progress.js';

/** Resends every waiting document of an environment, with a progress bar that follows the job until it ends. */
export function BulkResend({ environment, onFinished }: { environment: Environment; onFinished: () => void }) {
  const { api } = usePortal();
  const status = useMessage();
  const { job, running, track } = useJobProgress<ResendJob>(
    (path) => api.get<ResendJob>(path),
    (jobId) => `/v1/rejected/resend/${jobId}`,
    (progress) => {
      const verdict = progress.state === 'failed' ? 'stopped early' : 'finished';
      status[progress.failed > 0 || progress.state === 'failed' ? 'fail' : 'ok'](
        `Bulk resend ${verdict}: ${progress.delivered} delivered, ${progress.failed} not delivered, of ${progress.total}.`,
      );
      onFinished();
    },
    (error) => status.fail(error),
  );

  async function start() {
    status.clear();
    try {
      const started = await api.send<{ jobId: string; total: number }>('POST', '/v1/rejected/resend', { environment });
      if (started.total === 0) return status.info(`Nothing to resend: no document is waiting in ${environment}.`);
      track({ jobId: started.jobId, state: 'queued', total: started.total, delivered: 0, failed: 0 });
    } catch (error) {
      status.fail(error);
    }
  }

  const done = job ? job.delivered + job.failed : 0;
  return (
    <section class="bulk" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading">Resend everything</h2>
      <p class="help">Sends every document waiting in {environment} again, at the pace your hook's limits allow.</p>
      <button type="button" onClick={start} disabled={running}>
        Resend all waiting in {environment}
      </button>
      {job && (
        <div class="progress">
          <label for="bulk-progress">Bulk resend progress</label>
          <progress id="bulk-progress" max={job.total} value={done}>
            {done} of {job.total}
          </progress>
          <p aria-live="polite" role="status">
            {done} of {job.total} resent: {job.delivered} delivered, {job.failed} not delivered{running ? '…' : '.'}
          </p>
        </div>
      )}
      <Notice message={status.message} />
    </section>
  );
}
