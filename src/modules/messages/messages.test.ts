import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { and, count, eq } from 'drizzle-orm'
import { strToU8, zipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson, testPassword } from '../../../test/support/people'
import { loadViewer } from '../../core/auth'
import { deleteMyAccount, exportMyData, signIn } from '../accounts/service'
import { actors } from '../actors/schema'
import { auditLog } from '../audit/schema'
import { clusterManagers } from '../membership/schema'
import { notifications } from '../notifications/schema'
import { orgPeople } from '../organisations/schema'
import { maxAttachmentBytes } from './attachments'
import { conversations, messageAttachments, messageReports, messages } from './schema'

const t = useTestApp()
type Person = Awaited<ReturnType<typeof signedInPerson>>
type Org = { id: number; slug: string; name: string }
let leipzig: Org
let pecs: Org
let genoa: Org
// Leipzig's two people, Pécs's member, a person of both, a member of a third organisation (Genoa), the
// Pécs cluster manager and the network admin.
const people = {} as Record<'alice' | 'alan' | 'bob' | 'both' | 'carol' | 'manager' | 'admin', Person>

/** An organisation of the city no one runs yet (the demo accounts run the first of each city). */
async function organisation(city: string): Promise<Org> {
  const [found] = await t.db
    .select({ id: actors.id, slug: actors.slug, name: actors.name })
    .from(actors)
    .where(eq(actors.clusterId, city))
    .orderBy(actors.id)
    .offset(7)
    .limit(1)
  return found
}

beforeAll(async () => {
  ;[leipzig, pecs, genoa] = await Promise.all(['leipzig', 'pecs', 'genoa'].map(organisation))
  for (const name of ['alice', 'alan', 'bob', 'both', 'carol', 'manager'] as const)
    people[name] = await signedInPerson(t, { name: `${name[0].toUpperCase()}${name.slice(1)} Example` })
  people.admin = await signedInPerson(t, { networkAdmin: true })
  await t.db.insert(orgPeople).values([
    { actorId: leipzig.id, userId: people.alice.id, role: 'admin' },
    { actorId: leipzig.id, userId: people.alan.id, role: 'member' },
    { actorId: pecs.id, userId: people.bob.id, role: 'member' },
    { actorId: leipzig.id, userId: people.both.id, role: 'member' },
    { actorId: pecs.id, userId: people.both.id, role: 'member' },
    { actorId: genoa.id, userId: people.carol.id, role: 'admin' },
  ])
  await t.db.insert(clusterManagers).values({ clusterId: 'pecs', userId: people.manager.id })
}, 60_000)

const headersFor = (person?: Person, extra: Record<string, string> = {}) => ({
  origin: testConfig.publicUrl,
  ...(person ? { cookie: person.cookie } : {}),
  ...extra,
})
const get = (path: string, person?: Person) =>
  t.request(path, { headers: headersFor(person), redirect: 'manual' })
const post = (path: string, person: Person | undefined, body: Record<string, string> | FormData) =>
  t.request(path, {
    method: 'POST',
    headers: headersFor(
      person,
      body instanceof FormData ? {} : { 'content-type': 'application/x-www-form-urlencoded' },
    ),
    body: body instanceof FormData ? body : new URLSearchParams(body).toString(),
    redirect: 'manual',
  })
const postJson = (path: string, person: Person | undefined, json: unknown) =>
  t.request(path, {
    method: 'POST',
    headers: headersFor(person, { 'content-type': 'application/json' }),
    body: JSON.stringify(json),
  })

const unreadCounter = async (person: Person) =>
  (await loadViewer(t.db, testConfig, new Headers({ cookie: person.cookie }))).counters.messages

/** Alice (Leipzig) starts a conversation with Pécs through the form; returns its id. */
async function startFromLeipzig(subject = 'A game for the festival', body = 'Would you build it with us?') {
  const res = await post('/en/messages/new', people.alice, {
    from: String(leipzig.id),
    to: pecs.slug,
    subject,
    body,
  })
  expect(res.status).toBe(303)
  const id = Number(/\/en\/messages\/(\d+)\?notice=started/.exec(res.headers.get('location') ?? '')?.[1])
  expect(id).toBeGreaterThan(0)
  return id
}

