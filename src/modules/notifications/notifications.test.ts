import type { AddressInfo } from 'node:net'
import { and, eq, inArray } from 'drizzle-orm'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson } from '../../../test/support/people'
import { auditLog } from '../audit/schema'
import { outbox } from '../mail/schema'
import { deliverImmediateNotifications, sendDigests } from './delivery'
import { notificationPreferences, notifications } from './schema'
import { notify, unsubscribeUrl } from './service'

const t = useTestApp()
const origin = testConfig.publicUrl
const deliverer = () => ({ db: t.db, config: testConfig })

// Two kinds of the messages module (declared there), whose texts exist in every language.
const message = 'messages.new_message'
const report = 'messages.message_reported'

let serial = 0
/** A notification of a fresh subject, so that each test finds its own in the outbox. */
async function tell(userIds: string[], kind = message) {
  serial += 1
  const subject = `Residency ${serial}-${Date.now()}`
  const values: Record<string, string> =
    kind === message ? { organisation: 'Studio Vrt', subject } : { organisation: 'Studio Vrt', city: subject }
  await t.db.transaction((tx) => notify(tx, { userIds }, { kind, values, link: `/messages/${serial}` }))
  return { subject, link: `/messages/${serial}` }
}

const form = (path: string, values: Record<string, string>, cookie?: string) =>
  t.request(path, {
    method: 'POST',
    headers: {
      origin,
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(values).toString(),
    redirect: 'manual',
  })

const mailsTo = (email: string) =>
  t.db.select().from(outbox).where(eq(outbox.recipient, email)).orderBy(outbox.id)
const notificationsOf = (userId: string) =>
  t.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id)
const preferencesOf = (userId: string) =>
  t.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId))
const setPreference = (userId: string, kind: string, email: 'immediate' | 'daily' | 'weekly' | 'off') =>
  t.db.insert(notificationPreferences).values({ userId, kind, email })

