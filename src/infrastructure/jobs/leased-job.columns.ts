import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** When a job was requested and last changed. */
export abstract class JobTimestamps {
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}

/** TypeScript's mixin pattern requires exactly this constructor type. */
type AbstractClass<T = object> = abstract new (...args: any[]) => T;

/** Adds the columns LeasedJobs needs to the row of a job (an entity of jobs extends `WithLease(itsBase)`). */
export function WithLease<Base extends AbstractClass<JobTimestamps>>(base: Base) {
  abstract class Leased extends base {
    /** Runs started so far: more than one after a crash or a failure. */
    @Column({ type: 'integer', default: 0 })
    runs: number;

    /** Held by a worker until then, or, after a failed run, not to run again before then. */
    @Column({ type: 'timestamptz', name: 'lease_until', nullable: true })
    leaseUntil: Date | null;

    @Column({ type: 'text', name: 'lease_owner', nullable: true })
    leaseOwner: string | null;
  }
  return Leased;
}
