import type { AddressInfo } from 'node:net'
import { count, desc, eq, sql } from 'drizzle-orm'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson, testPassword } from '../../../test/support/people'
import { createApp } from '../../app'
import { auditLog } from '../audit/schema'
import { outbox } from '../mail/schema'
import { rateLimitHits, sessions, users } from './schema'
import { pruneAccountsJob } from './service'

const t = useTestApp()
const origin = testConfig.publicUrl

function form(path: string, values: Record<string, string>, cookie?: string, app = t.app, from = origin) {
  return app.request(path, {
    method: 'POST',
    headers: {
      origin: from,
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(values).toString(),
  })
}

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')

/** The newest e-mail to an address in the outbox, and the link in it to one of our pages. */
async function lastMail(to: string) {
  const [mail] = await t.db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, to))
    .orderBy(desc(outbox.id))
    .limit(1)
  const link = mail?.body.match(/http:\/\/localhost:3000(\/[a-z]{2}\/[a-z-]+\?token=\S+)/)?.[1]
  return { ...mail, link }
}

const personCount = async (email: string) =>
  (await t.db.select({ n: count() }).from(users).where(sql`lower(${users.email}) = ${email}`))[0].n

describe('joining', () => {
  const email = 'new.studio@test.example'

  it('explains the password rule in the reader language and writes nothing', async () => {
    const res = await form('/pl/join', { name: 'Nowe Studio', email, password: 'short', locale: 'pl' })
    expect(res.status).toBe(422)
    const page = await res.text()
    expect(page).toContain('Za krótkie: użyj co najmniej 12 znaków')
    expect(page).toContain('value="new.studio@test.example"')
    expect(await personCount(email)).toBe(0)
  })

  it('signs up, verifies the address from the e-mail in the chosen language, and is signed in', async () => {
    const res = await form('/de/join', {
      name: 'Neues Studio',
      email,
      password: 'Drei-Worte-Leipzig-Kanal',
      locale: 'de',
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/de/join/sent')
    const mail = await lastMail(email)
    expect(mail.locale).toBe('de')
    expect(mail.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse')
    expect(mail.link).toMatch(/^\/de\/verify-email\?token=/)

    const before = await form('/de/login', { email, password: 'Drei-Worte-Leipzig-Kanal' })
    expect(before.status).toBe(403)
    expect(await before.text()).toContain('Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse')

    const verified = await t.request(mail.link!)
    expect(verified.status).toBe(303)
    expect(verified.headers.get('location')).toBe('/de/me?notice=verified')
    const me = await t.request('/de/me?notice=verified', { headers: { cookie: cookieOf(verified) } })
    expect(me.status).toBe(200)
    expect(await me.text()).toContain('Ihre E-Mail-Adresse ist bestätigt')
  })

  it('refuses a second account for the same address, and a broken link', async () => {
    const again = await form('/en/join', {
      name: 'Copy',
      email: 'NEW.studio@test.example',
      password: 'Another-long-passphrase',
    })
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('An account with this e-mail address exists')
    expect(await personCount(email)).toBe(1)
    const broken = await t.request('/en/verify-email?token=not-a-real-token-at-all')
    expect(broken.status).toBe(400)
    expect(await broken.text()).toContain('This link is not valid or has expired')
  })
})

describe('signing in', () => {
  it('makes the person known on every page', async () => {
    const person = await signedInPerson(t)
    expect(await (await t.request('/en/', { headers: { cookie: person.cookie } })).text()).toContain(
      'href="/en/me"',
    )
    const anonymous = await (await t.request('/en/')).text()
    expect(anonymous).toContain('href="/en/login"')
    expect(anonymous).not.toContain('href="/en/me"')
  })

  it('sets a session cookie that scripts cannot read and other sites do not send', async () => {
    const person = await signedInPerson(t)
    const res = await form('/en/login', { email: person.email, password: testPassword })
    expect(res.status).toBe(303)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ccn.session_token='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).not.toMatch(/Secure/i)

    const publicUrl = 'https://network.example.org'
    const https = createApp(t.db, { ...testConfig, publicUrl })
    const secure = await form(
      '/en/login',
      { email: person.email, password: testPassword },
      undefined,
      https,
      publicUrl,
    )
    expect(secure.headers.getSetCookie().find((c) => c.includes('session_token='))).toMatch(/Secure/)
  })

  it('goes back to the page that asked for it, never to another site', async () => {
    const person = await signedInPerson(t)
    const local = await form('/en/login', { email: person.email, password: testPassword, next: '/en/me' })
    expect(local.headers.get('location')).toBe('/en/me')
    const away = await form('/en/login', {
      email: person.email,
      password: testPassword,
      next: '//evil.example/x',
    })
    expect(away.headers.get('location')).toBe('/en/me')
    const visitor = await t.request('/en/me')
    expect(visitor.status).toBe(303)
    expect(visitor.headers.get('location')).toBe('/en/login?next=%2Fen%2Fme')
  })

  it('limits failed attempts per account and says when to try again', async () => {
    const person = await signedInPerson(t, { locale: 'it' })
    for (let i = 0; i < 5; i++) {
      const wrong = await form('/it/login', { email: person.email, password: 'wrong-password-xyz' })
      expect(wrong.status).toBe(401)
      expect(await wrong.text()).toContain('o la password non sono corretti')
    }
    const blocked = await form('/it/login', { email: person.email, password: testPassword })
    expect(blocked.status).toBe(429)
    expect(await blocked.text()).toMatch(/Troppi tentativi\. Riprova tra 1[45] minuti/)
  })

  it('refuses a sign-in form posted from another site', async () => {
    const person = await signedInPerson(t)
    const res = await t.app.request('/en/me/profile', {
      method: 'POST',
      headers: {
        origin: 'https://evil.example',
        cookie: person.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'name=Hijacked&locale=en',
    })
    expect(res.status).toBe(403)
    const [row] = await t.db.select().from(users).where(eq(users.id, person.id))
    expect(row.name).not.toBe('Hijacked')
  })

  it('forgets attempt counters of long-past windows and expired sessions at night, and keeps the current ones', async () => {
    const person = await signedInPerson(t)
    const day = 24 * 60 * 60_000
    await t.db.insert(rateLimitHits).values([
      { key: 'signin:account:old@test.example', windowStart: Date.now() - 2 * day, count: 5 },
      { key: 'signin:account:now@test.example', windowStart: Date.now(), count: 2 },
    ])
    await t.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - day) })
      .where(eq(sessions.userId, person.id))
    await pruneAccountsJob.run(t.db, {})
    const keys = (await t.db.select().from(rateLimitHits)).map((h) => h.key)
    expect(keys).toContain('signin:account:now@test.example')
    expect(keys).not.toContain('signin:account:old@test.example')
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([])
  })
})

describe('my account', () => {
  it('resets a forgotten password through the e-mailed link', async () => {
    const person = await signedInPerson(t, { locale: 'sl' })
    const asked = await form('/sl/forgot-password', { email: person.email })
    expect(asked.status).toBe(200)
    const mail = await lastMail(person.email)
    expect(mail.subject).toBe('Izberite novo geslo')
    expect(mail.link).toMatch(/^\/sl\/reset-password\?token=/)
    const token = new URL(mail.link!, origin).searchParams.get('token')!
    const weak = await form('/sl/reset-password', { token, password: 'aaaaaaaaaaaa' })
    expect(weak.status).toBe(422)
    const done = await form('/sl/reset-password', { token, password: 'Nova-dolga-fraza-2026' })
    expect(done.headers.get('location')).toBe('/sl/login?notice=password_reset')
    expect((await form('/en/login', { email: person.email, password: testPassword })).status).toBe(401)
    expect((await form('/en/login', { email: person.email, password: 'Nova-dolga-fraza-2026' })).status).toBe(
      303,
    )
    // The old session ended with the reset.
    expect((await t.request('/en/me', { headers: { cookie: person.cookie } })).status).toBe(303)
  })

  it('says the same whether or not an address has an account', async () => {
    const unknown = await form('/en/forgot-password', { email: 'nobody@test.example' })
    expect(await unknown.text()).toContain('If an account uses this address')
    expect((await lastMail('nobody@test.example')).id).toBeUndefined()
  })

  it('changes the e-mail address only after the new one is confirmed', async () => {
    const person = await signedInPerson(t)
    const res = await form('/en/me/email', { email: 'moved@test.example' }, person.cookie)
    expect(res.headers.get('location')).toBe('/en/me?notice=email_sent')
    const [still] = await t.db.select().from(users).where(eq(users.id, person.id))
    expect(still.email).toBe(person.email)
    const mail = await lastMail('moved@test.example')
    expect(mail.link).toMatch(/verify-email\?token=/)
    await t.request(mail.link!)
    const [moved] = await t.db.select().from(users).where(eq(users.id, person.id))
    expect(moved.email).toBe('moved@test.example')
  })

  it('lists sessions and signs out another one', async () => {
    const person = await signedInPerson(t)
    const other = cookieOf(await form('/en/login', { email: person.email, password: testPassword }))
    const page = await (await t.request('/en/me', { headers: { cookie: person.cookie } })).text()
    const revokeLinks = [...page.matchAll(/action="(\/en\/me\/sessions\/[^/]+\/revoke)"/g)].map((m) => m[1])
    expect(revokeLinks).toHaveLength(1)
    expect(page).toContain('This browser')
    const revoked = await form(revokeLinks[0], {}, person.cookie)
    expect(revoked.headers.get('location')).toBe('/en/me?notice=session_revoked')
    expect((await t.request('/en/me', { headers: { cookie: other } })).status).toBe(303)
    expect((await t.request('/en/me', { headers: { cookie: person.cookie } })).status).toBe(200)
  })

  it('downloads everything kept about the person, without secrets', async () => {
    const person = await signedInPerson(t)
    const res = await t.request('/en/me/data.json', { headers: { cookie: person.cookie } })
    expect(res.headers.get('content-disposition')).toContain('attachment')
    const data = await res.json()
    expect(data.account.email).toBe(person.email)
    expect(data.sessions.length).toBeGreaterThan(0)
    const text = JSON.stringify(data)
    expect(text).not.toMatch(/token|password/i)
  })

  it('deletes the account only with the right password, and records that it happened', async () => {
    const person = await signedInPerson(t)
    const wrong = await form('/en/me/delete', { password: 'not-my-password' }, person.cookie)
    expect(wrong.status).toBe(422)
    expect(await personCount(person.email)).toBe(1)
    const done = await form('/en/me/delete', { password: testPassword }, person.cookie)
    expect(done.headers.get('location')).toBe('/en/login?notice=deleted')
    expect(done.headers.get('set-cookie')).toMatch(/session_token=; Path=\/; Max-Age=0/)
    expect(await personCount(person.email)).toBe(0)
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, person.id))).toHaveLength(0)
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, person.id))
    expect(entry.action).toBe('account.deleted')
    expect(entry.userEmail).toBeNull()
  })
})