const countOf = async (table: typeof conversations | typeof messages | typeof messageAttachments) =>
  (await t.db.select({ n: count() }).from(table))[0].n
const storedFiles = () => {
  try {
    return readdirSync(join(testConfig.dataDir, 'uploads', 'attachments')).length
  } catch {
    return 0
  }
}

describe('a conversation between two organisations', () => {
  it('is read by every person of both parties, with who wrote what, and by no one else', async () => {
    const id = await startFromLeipzig()
    await post(`/en/messages/${id}`, people.bob, { body: 'Gladly — when can we talk?' })

    for (const reader of [people.alice, people.alan, people.bob]) {
      const page = await get(`/en/messages/${id}`, reader)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('Would you build it with us?')
      expect(html).toContain('Gladly — when can we talk?')
      expect(html).toContain(`Alice Example · ${leipzig.name}`)
      expect(html).toContain(`Bob Example · ${pecs.name}`)
      const api = await t.request(`/api/v1/conversations/${id}`, { headers: headersFor(reader) })
      expect(api.status).toBe(200)
      const thread = await api.json()
      expect(thread.messages.map((m: { author: string }) => m.author)).toEqual([
        'Alice Example',
        'Bob Example',
      ])
    }

    // A member of a third organisation, the cluster manager and the network admin meet what a missing
    // conversation answers, on the page, the API and the reply routes.
    const missing = await t.request('/api/v1/conversations/99999999', { headers: headersFor(people.carol) })
    expect(missing.status).toBe(404)
    for (const outsider of [people.carol, people.manager, people.admin]) {
      expect((await get(`/en/messages/${id}`, outsider)).status).toBe(404)
      const api = await t.request(`/api/v1/conversations/${id}`, { headers: headersFor(outsider) })
      expect(api.status).toBe(404)
      expect((await api.json()).error.code).toBe((await missing.clone().json()).error.code)
      expect((await post(`/en/messages/${id}`, outsider, { body: 'Let me in' })).status).toBe(404)
      expect(
        (await postJson(`/api/v1/conversations/${id}/messages`, outsider, { body: 'Let me in' })).status,
      ).toBe(404)
      const inbox = await (await get('/en/messages', outsider)).text()
      expect(inbox).not.toContain('A game for the festival')
      const list = await (await t.request('/api/v1/conversations', { headers: headersFor(outsider) })).json()
      expect(list.items.map((c: { id: number }) => c.id)).not.toContain(id)
    }
    const visitor = await get(`/en/messages/${id}`)
    expect(visitor.status).toBe(303)
    expect(visitor.headers.get('location')).toContain('/en/login')
    expect((await t.request(`/api/v1/conversations/${id}`)).status).toBe(401)
    const written = await t.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, id))
    expect(written[0].n).toBe(2)
  })

  it('records each answer in the audit log as who wrote for which party, never the text', async () => {
    const id = await startFromLeipzig('Audited answers', 'Shall we meet?')
    expect((await post(`/en/messages/${id}`, people.bob, { body: 'Tuesday suits us well.' })).status).toBe(
      303,
    )
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'conversation'), eq(auditLog.subjectId, String(id))))
      .orderBy(auditLog.id)
    expect(audit.map((a) => a.action)).toEqual(['conversation.started', 'message.sent'])
    expect(audit[1]).toMatchObject({ userId: people.bob.id, after: { as: pecs.slug, attachments: 0 } })
    expect(JSON.stringify(audit)).not.toContain('Tuesday')
    // Reading leaves no entry (and leaves Alice's counter as the next test expects it).
    expect((await get(`/en/messages/${id}`, people.alice)).status).toBe(200)
    expect(
      await t.db
        .select({ n: count() })
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, 'conversation'), eq(auditLog.subjectId, String(id)))),
    ).toEqual([{ n: 2 }])
  })

  it('lists the viewer’s conversations with the other party, and tells only the other side', async () => {
    const id = await startFromLeipzig('Residency in autumn', 'We host two designers in October.')
    const inbox = await (await get('/en/messages', people.bob)).text()
    expect(inbox).toContain('Residency in autumn')
    expect(inbox).toContain(`With ${leipzig.name}`)
    expect(inbox).toContain('We host two designers in October.')
    const told = await t.db
      .select({ userId: notifications.userId, kind: notifications.kind, values: notifications.values })
      .from(notifications)
      .where(eq(notifications.link, `/messages/${id}`))
    expect(told.map((n) => n.userId).sort()).toEqual([people.bob.id, people.both.id].sort())
    expect(told[0]).toMatchObject({
      kind: 'messages.new_message',
      values: { subject: 'Residency in autumn' },
    })
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(id)))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'conversation.started',
      after: { from: leipzig.slug, to: pecs.slug },
    })
    expect(JSON.stringify(audit[0])).not.toContain('two designers')
  })

  it('counts unread conversations until the thread is opened', async () => {
    const before = await unreadCounter(people.bob)
    const id = await startFromLeipzig('Counting', 'One unread message.')
    expect(await unreadCounter(people.bob)).toBe(before + 1)
    expect(await unreadCounter(people.alice)).toBe(0)
    const list = await (await t.request('/api/v1/conversations', { headers: headersFor(people.bob) })).json()
    expect(list.items.find((c: { id: number }) => c.id === id).unread).toBe(1)

    await get(`/en/messages/${id}`, people.bob)
    expect(await unreadCounter(people.bob)).toBe(before)
    // The colleague on the same side has still not read it; the answer is unread for Leipzig only.
    await post(`/en/messages/${id}`, people.bob, { body: 'Read and answered.' })
    expect(await unreadCounter(people.alice)).toBe(1)
    expect(await unreadCounter(people.bob)).toBe(before)
  })

  it('asks a person of both parties which side they write as', async () => {
    const id = await startFromLeipzig('Both sides', 'Hello.')
    const page = await (await get(`/en/messages/${id}`, people.both)).text()
    expect(page).toContain('name="as"')
    const unchosen = await postJson(`/api/v1/conversations/${id}/messages`, people.both, {
      body: 'Which side?',
    })
    expect(unchosen.status).toBe(422)
    expect((await unchosen.json()).error.details[0].field).toBe('as')
    const chosen = await post(`/en/messages/${id}`, people.both, { as: String(pecs.id), body: 'As Pécs.' })
    expect(chosen.status).toBe(303)
    const thread = await (
      await t.request(`/api/v1/conversations/${id}`, { headers: headersFor(people.alice) })
    ).json()
    expect(thread.messages.at(-1).organisation.slug).toBe(pecs.slug)
    // A side the person does not belong to is refused at the field.
    const foreign = await post(`/en/messages/${id}`, people.bob, {
      as: String(leipzig.id),
      body: 'As Leipzig?',
    })
    expect(foreign.status).toBe(422)
  })

  it('starts conversations through the API, and refuses an organisation that is not the viewer’s', async () => {
    const started = await postJson('/api/v1/conversations', people.carol, {
      from: genoa.id,
      to: pecs.slug,
      subject: 'Translation',
      body: 'Can you translate our game?',
    })
    expect(started.status).toBe(201)
    const { id } = await started.json()
    expect((await get(`/en/messages/${id}`, people.bob)).status).toBe(200)
    const posing = await postJson('/api/v1/conversations', people.carol, {
      from: leipzig.id,
      to: pecs.slug,
      subject: 'Posing',
      body: 'As someone else.',
    })
    expect(posing.status).toBe(403)
    const noOrganisation = await postJson('/api/v1/conversations', people.manager, {
      from: pecs.id,
      to: genoa.slug,
      subject: 'Hello',
      body: 'Hello there.',
    })
    expect(noOrganisation.status).toBe(403)
  })
})

