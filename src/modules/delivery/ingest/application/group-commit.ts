import DataLoader from 'dataloader';

/** Commits that may run at once; requests arriving meanwhile gather into the next group. */
const GROUPS_IN_FLIGHT = 4;
const MAX_GROUP = 500;

/**
 * Group commit: concurrent single requests share one transaction (one fsync). A group is sent as soon as
 * a commit slot is free, so under light load a request waits for nothing, and under heavy load groups
 * grow by themselves. `commit` answers each item alone, with a value or an Error of its own.
 */
export class GroupCommit<Item, Result> {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly loader: DataLoader<Item, Result, Item>;

  constructor(commit: (items: readonly Item[]) => Promise<(Result | Error)[]>) {
    this.loader = new DataLoader<Item, Result, Item>(
      async (items) => {
        this.inFlight++;
        try {
          return await commit(items);
        } finally {
          this.inFlight--;
          this.waiting.shift()?.();
        }
      },
      {
        cache: false,
        maxBatchSize: MAX_GROUP,
        batchScheduleFn: (dispatch) => (this.inFlight < GROUPS_IN_FLIGHT ? setImmediate(dispatch) : this.waiting.push(dispatch)),
      },
    );
  }

  submit(item: Item): Promise<Result> {
    return this.loader.load(item);
  }
}
