import { existsSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Browsers Playwright downloaded itself (`npx playwright install chromium`), where downloads work. */
function playwrightChromium() {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright')
  if (!existsSync(cache)) return []
  return readdirSync(cache)
    .filter((d) => d.startsWith('chromium-'))
    .map((d) => join(cache, d, 'chrome-linux', 'chrome'))
}

/** Where Chromium is: CHROMIUM_PATH, Debian's package, or Playwright's own download. */
export function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    ...playwrightChromium(),
  ]
  return candidates.filter(Boolean).find((p) => existsSync(p))
}

export const noChromiumMessage =
  "Browser tests NOT run: no Chromium found. Install Debian's (apt-get install -y chromium), set CHROMIUM_PATH " +
  'to a Chromium binary, or, where downloads work, run `npx playwright install chromium`.'