describe('in the app', () => {
  it('stores one notification per recipient, not for the one who acted, and shows it in the reader’s language', async () => {
    const reader = await signedInPerson(t, { locale: 'de' })
    const actor = await signedInPerson(t)
    const { subject, link } = await tell([reader.id])
    await t.db.transaction((tx) =>
      notify(
        tx,
        { userIds: [reader.id, actor.id], except: actor.id },
        {
          kind: message,
          values: { organisation: 'Atelier Nord', subject: 'Second' },
          link,
        },
      ),
    )
    expect(await notificationsOf(actor.id)).toEqual([])
    expect((await notificationsOf(reader.id)).map((n) => n.kind)).toEqual([message, message])

    const page = await t.request('/de/notifications', { headers: { cookie: reader.cookie } })
    const html = await page.text()
    expect(page.status).toBe(200)
    expect(html).toContain(`Studio Vrt hat in „${subject}“ geschrieben`)
    expect(html).toContain('notification--unread')
    // The bell: its accessible name says how many are new, the badge shows the number.
    expect(html).toContain('Benachrichtigungen (2 neu)')
    expect(html).toMatch(/href="\/de\/notifications"(?:(?!<\/a>)[\s\S])*class="nav-counter__badge"[^>]*>2</)

    const api = await t.request('/api/v1/notifications?lang=it', { headers: { cookie: reader.cookie } })
    const body = (await api.json()) as { items: { text: string; read: boolean; link: string }[] }
    expect(body.items[1]).toMatchObject({ text: `Studio Vrt ha scritto in «${subject}»`, read: false, link })
  })

  it('marks one read when it is opened and leads to its page; another person’s stays theirs', async () => {
    const reader = await signedInPerson(t, { locale: 'sl' })
    const other = await signedInPerson(t)
    const { link } = await tell([reader.id])
    const [n] = await notificationsOf(reader.id)

    const strange = await t.request(`/sl/notifications/${n.id}`, {
      headers: { cookie: other.cookie },
      redirect: 'manual',
    })
    expect(strange.status).toBe(404)
    expect((await notificationsOf(reader.id))[0].readAt).toBeNull()

    const open = await t.request(`/sl/notifications/${n.id}`, {
      headers: { cookie: reader.cookie },
      redirect: 'manual',
    })
    expect(open.status).toBe(303)
    expect(open.headers.get('location')).toBe(`/sl${link}`)
    expect((await notificationsOf(reader.id))[0].readAt).not.toBeNull()
  })

  it('marks all read from the page and some or all through the API', async () => {
    const reader = await signedInPerson(t)
    await tell([reader.id])
    await tell([reader.id])
    await tell([reader.id])
    const [first] = await notificationsOf(reader.id)

    const some = await t.request('/api/v1/notifications/read', {
      method: 'POST',
      headers: { cookie: reader.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [first.id] }),
    })
    expect(await some.json()).toEqual({ marked: 1 })

    const bad = await t.request('/api/v1/notifications/read?lang=de', {
      method: 'POST',
      headers: { cookie: reader.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: ['one'] }),
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/Anfrage/)

    const all = await form('/en/notifications/read', {}, reader.cookie)
    expect(all.status).toBe(303)
    expect(all.headers.get('location')).toBe('/en/notifications?notice=read')
    expect((await notificationsOf(reader.id)).every((n) => n.readAt !== null)).toBe(true)
    const page = await t.request('/en/notifications?notice=read', { headers: { cookie: reader.cookie } })
    expect(await page.text()).toContain('All notifications are marked as read.')
  })

  it('are in the OpenAPI document', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(doc.paths['/api/v1/notifications'] ?? {})).toContain('get')
    expect(Object.keys(doc.paths['/api/v1/notifications/read'] ?? {})).toContain('post')
  })

  it('asks a visitor to sign in', async () => {
    expect((await t.request('/api/v1/notifications')).status).toBe(401)
    const page = await t.request('/en/notifications', { redirect: 'manual' })
    expect(page.headers.get('location')).toMatch(/^\/en\/login/)
    expect((await t.request('/en/notifications?page=0')).status).toBe(404)
  })
})

describe('e-mail at once', () => {
  it('goes out in the recipient’s language with a one-click unsubscribe link, once', async () => {
    const reader = await signedInPerson(t, { locale: 'de' })
    const { subject, link } = await tell([reader.id])
    await deliverImmediateNotifications(deliverer())
    const [mail, ...more] = await mailsTo(reader.email)
    expect(more).toEqual([])
    expect(mail).toMatchObject({
      locale: 'de',
      kind: message,
      subject: `Studio Vrt hat in „${subject}“ geschrieben`,
    })
    expect(mail.body).toContain(`${origin}/de${link}`)
    expect(mail.body).toContain(unsubscribeUrl(testConfig, reader.id, message, 'de'))
    expect(mail.body).toContain('„Neue Nachrichten“')
    expect((await notificationsOf(reader.id))[0].mailedAt).not.toBeNull()

    await deliverImmediateNotifications(deliverer())
    expect(await mailsTo(reader.email)).toHaveLength(1)
  })

  it('waits for the digest of a person who chose one, and never goes out for a kind turned off', async () => {
    const reader = await signedInPerson(t)
    await setPreference(reader.id, message, 'daily')
    await setPreference(reader.id, report, 'off')
    await tell([reader.id], message)
    await tell([reader.id], report)
    await deliverImmediateNotifications(deliverer())
    expect(await mailsTo(reader.email)).toEqual([])
    const [waiting, silenced] = await notificationsOf(reader.id)
    expect(waiting.mailedAt).toBeNull()
    // Settled, so it does not wait for ever among the unmailed.
    expect(silenced.mailedAt).not.toBeNull()
  })
})

