import { execFileSync } from 'node:child_process'
import { get } from 'node:http'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { rows } from '../src/core/db/client'
import { useTestApp } from './support/app'
import { testEngine } from './support/database'
import { databaseUrlOf, useServers } from './support/server'

const t = useTestApp()
const startServer = useServers()

/** A GET on a connection of its own, so that the processes sharing the port take turns. */
const getJson = (url: string) =>
  new Promise<any>((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = ''
      res.on('data', (chunk) => {
        body += chunk
      })
      res.on('end', () => resolve(JSON.parse(body)))
    }).on('error', reject)
  })

const waitFor = async (what: string, check: () => boolean) => {
  for (let tries = 0; !check(); tries += 1) {
    if (tries > 240) throw new Error(`waited in vain for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const indexReads = (log: string) => (log.match(/Read the directory's search index/g) ?? []).length

describe('the server in several processes', () => {
  it.skipIf(testEngine() === 'pglite')(
    'serves from PROCESSES processes on one port, each seeing every change, replaces one that dies, and stops all on SIGTERM (PostgreSQL only)',
    async () => {
      const server = await startServer(databaseUrlOf(t.db), { PROCESSES: '2' })
      await waitFor('two processes', () => indexReads(server.log()) === 2)
      const workers = () =>
        execFileSync('pgrep', ['-P', String(server.child.pid), '-f', 'src/server.ts'], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .map(Number)
      expect(workers()).toHaveLength(2)

      const word = 'Quarzdämmerung'
      const totals = async () =>
        Promise.all(
          Array.from(
            { length: 8 },
            async () => (await getJson(`${server.url}/api/v1/actors?q=${encodeURIComponent(word)}`)).total,
          ),
        )
      expect(await totals()).toEqual(Array(8).fill(0))
      const [{ slug }] = await rows<{ slug: string }>(t.db, sql`SELECT slug FROM actors ORDER BY id LIMIT 1`)
      await t.db.execute(
        sql`UPDATE actors SET description = description || jsonb_build_object('en', ${word}::text) WHERE slug = ${slug}`,
      )
      // Whichever process answers has read the change.
      expect(await totals()).toEqual(Array(8).fill(1))

      process.kill(workers()[0], 'SIGKILL')
      await waitFor('a process in place of the one that died', () => indexReads(server.log()) === 3)
      expect(server.log()).toContain('A server process ended (SIGKILL); starting another in 1 s.')
      expect(workers()).toHaveLength(2)
      expect(await totals()).toEqual(Array(8).fill(1))

      const left = workers()
      expect(await server.stop()).toBe(0)
      for (const pid of left) expect(() => process.kill(pid, 0)).toThrow()
    },
    120_000,
  )
})
