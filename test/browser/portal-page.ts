import type { Page } from 'playwright-core';

// page.evaluate callbacks run in the page, where these exist; the test build has no DOM types.
declare const document: any;
declare const window: any;
declare const sessionStorage: any;

/** What a person does in the portal, in the words the page shows. */
export class PortalPage {
  constructor(
    readonly page: Page,
    private readonly serviceUrl: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.serviceUrl}/portal`);
    await this.page.getByLabel('API key').waitFor();
  }

  async signIn(apiKey: string): Promise<void> {
    await this.open();
    await this.page.getByLabel('API key').fill(apiKey);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.getByRole('heading', { level: 1, name: 'Hooks' }).waitFor();
  }

  async goTo(title: 'Hooks' | 'Events' | 'Rejected' | 'Notifications'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: title }).click();
    await this.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  /** The card of one rejected document. */
  rejectedCard(id: string) {
    return this.page.getByRole('listitem', { name: `Rejected document ${id}` });
  }

  /** What a screen reader would call the focused element: its aria-label, its label, or its text. */
  focusedName(): Promise<string | undefined> {
    return this.page.evaluate(() => {
      const element = document.activeElement;
      const label = element?.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
      return (element?.getAttribute('aria-label') ?? label ?? element?.textContent)?.trim();
    });
  }

  /** Presses Tab until the element named has the focus, as a keyboard user would. */
  async tabTo(name: string): Promise<void> {
    for (let presses = 0; presses < 40; presses++) {
      await this.page.keyboard.press('Tab');
      if ((await this.focusedName()) === name) return;
    }
    throw new Error(`Tab never reached "${name}"`);
  }

  storedKeys(): Promise<number> {
    return this.page.evaluate(() => sessionStorage.length);
  }

  /** How far the page scrolls sideways (0 when it fits the screen). */
  sidewaysOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }
}
