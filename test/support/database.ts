import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { type Config, loadConfig } from '../../src/core/config'
import { type Database, openPglite, openPostgres } from '../../src/core/db/client'

export const testConfig: Config = loadConfig({
  PUBLIC_URL: 'http://localhost:3000',
  DEMO_DATA: 'true',
  AUTH_SECRET: 'test-secret-that-is-long-enough-for-signing-0123',
  // Uploads of a test run (logos) go to a directory of its own, never into ./data.
  DATA_DIR: mkdtempSync(join(tmpdir(), 'ccn-test-')),
})

export async function withAdminConnection<T>(
  url: string,
  task: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const u = new URL(url)
  u.pathname = '/postgres'
  const client = new pg.Client({ connectionString: u.toString() })
  await client.connect()
  try {
    return await task(client)
  } finally {
    await client.end()
  }
}

export const testEngine = () => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite')

/**
 * A database of its own for one test file: a copy of the migrated template with the demo network,
 * on the engine the run uses (PGlite by default, PostgreSQL when TEST_DATABASE_URL is set).
 */
export async function openTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const template = inject('postgresTemplate')
    const name = `ccn_test_${randomBytes(5).toString('hex')}`
    await withAdminConnection(url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`))
    const u = new URL(url)
    u.pathname = `/${name}`
    const database = openPostgres(u.toString(), 4)
    return {
      ...database,
      drop: async () => {
        await database.close()
        await withAdminConnection(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
      },
    }
  }
  const dump = readFileSync(inject('pgliteTemplate'))
  const database = await openPglite(undefined, new Blob([dump]))
  return { ...database, drop: () => database.close() }
}
