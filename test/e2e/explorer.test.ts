/**
 * The analysts' explorer in a real browser: headless Chromium opens the gateway's page, runs a
 * saved operation and sees data; the page makes no request outside the gateway's origin.
 */
import type { Browser } from 'playwright-core';
import { artifactPath, launchBrowser } from '../support/browser';
import { requireBuild, Stack, Proc } from '../support/processes';
import { seededSources, tokenFor } from '../support/seeded';

describe('explorer', () => {
  let stack: Stack;
  let gateway: Proc;
  let browser: Browser;

  beforeAll(async () => {
    requireBuild();
    const seeded = await seededSources('explorer', 200);
    stack = new Stack(seeded.urls);
    await stack.startSubgraphs();
    gateway = await stack.startGateway();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('runs the saved 360 operation and shows data, talking to no one but the gateway', async () => {
    const origin = new URL(gateway.url).origin;
    const page = await browser.newPage();
    // A shared machine under the full suite can take longer than Playwright's 30 s default to load the bundle.
    page.setDefaultTimeout(90_000);
    const foreign: string[] = [];
    const failed: string[] = [];
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    page.on('requestfailed', (req) => failed.push(`${req.url()} ${req.failure()?.errorText}`));
    page.on('pageerror', (err) => failed.push(`pageerror: ${err.message}`));

    const token = await tokenFor({ role: 'app', scopes: ['pii:read'] });
    await page.addInitScript(
      (t) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('taxgraph:token', t),
      token,
    );
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-execute-button');
    const tabs = await page.locator('.graphiql-tab').count();
    expect(tabs).toBeGreaterThanOrEqual(3);
    const response = page.waitForResponse(
      (r) => r.url() === `${origin}/graphql` && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('Taxpayer360'),
    );
    await page.click('.graphiql-execute-button');
    const body = (await (await response).json()) as { data?: { taxpayer?: { uscc: string; registration: unknown } } };
    expect(body.data?.taxpayer?.uscc).toMatch(/^[0-9A-Z]{18}$/);
    expect(body.data?.taxpayer?.registration).not.toBeNull();
    await page.locator('.graphiql-response').getByText('"uscc"').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifactPath('explorer.png') });
    expect(foreign).toEqual([]);
    expect(failed).toEqual([]);
  });
});
