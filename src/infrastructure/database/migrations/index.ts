import { Kernel1795322273466 } from './1795322273466-Kernel.js';

/** Every migration, in order. Listed explicitly: ES modules cannot be globbed at start-up reliably. */
export const MIGRATIONS: Function[] = [Kernel1795322273466];