describe('one-click unsubscribe', () => {
  const pathOf = (url: string) => url.slice(origin.length)

  it('confirms in the person’s language, then turns the kind off without a session', async () => {
    const reader = await signedInPerson(t, { locale: 'de' })
    const path = pathOf(unsubscribeUrl(testConfig, reader.id, message, 'de'))
    const page = await t.request(path)
    const html = await page.text()
    expect(page.status).toBe(200)
    expect(html).toContain('Keine E-Mails mehr zu „Neue Nachrichten“?')
    expect(html).toMatch(/<form[^>]*method="post"/)

    // A mail program's one-click POST (RFC 8058): no cookie, no Origin.
    const done = await t.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Erledigt: Sie erhalten keine E-Mails mehr zu „Neue Nachrichten“.')
    expect(await preferencesOf(reader.id)).toMatchObject([{ kind: message, email: 'off' }])

    await tell([reader.id])
    await deliverImmediateNotifications(deliverer())
    expect(await mailsTo(reader.email)).toEqual([])
  })

  it('refuses a wrong or altered link in the reader’s language and changes nothing', async () => {
    const reader = await signedInPerson(t)
    const victim = await signedInPerson(t)
    const own = new URL(unsubscribeUrl(testConfig, reader.id, message, 'it'))
    const altered = new URL(own)
    altered.searchParams.set('user', victim.id)
    const otherKind = new URL(own)
    otherKind.searchParams.set('kind', report)
    for (const url of [altered, otherKind]) {
      for (const method of ['GET', 'POST']) {
        const res = await t.request(url.pathname + url.search, { method })
        expect(res.status).toBe(400)
        expect(await res.text()).toContain('Questo link per annullare l’iscrizione non è valido.')
      }
    }
    expect((await t.request('/it/notifications/unsubscribe?user=x')).status).toBe(400)
    expect(await preferencesOf(reader.id)).toEqual([])
    expect(await preferencesOf(victim.id)).toEqual([])
  })

  it('stops a whole digest: every kind the person gets in it', async () => {
    const reader = await signedInPerson(t)
    await setPreference(reader.id, message, 'weekly')
    await setPreference(reader.id, report, 'daily')
    const res = await t.request(pathOf(unsubscribeUrl(testConfig, reader.id, 'weekly', 'en')), {
      method: 'POST',
    })
    expect(await res.text()).toContain('you will get no more weekly digests')
    const prefs = Object.fromEntries((await preferencesOf(reader.id)).map((p) => [p.kind, p.email]))
    expect(prefs).toMatchObject({ [message]: 'off', [report]: 'daily' })
  })
})

describe('e-mail settings', () => {
  it('lists every declared kind with its choice and saves the choices', async () => {
    const reader = await signedInPerson(t, { locale: 'de' })
    const page = await t.request('/de/me/notifications', { headers: { cookie: reader.cookie } })
    const html = await page.text()
    expect(html).toContain('Neue Nachrichten')
    expect(html).toContain('Wöchentliche Zusammenfassung')
    expect(await (await t.request('/de/me', { headers: { cookie: reader.cookie } })).text()).toContain(
      'href="/de/me/notifications"',
    )

    const saved = await form(
      '/de/me/notifications',
      { [message]: 'weekly', [report]: 'immediate' },
      reader.cookie,
    )
    expect(saved.status).toBe(303)
    // A choice equal to the kind's default is not stored.
    expect(await preferencesOf(reader.id)).toMatchObject([{ kind: message, email: 'weekly' }])
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, reader.id), eq(auditLog.action, 'notifications.preferences_changed')))
    expect(audit.after).toMatchObject({ [message]: 'weekly' })
  })

  it('refuses a value that is not a choice, in the reader’s language, and writes nothing', async () => {
    const reader = await signedInPerson(t, { locale: 'pl' })
    const res = await form('/pl/me/notifications', { [message]: 'hourly', [report]: 'off' }, reader.cookie)
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Wybierz: od razu, podsumowanie dzienne')
    expect(await preferencesOf(reader.id)).toEqual([])
  })
})