describe('administration pages', () => {
  it('are for the network admin only', async () => {
    const person = await signedInPerson(t)
    const admin = await signedInPerson(t, { networkAdmin: true })
    for (const path of ['/en/admin/outbox', '/en/admin/audit']) {
      expect((await t.request(path)).status).toBe(303)
      expect((await t.request(path, { headers: { cookie: person.cookie } })).status).toBe(403)
      expect((await t.request(path, { headers: { cookie: admin.cookie } })).status).toBe(200)
    }
    const filtered = await t.request('/en/admin/audit?action=account.deleted&from=2020-01-01', {
      headers: { cookie: admin.cookie },
    })
    expect(await filtered.text()).toContain('account.deleted')
    for (const from of ['yesterday', '0000-01-01']) {
      const bad = await t.request(`/en/admin/audit?from=${from}`, { headers: { cookie: admin.cookie } })
      expect(bad.status, from).toBe(400)
    }
  })
})

describe('e-mail over SMTP', () => {
  const received: { to: string[]; raw: string }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8')
      })
      stream.on('end', () => {
        // Quoted-printable breaks long lines with "=" at the end; join them to read the text.
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: raw.replace(/=\r?\n/g, '') })
        done()
      })
    },
  })
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)))
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('delivers the verification e-mail in the person language when SMTP_URL is set', async () => {
    const port = (server.server.address() as AddressInfo).port
    const app = createApp(t.db, { ...testConfig, SMTP_URL: `smtp://127.0.0.1:${port}` })
    const email = 'smtp.person@test.example'
    const res = await form(
      '/it/join',
      { name: 'Studio Smtp', email, password: 'Genova-Maddalena-Vicoli', locale: 'it' },
      undefined,
      app,
    )
    expect(res.status).toBe(303)
    const mail = received.find((m) => m.to.includes(email))
    expect(mail).toBeDefined()
    expect(mail!.raw).toMatch(/Subject: Conferma il tuo indirizzo e-mail/)
    expect(mail!.raw).toMatch(/Content-Language: it/)
    expect(mail!.raw).toMatch(/\/it\/verify-email\?token=/)
    expect((await lastMail(email)).id).toBeUndefined()
  })
})