describe('demo conversations', () => {
  it('leave the newest answer of the other side unread for the demo accounts', async () => {
    const signInAs = async (email: string) =>
      (await signIn(t.ctx(), { email, password: 'Creative-Cities-2026' }, email))
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ')
    const creativeEurope = 'Creative Europe 2026: gemeinsamer Antrag / skupna prijava'
    const exhibition = 'Wystawa ilustracji w Gdańsku'
    const expected: Record<string, Record<string, number>> = {
      'orgadmin.leipzig': { [creativeEurope]: 1, [exhibition]: 0 },
      'member.ljubljana': { [creativeEurope]: 0 },
      'orgadmin.gdansk': { [exhibition]: 1, 'Hangtechnika egy júliusi fesztiválhoz': 1 },
    }
    for (const [account, subjects] of Object.entries(expected)) {
      const cookie = await signInAs(`${account}@demo.creative-cities.example`)
      const { items } = await (await t.request('/api/v1/conversations', { headers: { cookie } })).json()
      const unread = Object.fromEntries(
        (items as { subject: string; unread: number }[])
          .filter((c) => c.subject in subjects)
          .map((c) => [c.subject, c.unread]),
      )
      expect(unread, account).toEqual(subjects)
      const counter = (await loadViewer(t.db, testConfig, new Headers({ cookie }))).counters.messages
      expect(counter, account).toBeGreaterThanOrEqual(Object.values(subjects).filter((n) => n > 0).length)
    }
  })
})

