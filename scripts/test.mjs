// The whole test suite: integration tests on the embedded database, again on PostgreSQL when
// TEST_DATABASE_URL is set, then the browser journeys when Chromium is there.
import { spawnSync } from 'node:child_process'
import { findChromium } from './chromium.mjs'

const run = (args, env = {}) => {
  const result = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

console.log('\n== Integration tests on PGlite (embedded) ==')
run(['vitest', 'run'], { TEST_DATABASE_URL: '' })

if (process.env.TEST_DATABASE_URL) {
  console.log('\n== Integration tests on PostgreSQL (TEST_DATABASE_URL) ==')
  run(['vitest', 'run'])
} else {
  console.log(
    '\nPostgreSQL tests not run: set TEST_DATABASE_URL=postgres://user@host:5432/postgres to run them too.',
  )
}

const chromium = findChromium()
if (chromium) {
  console.log(`\n== Browser tests in ${chromium} ==`)
  run(['vitest', 'run', '--config', 'vitest.e2e.config.ts'], {
    CHROMIUM_PATH: chromium,
    TEST_DATABASE_URL: '',
  })
} else {
  const message =
    'Browser tests NOT run: no Chromium found. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.'
  console.log(`\n${message}`)
  if (process.env.CI) process.exit(1)
}
