/** The API key is kept for this tab only: sessionStorage ends with the tab, and nothing else is stored. */
const KEY = 'webhook-portal.apiKey';

export const session = {
  apiKey: (): string | null => sessionStorage.getItem(KEY),
  keep: (apiKey: string): void => sessionStorage.setItem(KEY, apiKey),
  forget: (): void => sessionStorage.removeItem(KEY),
};
