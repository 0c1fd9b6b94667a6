import { useEffect, useRef, useState } from 'preact/hooks';

const POLL_MS = 500;

/** What every bulk job's progress answer has in common. */
export interface JobProgress {
  jobId: string;
  state: string;
  total: number;
  delivered: number;
  failed: number;
}

/**
 * Follows a bulk job (a resend, a replay) by polling `path(jobId)` until it ends, then hands its last answer to
 * `onEnd`. `running` is true while the job is queued or running; polling stops when the page goes away.
 */
export function useJobProgress<Job extends JobProgress>(
  get: (path: string) => Promise<Job>,
  path: (jobId: string) => string,
  onEnd: (job: Job) => void,
  onError: (error: unknown) => void,
) {
  const [job, setJob] = useState<Job | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const running = job !== null && (job.state === 'queued' || job.state === 'running');

  async function follow(jobId: string) {
    try {
      const progress = await get(path(jobId));
      setJob(progress);
      if (progress.state === 'queued' || progress.state === 'running') {
        timer.current = setTimeout(() => follow(jobId), POLL_MS);
        return;
      }
      onEnd(progress);
    } catch (error) {
      onError(error);
    }
  }

  /** Shows the job as queued at once, then follows it. */
  function track(started: Job) {
    setJob(started);
    void follow(started.jobId);
  }

  return { job, running, track, clear: () => setJob(null) };
}
