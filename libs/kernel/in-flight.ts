/** Work a process has started and not yet finished, so that stopping can wait for it. */
export class InFlight {
  private readonly promises = new Set<Promise<unknown>>();

  /** Starts `work` and keeps it until it settles; answers what `work` answers. */
  track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.promises.add(promise);
    const forget = () => this.promises.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  get size(): number {
    return this.promises.size;
  }

  /** Resolves once everything started so far has settled, succeeded or failed. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.promises);
  }
}
