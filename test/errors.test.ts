import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app'
import { type Database, openPglite } from '../src/core/db/client'
import { testConfig } from './support/database'

// A database without the platform's tables: every page fails inside, as it would with a broken server.
let database: Database
let app: ReturnType<typeof createApp>
beforeAll(async () => {
  database = await openPglite()
  app = createApp(database.db, testConfig)
})
afterAll(() => database.close())

describe('when something breaks inside', () => {
  it('shows a 500 page in the reader’s language, without the details', async () => {
    const de = await app.request('/de/actors')
    const html = await de.text()
    expect(de.status).toBe(500)
    expect(html).toContain('<html lang="de">')
    expect(html).not.toMatch(/relation|actors" does not exist|stack/i)
    const hu = await (await app.request('/hu/actors')).text()
    expect(hu).not.toBe(html)
  })

  it('shows a 404 page even when the database is what failed', async () => {
    const res = await app.request('/it/no-such-page')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('<html lang="it">')
  })

  it('answers the API with the error shape and a request id', async () => {
    const res = await app.request('/api/v1/actors', { headers: { 'x-request-id': 'trace-me' } })
    const body = (await res.json()) as any
    expect(res.status).toBe(500)
    expect(body.error.code).toBe('internal')
    expect(body.error.request_id).toBe('trace-me')
  })

  it('is not ready when the database does not answer, though alive', async () => {
    const closed = await openPglite()
    const closedApp = createApp(closed.db, testConfig)
    await closed.close()
    expect((await closedApp.request('/healthz')).status).toBe(200)
    expect((await closedApp.request('/readyz')).status).toBe(503)
  })
})
