import { existsSync } from 'node:fs'

/** Where Chromium is: CHROMIUM_PATH, or Debian's package. Playwright's own download is not used here. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  )
  return candidates.find((p) => existsSync(p))
}
