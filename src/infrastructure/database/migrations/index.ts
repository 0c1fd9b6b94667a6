import { Kernel1795322273466 } from './1795322273466-Kernel.js';
import { Clients1795323508955 } from './1795323508955-Clients.js';
import { Notifications1795323570728 } from './1795323570728-Notifications.js';
import { RejectedStore1795323578221 } from './1795323578221-RejectedStore.js';
import { Delivery1795323606012 } from './1795323606012-Delivery.js';

/** Every migration, in order. Listed explicitly: ES modules cannot be globbed at start-up reliably. */
export const MIGRATIONS: Function[] = [Kernel1795322273466, Clients1795323508955, Notifications1795323570728, RejectedStore1795323578221, Delivery1795323606012];
