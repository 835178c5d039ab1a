// The report's HTML page in a real headless browser (the system's Chromium, driven by
// playwright-core): the charts render, nothing leaves the page, the book's text stays text, and
// the page fits a phone's width and prints.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, copyBook } from '../helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> "Q" & 'A'`;

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
});
afterAll(async () => {
  await browser?.close();
});

/** The page of the basic book, with one overdue client and one dropped ball whose names try to be markup. */
function reportPage(): string {
  const dir = copyBook('basic');
  for (const [file, name] of [['zeta.yaml', HOSTILE], ['nordic-fish.yaml', `${HOSTILE} (dropped)`]] as const) {
    const path = join(dir, 'clients', file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^name: .*$/m, `name: ${JSON.stringify(name)}`));
  }
  const zeta = join(dir, 'clients', 'zeta.yaml');
  writeFileSync(zeta, readFileSync(zeta, 'utf8').replace(/date: 2026-11-23/, 'date: 2026-11-10'));
  // (outside the book: a report is never written into it)
  const out = join(mkdtempSync(join(tmpdir(), 'tickler-page-')), 'report.html');
  const run = cli(['report', '--format', 'html', '-o', out, '--today', '2026-11-23'], { cwd: dir });
  expect(run.code, run.err).toBe(0);
  return out;
}

describe('report --format html in Chromium', () => {
  it('renders its charts, requests nothing, shows hostile names as text, fits a phone and prints', async () => {
    const file = reportPage();
    const url = pathToFileURL(file).href;
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, javaScriptEnabled: true });
    const page = await context.newPage();
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.request().url() === url ? route.continue() : route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);

    // Nothing but the page itself was asked for; no script ran.
    expect(requests).toEqual([url]);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('script, img, iframe, link, object').count()).toBe(0);
    expect(errors).toEqual([]);
    // The names are on the page as text, quotes and all.
    const text = await page.locator('body').innerText();
    expect(text).toContain(HOSTILE);
    expect(text).toContain(`${HOSTILE} (dropped)`);

    // Every chart has a box, and bars with a size.
    const boxes = await page.locator('svg').evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(boxes.length).toBeGreaterThanOrEqual(4);
    for (const [w, h] of boxes) {
      expect(w).toBeGreaterThan(100);
      expect(h).toBeGreaterThan(20);
    }
    const bars = await page.locator('svg rect').evaluateAll((rects) => rects.filter((r) => r.getBoundingClientRect().width > 0 && r.getBoundingClientRect().height > 0).length);
    expect(bars).toBeGreaterThan(10);

    // A screenshot that is not blank: far larger than one of an empty page of the same size.
    const shot = await page.screenshot({ fullPage: true });
    const blank = await context.newPage();
    await blank.setContent('<!DOCTYPE html><html><body></body></html>');
    const empty = await blank.screenshot({ fullPage: true });
    expect(shot.length).toBeGreaterThan(empty.length * 5);

    // A phone: no sideways scrolling; the charts shrink to the width.
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const narrow = await page.locator('svg').first().evaluate((s) => s.getBoundingClientRect().width);
    expect(narrow).toBeLessThanOrEqual(375);

    // Printable.
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });
});
