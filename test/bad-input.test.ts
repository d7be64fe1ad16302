import { count, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { users } from '../src/modules/accounts/schema'
import { useTestApp } from './support/app'
import { testConfig } from './support/database'
import { signedInPerson, testPassword } from './support/people'

const t = useTestApp()
const origin = testConfig.publicUrl
const nul = '\u0000'

const people = async () => (await t.db.select({ n: count() }).from(users))[0].n

describe('a NUL character, which PostgreSQL cannot store', () => {
  it('is refused in a form with a page in the reader language, and nothing is written', async () => {
    const before = await people()
    const res = await t.request('/pl/join', {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        name: `Studio${nul}X`,
        email: 'nul@test.example',
        password: 'Long-enough-passphrase',
      }).toString(),
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('niewidoczny znak sterujący (NUL)')
    expect(await people()).toBe(before)
  })

  it('is refused in a multipart form field', async () => {
    const person = await signedInPerson(t)
    const form = new FormData()
    form.set('name', `A${nul}B`)
    form.set('locale', 'en')
    const res = await t.request('/en/me/profile', {
      method: 'POST',
      headers: { origin, cookie: person.cookie },
      body: form,
    })
    expect(res.status).toBe(400)
  })

  it('is refused in JSON and in the address, with the API error shape', async () => {
    const person = await signedInPerson(t, { networkAdmin: true })
    const json = await t.request('/api/v1/organisations', {
      method: 'POST',
      headers: { origin, cookie: person.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Nul${nul}Studio` }),
    })
    expect(json.status).toBe(400)
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('invalid_character')
    const query = await t.request('/en/admin/audit?person=a%00b', { headers: { cookie: person.cookie } })
    expect(query.status).toBe(400)
  })
})

describe('where to go after signing in', () => {
  it('ignores a next address with line breaks instead of failing', async () => {
    const person = await signedInPerson(t)
    const res = await t.request('/en/login', {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: person.email,
        password: testPassword,
        next: '/en/x\r\nSet-Cookie: a=b',
      }).toString(),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/en/me')
  })
})

describe('rate limits', () => {
  it('limit sign-up per account and per address, and say when to try again', async () => {
    const signUp = (email: string, address: string) =>
      t.request('/en/join', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
        body: new URLSearchParams({ name: 'Limit Test', email, password: 'short' }).toString(),
      })
    // Without TRUST_PROXY every request here comes from the same (unknown) address.
    for (let i = 0; i < 3; i++) expect((await signUp('same@test.example', 'ignored')).status).toBe(422)
    const perAccount = await signUp('same@test.example', 'ignored')
    expect(perAccount.status).toBe(429)
    expect(await perAccount.text()).toMatch(/Too many attempts\. Try again in \d+ minutes?\./)
    for (let i = 0; i < 6; i++) await signUp(`other${i}@test.example`, 'ignored')
    const perAddress = await signUp('fresh@test.example', 'ignored')
    expect(perAddress.status).toBe(429)
    expect(await perAddress.text()).toMatch(/Too many attempts/)
  })

  it('limit sign-in per address across accounts', async () => {
    const person = await signedInPerson(t)
    const signIn = (email: string) =>
      t.request('/en/login', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password: 'wrong-password-123' }).toString(),
      })
    // Another test's sign-ins share this address; count down the rest of the window.
    let status = 0
    for (let i = 0; i < 31 && status !== 429; i++) status = (await signIn(`nobody${i}@test.example`)).status
    expect(status).toBe(429)
    const blocked = await signIn(person.email)
    expect(blocked.status).toBe(429)
  })
})

describe('the audit log after an account is deleted', () => {
  it('keeps what happened without the person e-mail', async () => {
    const person = await signedInPerson(t)
    const { recordAudit } = await import('../src/modules/audit/service')
    const { loadViewer } = await import('../src/core/auth')
    const viewer = await loadViewer(t.db, testConfig, new Headers({ cookie: person.cookie }))
    await recordAudit(
      t.db,
      { viewer, requestId: 'test' },
      {
        action: 'organisation.invited',
        subjectType: 'actor',
        subjectId: 1,
        after: { email: person.email, role: 'member' },
      },
    )
    await t.request('/en/me/delete', {
      method: 'POST',
      headers: { origin, cookie: person.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password: testPassword }).toString(),
    })
    const left = await t.db.execute(
      sql`SELECT action, user_email, after FROM audit_log WHERE audit_log::text LIKE ${`%${person.email}%`}`,
    )
    expect((left as unknown as { rows: unknown[] }).rows).toEqual([])
  })
})
