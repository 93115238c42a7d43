/** Debian's Chromium driven by playwright-core; never a downloaded browser. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Screenshots are test artefacts a person can open: test/artifacts/<name>.png */
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../artifacts');

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}

/**
 * Picks `option` in the antd Select with data-testid `testId` and waits until the Select shows it.
 * A click that lands while the dropdown is still animating open is lost on a loaded machine, so
 * the choice is retried until it shows.
 */
export async function chooseOption(page: Page, testId: string, option: string, timeout = 15_000): Promise<void> {
  const select = page.getByTestId(testId);
  const deadline = Date.now() + timeout;
  for (;;) {
    if ((await select.innerText()).includes(option)) return;
    if (Date.now() > deadline) throw new Error(`${testId}: could not choose “${option}” within ${timeout} ms`);
    const dropdown = page.locator('.ant-select-dropdown:visible');
    if ((await dropdown.count()) === 0) await select.click();
    await dropdown
      .locator('.ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click({ timeout: 2_000 })
      .catch(() => {}); // not there yet or animating: look again
    await page.waitForTimeout(100);
  }
}
