export const HOOK_KINDS = ['data', 'notification'] as const;
export type HookKind = (typeof HOOK_KINDS)[number];

export const HOOK_STATUSES = ['Active', 'Suspended', 'Restarting'] as const;
export type HookStatus = (typeof HOOK_STATUSES)[number];

/** `user`: documents about one user reach the hook in ingest order, each after the previous one is settled. */
export const HOOK_ORDERINGS = ['none', 'user'] as const;
export type HookOrdering = (typeof HOOK_ORDERINGS)[number];
