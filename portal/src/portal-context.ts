import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api.js';
import type { Environment, Hook } from './types.js';

/** What every page needs: the API with the signed-in key, the client's hooks and its environments. */
export interface PortalContext {
  api: Api;
  hooks: Hook[];
  environments: Environment[];
  reloadHooks: () => Promise<void>;
}

/** Provided by the portal's shell, read by its pages: its own module, so pages and shell never import each other. */
export const PortalContextProvider = createContext<PortalContext | null>(null);
export const usePortal = (): PortalContext => useContext(PortalContextProvider)!;
