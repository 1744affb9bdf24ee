/**
 * Opens a reconciliation report (an HTML file) in headless Chromium and tells what a reader would
 * see: whether each chart drew (its canvas marked `data-rendered` and pixels painted), every request
 * the page made beyond the file itself, and every console error (a CSP violation is one).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';

export interface ReportCheck {
  charts: { id: string; rendered: boolean; nonBlankPixels: number }[];
  requests: string[];
  consoleErrors: string[];
}

const VIEWPORT = { width: 1400, height: 1000 };
/** CSS pixels of the page kept in the screenshot: the overview, charts and the first lists. */
const MAX_SHOT_HEIGHT = 12_000;

/** Runs in the page: each canvas with its painted (non-transparent) pixels. */
const MEASURE_CANVASES = `[...document.querySelectorAll('canvas')].map((c) => {
  const pixels = c.width && c.height ? c.getContext('2d').getImageData(0, 0, c.width, c.height).data : [];
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
  return { id: c.id, rendered: c.getAttribute('data-rendered') === 'true', nonBlankPixels: painted };
})`;

const ALL_DRAWN = `(() => {
  const canvases = [...document.querySelectorAll('canvas')];
  return canvases.length > 0 && canvases.every((c) => c.getAttribute('data-rendered') === 'true');
})()`;

/**
 * Checks the report at `file` and saves a full-page screenshot to `screenshot`. Charts that never
 * draw come back with `rendered: false` (after `timeoutMs`) rather than as an exception.
 */
export async function checkReport(
  file: string,
  screenshot: string,
  opts: { browser?: Browser; timeoutMs?: number } = {},
): Promise<ReportCheck> {
  const url = pathToFileURL(resolve(file)).href;
  const browser = opts.browser ?? (await launchBrowser());
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('request', (req) => {
      if (req.url().split('#')[0] !== url) requests.push(req.url());
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(ALL_DRAWN, null, { timeout: opts.timeoutMs ?? 15_000 }).catch(() => undefined);
    const charts = (await page.evaluate(MEASURE_CANVASES)) as ReportCheck['charts'];
    // Whole page, down to MAX_SHOT_HEIGHT: Chromium takes minutes over a list of thousands of rows.
    const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
    await page.screenshot({
      path: screenshot,
      fullPage: true,
      clip: { x: 0, y: 0, width: VIEWPORT.width, height: Math.min(height, MAX_SHOT_HEIGHT) },
      timeout: 60_000,
    });
    await page.close();
    return { charts, requests, consoleErrors };
  } finally {
    if (!opts.browser) await browser.close();
  }
}