describe('bad input', () => {
  it('answers with translated field errors and writes nothing', async () => {
    const [conversationsBefore, messagesBefore] = [await countOf(conversations), await countOf(messages)]
    const short = await post('/de/messages/new', people.alice, {
      from: String(leipzig.id),
      to: pecs.slug,
      subject: 'Hi',
      body: '',
    })
    expect(short.status).toBe(422)
    const html = await short.text()
    expect(html).toContain('Zu kurz oder zu klein: mindestens 3')
    expect(html).toContain('aria-invalid="true"')
    const own = await post('/en/messages/new', people.alice, {
      from: String(leipzig.id),
      to: leipzig.slug,
      subject: 'To ourselves',
      body: 'Hello.',
    })
    expect(own.status).toBe(403)
    const api = await postJson('/api/v1/conversations', people.alice, {
      from: leipzig.id,
      to: pecs.slug,
      subject: 'x'.repeat(201),
      body: 'y'.repeat(5001),
    })
    expect(api.status).toBe(400)
    expect((await api.json()).error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'body',
      'subject',
    ])
    const id = await startFromLeipzig('Bad replies', 'Hello.')
    const messagesNow = await countOf(messages)
    const empty = await post(`/hu/messages/${id}`, people.bob, { body: '   ' })
    expect(empty.status).toBe(422)
    expect(await empty.text()).toContain('Túl rövid vagy túl kicsi: legalább 1')
    expect(await countOf(messages)).toBe(messagesNow)
    expect(await countOf(conversations)).toBe(conversationsBefore + 1)
    expect(messagesNow).toBe(messagesBefore + 1)
  })
})

