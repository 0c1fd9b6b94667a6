import { hostname } from 'node:os';

/** Names this process in lease tokens, so a stuck lease says whose it was. */
export const workerName = `${hostname()}:${process.pid}`;
