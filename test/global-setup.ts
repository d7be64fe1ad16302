import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { demoDefaults, prepareDatabase } from '../src/bootstrap'
import { openPglite, openPostgres } from '../src/core/db/client'
import { testConfig, withAdminConnection } from './support/database'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    postgresTemplate: string
  }
}

/**
 * Migrates one database and loads the demo network into it once per run; every test file then starts
 * from a copy of it (a PGlite dump, or a PostgreSQL template database).
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL
  if (url) {
    const template = `ccn_template_${process.pid}`
    await withAdminConnection(url, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${template}`)
      await client.query(`CREATE DATABASE ${template}`)
    })
    const database = openPostgres(withDatabaseName(url, template), 2)
    await prepareDatabase(database, testConfig, demoDefaults)
    await database.close()
    project.provide('postgresTemplate', template)
    project.provide('pgliteTemplate', '')
    return async () => {
      await withAdminConnection(url, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`),
      )
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'ccn-test-'))
  const database = await openPglite()
  await prepareDatabase(database, testConfig, demoDefaults)
  const dump = await database.pglite!.dumpDataDir('none')
  const file = join(dir, 'template.tar')
  writeFileSync(file, new Uint8Array(await dump.arrayBuffer()))
  await database.close()
  project.provide('pgliteTemplate', file)
  project.provide('postgresTemplate', '')
  return () => rmSync(dir, { recursive: true, force: true })
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}