describe('attachments', () => {
  const pdf = strToU8('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
  const docx = zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    'word/document.xml': strToU8('<w:document/>'),
  })
  const form = (body: string, files: [Uint8Array, string, string][]) => {
    const data = new FormData()
    data.set('body', body)
    for (const [bytes, name, type] of files)
      data.append('attachments', new File([bytes as BlobPart], name, { type }))
    return data
  }

  it('stores checked files under random names and gives them to the parties’ people only', async () => {
    const id = await startFromLeipzig('Files', 'See attached.')
    const sent = await post(
      `/en/messages/${id}`,
      people.bob,
      form('Our offer and notes.', [
        [pdf, 'Angebot für Leipzig.pdf', 'application/pdf'],
        [docx, 'plan.docx', 'application/octet-stream'],
        [strToU8('Notes, plain and simple.\n'), 'notes.txt', 'text/plain'],
      ]),
    )
    expect(sent.status).toBe(303)
    const thread = await (
      await t.request(`/api/v1/conversations/${id}`, { headers: headersFor(people.alice) })
    ).json()
    const files = thread.messages.at(-1).attachments
    expect(files.map((f: { content_type: string }) => f.content_type)).toEqual([
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'text/plain; charset=utf-8',
    ])
    const stored = await t.db.select().from(messageAttachments).where(eq(messageAttachments.id, files[0].id))
    expect(stored[0].storageKey).toMatch(/^[0-9a-f]{32}$/)

    const download = await get(files[0].url, people.alan)
    expect(download.status).toBe(200)
    expect(download.headers.get('content-type')).toBe('application/pdf')
    expect(download.headers.get('x-content-type-options')).toBe('nosniff')
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".*"; filename\*=UTF-8''Angebot%20f%C3%BCr%20Leipzig\.pdf$/,
    )
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf)
    for (const outsider of [people.carol, people.manager, people.admin])
      expect((await get(files[0].url, outsider)).status).toBe(404)
    // The attachment of one conversation cannot be fetched through another the viewer is in.
    const other = await startFromLeipzig('Another', 'Hello.')
    expect((await get(`/en/messages/${other}/attachments/${files[0].id}`, people.bob)).status).toBe(404)
  })

  it('refuses a file whose bytes are not an allowed type, whatever its name, and keeps nothing', async () => {
    const id = await startFromLeipzig('Wrong files', 'Hello.')
    const [messagesBefore, attachmentsBefore, filesBefore] = [
      await countOf(messages),
      await countOf(messageAttachments),
      storedFiles(),
    ]
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    const plainZip = zipSync({ 'a.txt': strToU8('not an office document') })
    for (const [bytes, name] of [
      [elf, 'invoice.pdf'],
      [plainZip, 'report.docx'],
    ] as const) {
      const res = await post(
        `/de/messages/${id}`,
        people.bob,
        form('With a file.', [
          [pdf, 'fine.pdf', 'application/pdf'],
          [bytes, name, 'application/pdf'],
        ]),
      )
      expect(res.status).toBe(422)
      expect(await res.text()).toContain(`„${name}“ ist weder PDF`)
    }
    const tooBig = new Uint8Array(maxAttachmentBytes + 1).fill(0x61)
    const big = await post(
      `/en/messages/${id}`,
      people.bob,
      form('Big.', [[tooBig, 'big.txt', 'text/plain']]),
    )
    expect(big.status).toBe(422)
    expect(await big.text()).toContain('“big.txt” is larger than 5 MB')
    const many = await post(
      `/en/messages/${id}`,
      people.bob,
      form(
        'Many.',
        [1, 2, 3, 4].map((n) => [pdf, `${n}.pdf`, 'application/pdf'] as [Uint8Array, string, string]),
      ),
    )
    expect(many.status).toBe(422)
    expect([await countOf(messages), await countOf(messageAttachments), storedFiles()]).toEqual([
      messagesBefore,
      attachmentsBefore,
      filesBefore,
    ])
  })
})