describe('digests', () => {
  it('lists a person’s waiting notifications grouped by kind in one e-mail, once however often it runs', async () => {
    const reader = await signedInPerson(t, { locale: 'de' })
    const weekly = await signedInPerson(t)
    await setPreference(reader.id, message, 'daily')
    await setPreference(reader.id, report, 'daily')
    await setPreference(weekly.id, message, 'weekly')
    const first = await tell([reader.id, weekly.id], message)
    const second = await tell([reader.id], message)
    const reported = await tell([reader.id], report)

    // Two runs at once, as two processes would: each notification is claimed by one of them.
    await Promise.all([sendDigests(deliverer(), 'daily'), sendDigests(deliverer(), 'daily')])
    await sendDigests(deliverer(), 'daily')
    const [digest, ...more] = await mailsTo(reader.email)
    expect(more).toEqual([])
    expect(digest.kind).toBe('notifications.digest_daily')
    expect(digest.subject).toBe('Ihre tägliche Zusammenfassung: 3 Benachrichtigungen')
    const body = digest.body
    expect(body.indexOf('Gemeldete Nachrichten (1)')).toBeGreaterThan(-1)
    expect(body.indexOf('Neue Nachrichten (2)')).toBeGreaterThan(body.indexOf('Gemeldete Nachrichten (1)'))
    // Newest first within a kind, each with its link.
    expect(body.indexOf(second.subject)).toBeLessThan(body.indexOf(first.subject))
    for (const n of [first, second, reported]) expect(body).toContain(`${origin}/de${n.link}`)
    expect(body).toContain(unsubscribeUrl(testConfig, reader.id, report, 'de'))
    expect(body).toContain(unsubscribeUrl(testConfig, reader.id, 'daily', 'de'))
    expect((await notificationsOf(reader.id)).every((n) => n.mailedAt !== null)).toBe(true)

    // The weekly reader waits for the weekly digest.
    expect(await mailsTo(weekly.email)).toEqual([])
    expect(await sendDigests(deliverer(), 'weekly')).toBeGreaterThanOrEqual(1)
    expect((await mailsTo(weekly.email)).map((m) => m.subject)).toEqual([
      'Your weekly digest: 1 notification',
    ])
  })
})

describe('personal data', () => {
  it('are in the download', async () => {
    const reader = await signedInPerson(t)
    await setPreference(reader.id, report, 'weekly')
    await tell([reader.id])
    const res = await t.request('/en/me/data.json', { headers: { cookie: reader.cookie } })
    const data = (await res.json()) as {
      notifications: { notifications: unknown[]; email_preferences: unknown[] }
    }
    expect(data.notifications.notifications).toHaveLength(1)
    expect(data.notifications.email_preferences).toEqual([{ kind: report, email: 'weekly' }])
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
        // Quoted-printable and folded headers: join the lines to read them.
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: raw.replace(/=\r?\n|\r?\n(?=[ \t])/g, ''),
        })
        done()
      })
    },
  })
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)))
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('delivers a notification with the List-Unsubscribe headers of RFC 8058', async () => {
    const port = (server.server.address() as AddressInfo).port
    const reader = await signedInPerson(t, { locale: 'hu' })
    await tell([reader.id])
    await deliverImmediateNotifications({
      db: t.db,
      config: { ...testConfig, SMTP_URL: `smtp://127.0.0.1:${port}` },
    })
    const mail = received.find((m) => m.to.includes(reader.email))
    expect(mail).toBeDefined()
    const unsubscribe = unsubscribeUrl(testConfig, reader.id, message, 'hu')
    expect(mail!.raw).toContain(`List-Unsubscribe: <${unsubscribe}>`)
    expect(mail!.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    expect(mail!.raw).toMatch(/Content-Language: hu/)
    expect(await mailsTo(reader.email)).toEqual([])
    const [n] = await t.db
      .select()
      .from(notifications)
      .where(inArray(notifications.userId, [reader.id]))
    expect(n.mailedAt).not.toBeNull()
  })
})
