// The whole test suite: integration tests on the embedded database, again on PostgreSQL when
// TEST_DATABASE_URL is set, then the browser journeys when Chromium is there.
import { spawnSync } from 'node:child_process'
import { findChromium, noChromiumMessage } from './chromium.mjs'

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
  console.log(`\n${noChromiumMessage}`)
  // In CI a missing browser is a failure, not a skip.
  if (process.env.CI) process.exit(1)
}
