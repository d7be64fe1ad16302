/// <reference types="vite/client" />
import { max } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { auditLog } from '../src/modules/audit/schema'
import type { RouteCase } from './authorization/cases'
import { useTestApp } from './support/app'
import { testConfig } from './support/database'
import { buildWorld, roles, type World } from './support/world'

// Every module adds the cases of its mutating routes in test/authorization/<module>.cases.ts. They load
// after the app (imported above): a cases file that imports a service would otherwise build that service's
// schemas before zod gains its OpenAPI extension, and the API could not describe them.
const loaders = import.meta.glob<{ cases: RouteCase[] }>('./authorization/*.cases.ts')
const cases = (await Promise.all(Object.values(loaders).map((load) => load()))).flatMap((f) => f.cases)

const t = useTestApp()
let world: World
beforeAll(async () => {
  world = await buildWorld(t)
}, 60_000)

const lastAudit = async () => (await t.db.select({ id: max(auditLog.id) }).from(auditLog))[0]?.id ?? 0

const denied = (res: Response) =>
  res.status === 401 ||
  res.status === 403 ||
  (res.status >= 300 && res.status < 400 && /\/login/.test(res.headers.get('location') ?? ''))

describe('authorization matrix', () => {
  it('has a case for every mutating route of the API and the forms', () => {
    const registered = new Set(
      t.app.routes
        .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
        .map((r) => `${r.method} ${r.path}`),
    )
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`))
    expect([...registered].filter((r) => !covered.has(r))).toEqual([])
    expect([...covered].filter((r) => !registered.has(r))).toEqual([])
  })

  for (const c of cases) {
    it(`${c.method} ${c.route}: only ${c.allowed.join(', ') || 'no one'}`, async () => {
      const outcome: Record<string, string> = {}
      // Refused roles first, so that an allowed role's change cannot hide a refusal.
      const order = [...roles].sort((a, b) => Number(c.allowed.includes(a)) - Number(c.allowed.includes(b)))
      for (const role of order) {
        const req = await c.request(world, role)
        const before = await lastAudit()
        const headers: Record<string, string> = { origin: testConfig.publicUrl }
        const cookie = req.cookie ?? world.cookie(role)
        if (cookie) headers.cookie = cookie
        let body: BodyInit | undefined
        if (req.json !== undefined) {
          headers['content-type'] = 'application/json'
          body = JSON.stringify(req.json)
        } else if (req.body) {
          headers['content-type'] = 'application/x-www-form-urlencoded'
          const form = new URLSearchParams()
          for (const [k, v] of Object.entries(req.body)) for (const x of [v].flat()) form.append(k, x)
          body = form.toString()
        }
        const res = await t.request(req.path, { method: c.method, headers, body, redirect: 'manual' })
        const refused = denied(res) || (!!c.hidesExistence && res.status === 404)
        outcome[role] = `${res.status}${refused ? ' refused' : ''}`
        if (refused) expect(await lastAudit(), `${role} was refused but something was written`).toBe(before)
      }
      const wrong = roles.filter((role) => outcome[role].endsWith('refused') === c.allowed.includes(role))
      expect(wrong.map((role) => `${role}: ${outcome[role]}`)).toEqual([])
    })
  }
})
