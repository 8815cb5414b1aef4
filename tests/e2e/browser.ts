/**
 * End-to-end plumbing: build the app, serve it on loopback with `vite preview`, and drive Debian's
 * Chromium through playwright-core (test tools cannot download their own browser here).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { build, preview } from 'vite';
import type { PreviewServer } from 'vite';

// Without these, Chromium's start-up stalls on the closed network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function canAptInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

/** CHROME_PATH, then Debian's /usr/bin/chromium, then Playwright's own; installs Debian's if none and apt can. */
export function findChromium(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // Playwright has no browser of its own here; that is the usual case.
  }
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (found) return found;
  if (canAptInstall()) {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit' });
    if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  throw new Error(
    'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
      'or point CHROME_PATH at a Chromium or Chrome binary.',
  );
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}

/**
 * A browser with its profile on disk in `userDataDir`, as a person's browser is: unlike a fresh
 * (incognito) context, its IndexedDB lives on disk under the quota system, so a quota set through the
 * DevTools protocol applies, and persistent storage can be granted.
 */
export function launchProfile(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1300, height: 900 },
  });
}

/** Builds the app into a temporary folder and serves it on 127.0.0.1; returns its URL and a closer. */
export async function serveBuiltApp(outDir: string): Promise<{ url: string; server: PreviewServer }> {
  await build({ logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, server };
}
