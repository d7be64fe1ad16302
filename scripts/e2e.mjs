import { spawnSync } from 'node:child_process'
import { findChromium, noChromiumMessage } from './chromium.mjs'

const chromium = findChromium()
if (!chromium) {
  console.error(noChromiumMessage)
  process.exit(1)
}
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium, TEST_DATABASE_URL: '' },
  },
)
process.exit(result.status ?? 1)
