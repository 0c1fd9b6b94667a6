/** This process's memory of hooks (the hook directory answers from it): told at once of a change made here. */
export abstract class HookCache {
  /** Drops what this process remembers of a client's hooks. */
  abstract forget(clientId: string): void;
}
