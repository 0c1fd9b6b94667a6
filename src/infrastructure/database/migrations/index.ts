import { Kernel1795322273466 } from './1795322273466-Kernel.js';
import { Clients1795323508955 } from './1795323508955-Clients.js';

/** Every migration, in order. Listed explicitly: ES modules cannot be globbed at start-up reliably. */
export const MIGRATIONS: Function[] = [Kernel1795322273466, Clients1795323508955];