describe('reporting a message', () => {
  it('goes to the reporter’s cluster manager, who sees that message only and can hide it', async () => {
    const id = await startFromLeipzig('Rude', 'A rude remark about your city.')
    const thread = await (
      await t.request(`/api/v1/conversations/${id}`, { headers: headersFor(people.bob) })
    ).json()
    const messageId = thread.messages[0].id
    await post(`/en/messages/${id}`, people.alice, { body: 'A second, polite message.' })

    // Leipzig's own side cannot report it; a reason too short is a translated field error.
    expect(
      (
        await post(`/en/messages/${id}/messages/${messageId}/report`, people.alan, {
          reason: 'I dislike my colleague.',
        })
      ).status,
    ).toBe(403)
    const short = await post(`/de/messages/${id}/messages/${messageId}/report`, people.bob, {
      reason: 'rude',
    })
    expect(short.status).toBe(422)
    expect(await short.text()).toContain('Zu kurz oder zu klein: mindestens 10')
    expect(
      await t.db.select().from(messageReports).where(eq(messageReports.messageId, messageId)),
    ).toHaveLength(0)

    const reported = await post(`/en/messages/${id}/messages/${messageId}/report`, people.bob, {
      reason: 'This insults the people of our city.',
    })
    expect(reported.status).toBe(303)
    const [report] = await t.db.select().from(messageReports).where(eq(messageReports.messageId, messageId))
    expect(report).toMatchObject({ clusterId: 'pecs', status: 'open' })
    // The same person reporting it again, twice at once: told it is reported already, no second report.
    const again = await Promise.all(
      [1, 2].map(() =>
        post(`/en/messages/${id}/messages/${messageId}/report`, people.bob, {
          reason: 'This insults the people of our city, again.',
        }),
      ),
    )
    expect(again.map((r) => r.status)).toEqual([409, 409])
    expect(
      await t.db.select().from(messageReports).where(eq(messageReports.messageId, messageId)),
    ).toHaveLength(1)
    const told = await t.db.select().from(notifications).where(eq(notifications.userId, people.manager.id))
    expect(told.map((n) => n.kind)).toContain('messages.message_reported')

    const reports = await get('/en/clusters/pecs/reports', people.manager)
    expect(reports.status).toBe(200)
    const html = await reports.text()
    expect(html).toContain('A rude remark about your city.')
    expect(html).toContain(leipzig.name)
    expect(html).toContain('This insults the people of our city.')
    expect(html).not.toContain('A second, polite message.')
    expect((await get('/en/clusters/pecs/reports', people.admin)).status).toBe(403)
    expect((await get('/en/clusters/leipzig/reports', people.manager)).status).toBe(403)

    const hidden = await post(`/en/clusters/pecs/reports/${report.id}`, people.manager, { decision: 'hide' })
    expect(hidden.status).toBe(303)
    for (const reader of [people.alice, people.bob]) {
      const page = await (await get(`/en/messages/${id}`, reader)).text()
      expect(page).toContain('Removed by the cluster manager')
      expect(page).not.toContain('A rude remark about your city.')
      expect(page).toContain('A second, polite message.')
    }
    const api = await (
      await t.request(`/api/v1/conversations/${id}`, { headers: headersFor(people.alice) })
    ).json()
    expect(api.messages[0]).toMatchObject({ hidden: true, body: null })
    expect(await (await get('/en/clusters/pecs/reports', people.manager)).text()).not.toContain(
      'A rude remark',
    )
    const audit = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(report.id)))
    expect(audit.map((a) => a.action).sort()).toEqual(['message.hidden', 'message.reported'])
  })
})

describe('profiles', () => {
  it('offer to write to the organisation to people of another organisation, and sign-in to visitors', async () => {
    const visitor = await (await get(`/en/actors/${pecs.slug}`)).text()
    expect(visitor).toContain('Sign in to write to this organisation')
    const other = await (await get(`/en/actors/${pecs.slug}`, people.alice)).text()
    expect(other).toContain(`/en/messages/new?to=${pecs.slug}`)
    const own = await (await get(`/en/actors/${leipzig.slug}`, people.alan)).text()
    expect(own).not.toContain('Write to this organisation')
    const none = await (await get(`/en/actors/${pecs.slug}`, people.manager)).text()
    expect(none).not.toContain('Write to this organisation')
    const form = await get(`/en/messages/new?to=${pecs.slug}`, people.alice)
    expect(form.status).toBe(200)
    expect(await form.text()).toContain(`Write to ${pecs.name}`)
  })
})

describe('personal data and account deletion', () => {
  it('hands out the person’s own messages, and keeps them for the organisations as a former member’s', async () => {
    const leaving = await signedInPerson(t, { name: 'Lena Leaving' })
    await t.db.insert(orgPeople).values({ actorId: leipzig.id, userId: leaving.id, role: 'member' })
    const id = await startFromLeipzig('Leaving soon', 'Hello from Alice.')
    await post(`/en/messages/${id}`, leaving, { body: 'Hello from Lena.' })
    await post(`/en/messages/${id}`, people.bob, { body: 'Hello from Bob.' })

    const ctx = t.ctx('en', await loadViewer(t.db, testConfig, new Headers({ cookie: leaving.cookie })))
    const data = (await exportMyData(ctx)) as unknown as { messages: { written: { body: string }[] } }
    expect(data.messages.written.map((m) => m.body)).toEqual(['Hello from Lena.'])

    await deleteMyAccount(ctx, testPassword)
    const page = await (await get(`/en/messages/${id}`, people.bob)).text()
    expect(page).toContain('Hello from Lena.')
    expect(page).toContain(`a former member · ${leipzig.name}`)
    expect(page).not.toContain('Lena Leaving')
  })
})
