import { and, eq, isNull, sql } from 'drizzle-orm'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson } from '../../../test/support/people'
import { buildWorld, type World } from '../../../test/support/world'
import { jobQueue } from '../../core/jobs'
import { actors } from '../actors/schema'
import { auditLog } from '../audit/schema'
import { outbox } from '../mail/schema'
import { districts } from '../network/schema'
import { orgPeople } from '../organisations/schema'
import { clusterManagers, memberImports, membershipEvents, memberships, networkApplications } from './schema'

const t = useTestApp()
let world: World

beforeAll(async () => {
  world = await buildWorld(t)
}, 60_000)

afterAll(async () => {
  await (await jobQueue(t.db)).stop(1000)
})

function send(
  path: string,
  cookie: string | undefined,
  body: Record<string, string> | FormData,
  method = 'POST',
) {
  const headers: Record<string, string> = { origin: testConfig.publicUrl }
  if (cookie) headers.cookie = cookie
  if (!(body instanceof FormData)) headers['content-type'] = 'application/x-www-form-urlencoded'
  return t.request(path, {
    method,
    headers,
    body: body instanceof FormData ? body : new URLSearchParams(body).toString(),
    redirect: 'manual',
  })
}

const get = (path: string, cookie?: string) => t.request(path, { headers: cookie ? { cookie } : {} })

/** A Pécs actor with no membership at all, run by a new admin in the given language. */
async function organisationWithAdmin(locale: 'en' | 'de' | 'hu' = 'en') {
  const [actor] = await t.db
    .select({ id: actors.id, slug: actors.slug, name: actors.name })
    .from(actors)
    .leftJoin(memberships, eq(memberships.actorId, actors.id))
    .where(and(eq(actors.clusterId, 'pecs'), isNull(memberships.id)))
    .orderBy(actors.id)
    .limit(1)
  const admin = await signedInPerson(t, { locale })
  await t.db.insert(orgPeople).values({ actorId: actor.id, userId: admin.id, role: 'admin' })
  return { actor, admin }
}

const motivation = 'We design games and want to meet partners across the network.'

describe('applying and deciding', () => {
  it('apply → approve → the member badge in the directory, with history', async () => {
    const { actor, admin } = await organisationWithAdmin()
    const form = await get('/en/clusters/pecs/join', admin.cookie)
    expect(await form.text()).toContain(actor.name)
    const applied = await send('/en/clusters/pecs/join', admin.cookie, {
      organisation: String(actor.id),
      motivation,
    })
    expect(applied.status).toBe(303)

    const again = await send('/en/clusters/pecs/join', admin.cookie, {
      organisation: String(actor.id),
      motivation,
    })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('has applied already')

    const manager = world.people.cluster_manager.cookie
    expect(await (await get('/en/clusters/pecs/applications', manager)).text()).toContain(motivation)
    const approved = await send(`/en/clusters/pecs/members/${actor.slug}/decision`, manager, {
      decision: 'approve',
      back: 'applications',
    })
    expect(approved.status).toBe(303)
    expect(approved.headers.get('location')).toBe('/en/clusters/pecs/applications')

    const directory = await (await get(`/en/actors?q=${encodeURIComponent(actor.name)}`)).text()
    expect(directory).toMatch(/badge--member">Member</)
    const api = await (await get(`/api/v1/actors/${actor.slug}`)).json()
    expect(api.member_since).toBeTruthy()

    const history = await (await get(`/en/clusters/pecs/members/${actor.slug}`, manager)).text()
    expect(history).toContain('application pending')
    expect(history).toContain('Suspend the membership')
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'membership.approved'))
    expect(audit.at(-1)?.after).toMatchObject({ status: 'member' })
  })

  it('declines with a reason, told by e-mail in the applicant’s language; may apply again', async () => {
    const { actor, admin } = await organisationWithAdmin('de')
    await send('/en/clusters/pecs/join', admin.cookie, { organisation: String(actor.id), motivation })
    const manager = world.people.cluster_manager.cookie
    const path = `/en/clusters/pecs/members/${actor.slug}/decision`

    const noReason = await send(path, manager, { decision: 'decline', back: 'applications' })
    expect(noReason.status).toBe(422)
    expect(await noReason.text()).toContain('Please give a reason')
    const [still] = await t.db.select().from(memberships).where(eq(memberships.actorId, actor.id))
    expect(still.status).toBe('pending')

    const reason = 'Your work is not in one of the creative sectors yet.'
    expect((await send(path, manager, { decision: 'decline', reason })).status).toBe(303)
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.recipient, admin.email))
    expect(mail.locale).toBe('de')
    expect(mail.subject).toContain('Ihr Antrag')
    expect(mail.body).toContain(reason)

    const reapplied = await send('/de/clusters/pecs/join', admin.cookie, {
      organisation: String(actor.id),
      motivation,
    })
    expect(reapplied.status).toBe(303)
    const events = await t.db
      .select({ status: membershipEvents.status })
      .from(membershipEvents)
      .where(eq(membershipEvents.membershipId, still.id))
    expect(events.map((e) => e.status).sort()).toEqual(['declined', 'pending', 'pending'])
  })

  it('suspends a member with a reason and reinstates it; the badge follows', async () => {
    const { actor, admin } = await organisationWithAdmin('hu')
    await send('/en/clusters/pecs/join', admin.cookie, { organisation: String(actor.id), motivation })
    const manager = world.people.cluster_manager.cookie
    const path = `/en/clusters/pecs/members/${actor.slug}/decision`
    await send(path, manager, { decision: 'approve' })
    expect(
      (await send(path, manager, { decision: 'suspend', reason: 'Unpaid fees for two years.' })).status,
    ).toBe(303)
    const [suspended] = await t.db.select().from(actors).where(eq(actors.id, actor.id))
    expect(suspended.memberSince).toBeNull()
    expect((await send(path, manager, { decision: 'suspend', reason: 'again' })).status).toBe(409)
    expect((await send(path, manager, { decision: 'reinstate' })).status).toBe(303)
    const [back] = await t.db.select().from(actors).where(eq(actors.id, actor.id))
    expect(back.memberSince).not.toBeNull()
    const mails = await t.db.select().from(outbox).where(eq(outbox.recipient, admin.email))
    expect(mails.map((m) => m.locale)).toEqual(['hu', 'hu', 'hu'])
  })

  it('a reinstated member keeps the date it first became one', async () => {
    const { actor, admin } = await organisationWithAdmin()
    await send('/en/clusters/pecs/join', admin.cookie, { organisation: String(actor.id), motivation })
    const manager = world.people.cluster_manager.cookie
    const path = `/en/clusters/pecs/members/${actor.slug}/decision`
    await send(path, manager, { decision: 'approve' })
    // Applied and approved long ago.
    const since = new Date('2021-03-04T10:00:00Z')
    const [membership] = await t.db.select().from(memberships).where(eq(memberships.actorId, actor.id))
    for (const [status, at] of [
      ['pending', new Date('2021-03-01T10:00:00Z')],
      ['member', since],
    ] as const)
      await t.db
        .update(membershipEvents)
        .set({ at })
        .where(and(eq(membershipEvents.membershipId, membership.id), eq(membershipEvents.status, status)))
    await t.db.update(actors).set({ memberSince: since }).where(eq(actors.id, actor.id))

    await send(path, manager, { decision: 'suspend', reason: 'Unpaid fees for two years.' })
    expect((await send(path, manager, { decision: 'reinstate' })).status).toBe(303)
    const [back] = await t.db.select().from(actors).where(eq(actors.id, actor.id))
    expect(back.memberSince?.toISOString()).toBe(since.toISOString())
  })

  it('no one decides on an application of their own organisation; another manager or the network admin does', async () => {
    const { actor, admin } = await organisationWithAdmin('de')
    // The admin of the applying organisation manages the Pécs cluster too.
    await t.db.insert(clusterManagers).values({ clusterId: 'pecs', userId: admin.id })
    await send('/en/clusters/pecs/join', admin.cookie, { organisation: String(actor.id), motivation })
    const path = `/de/clusters/pecs/members/${actor.slug}/decision`

    const own = await send(path, admin.cookie, { decision: 'approve', back: 'applications' })
    expect(own.status).toBe(403)
    expect(await own.text()).toContain('die Netzwerk-Administration')
    const api = await t.request(`/api/v1/clusters/pecs/members/${actor.slug}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie },
      body: JSON.stringify({ decision: 'approve' }),
    })
    expect(api.status).toBe(403)
    expect((await api.json()).error.code).toBe('own_organisation')
    const [still] = await t.db.select().from(memberships).where(eq(memberships.actorId, actor.id))
    expect(still.status).toBe('pending')

    expect((await send(path, world.people.cluster_manager.cookie, { decision: 'approve' })).status).toBe(303)
  })

  it('refuses whoever may not: other roles, other clusters, visitors', async () => {
    const { actor } = await organisationWithAdmin()
    const member = await send('/en/clusters/pecs/join', world.people.org_member.cookie, {
      organisation: String(world.org.id),
      motivation,
    })
    expect(member.status).toBe(403)
    expect((await get('/en/clusters/pecs/applications', world.people.person.cookie)).status).toBe(403)
    expect((await get('/en/clusters/leipzig/members', world.people.cluster_manager.cookie)).status).toBe(403)
    const visitor = await get('/en/clusters/pecs/members')
    expect(visitor.status).toBe(303)
    expect(visitor.headers.get('location')).toMatch(/\/en\/login/)
    const api = await t.request(`/api/v1/clusters/pecs/members/${actor.slug}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: world.people.org_admin.cookie },
      body: JSON.stringify({ decision: 'approve' }),
    })
    expect(api.status).toBe(403)
  })

  it('serves the same verbs as JSON under /api/v1', async () => {
    const { actor, admin } = await organisationWithAdmin()
    const applied = await t.request('/api/v1/clusters/pecs/applications', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie },
      body: JSON.stringify({ organisation: actor.id, motivation }),
    })
    expect(applied.status).toBe(201)
    const manager = world.people.cluster_manager.cookie
    const pending = await (await get('/api/v1/clusters/pecs/applications', manager)).json()
    expect(pending.items.map((i: { organisation: { slug: string } }) => i.organisation.slug)).toContain(
      actor.slug,
    )
    const decided = await t.request(`/api/v1/clusters/pecs/members/${actor.slug}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: manager },
      body: JSON.stringify({ decision: 'approve' }),
    })
    expect(await decided.json()).toMatchObject({ status: 'member' })
    const members = await (await get('/api/v1/clusters/pecs/members', manager)).json()
    expect(
      members.items.some((m: { organisation: { slug: string } }) => m.organisation.slug === actor.slug),
    ).toBe(true)
    const doc = await (await get('/api/v1/openapi.json')).json()
    expect(Object.keys(doc.paths)).toContain('/api/v1/clusters/{city}/members/{actor}/decision')
  })
})

describe('a city outside the network', () => {
  it('a person applies; the network admin opens a cluster that every page picks up', async () => {
    const applicant = await signedInPerson(t, { locale: 'it' })
    const bad = await send('/en/network/join', applicant.cookie, {
      organisation_name: 'X',
      city: '',
      country: 'Czechia',
    })
    expect(bad.status).toBe(422)
    expect(await t.db.select().from(networkApplications)).toHaveLength(0)
    const sent = await send('/en/network/join', applicant.cookie, {
      organisation_name: 'Studio Brno',
      city: 'Brno',
      country: 'cz',
      motivation,
    })
    expect(sent.status).toBe(303)
    const [application] = await t.db.select().from(networkApplications)
    expect(application.country).toBe('CZ')

    const admin = world.people.network_admin.cookie
    expect(await (await get('/en/admin/network-applications', admin)).text()).toContain('Studio Brno')
    expect((await get('/en/admin/network-applications', world.people.cluster_manager.cookie)).status).toBe(
      403,
    )
    const prefilled = await (await get(`/en/admin/clusters/new?application=${application.id}`, admin)).text()
    expect(prefilled).toContain('value="Brno"')
    const cluster = {
      id: 'brno',
      city_name: 'Brno',
      city_name_en: 'Brno',
      country: 'CZ',
      language: 'cs',
      lat: '49.195',
      lon: '16.608',
      accent: '#006d77',
      application: String(application.id),
    }
    const wrong = await send('/en/admin/clusters', admin, { ...cluster, id: 'Brno!', lat: '120' })
    expect(wrong.status).toBe(422)
    expect((await send('/en/admin/clusters', admin, cluster)).status).toBe(303)
    expect((await send('/en/admin/clusters', admin, { ...cluster, application: '' })).status).toBe(409)

    expect(await (await get('/en/')).text()).toContain('/en/clusters/brno')
    expect(await (await get('/theme.css')).text()).toContain('.city-brno{--city:#006d77}')
    expect((await get('/en/clusters/brno')).status).toBe(200)
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.recipient, applicant.email))
    expect(mail.locale).toBe('it')
    expect(mail.body).toContain('/it/clusters/brno')

    const appointed = await send('/en/admin/clusters/brno/managers', admin, { email: applicant.email })
    expect(appointed.status).toBe(303)
    expect((await get('/en/clusters/brno/members', applicant.cookie)).status).toBe(200)
    const unknown = await send('/en/admin/clusters/brno/managers', admin, { email: 'nobody@test.example' })
    expect(unknown.status).toBe(422)
  })

  it('declines a network application with a reason in the applicant’s language', async () => {
    const applicant = await signedInPerson(t, { locale: 'pl' })
    await send('/en/network/join', applicant.cookie, {
      organisation_name: 'Pracownia Łódź',
      city: 'Łódź',
      country: 'PL',
      motivation,
    })
    const [application] = await t.db
      .select()
      .from(networkApplications)
      .where(eq(networkApplications.userId, applicant.id))
    const admin = world.people.network_admin.cookie
    const path = `/en/admin/network-applications/${application.id}/decline`
    expect((await send(path, admin, { reason: '' })).status).toBe(422)
    expect((await send(path, admin, { reason: 'The network takes no new cities this year.' })).status).toBe(
      303,
    )
    const [mail] = await t.db.select().from(outbox).where(eq(outbox.recipient, applicant.email))
    expect(mail.locale).toBe('pl')
    expect(mail.body).toContain('Powód: The network takes no new cities this year.')
  })
})

const header = 'name,kind,sectors,languages,size,email,city'

function csvUpload(name: string, content: string | Uint8Array) {
  const form = new FormData()
  form.append('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], name))
  return form
}

/** The smallest XLSX a spreadsheet writes: one sheet of inline strings. */
function xlsx(rows: string[][]): Uint8Array {
  const cell = (v: string, c: number, r: number) =>
    `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="inlineStr"><is><t>${v}</t></is></c>`
  const sheet = rows
    .map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, c, r)).join('')}</row>`)
    .join('')
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Members" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheet}</sheetData></worksheet>`,
    ),
  })
}

describe('member import and export', () => {
  const manager = () => world.people.cluster_manager.cookie
  const importCount = async () =>
    (await t.db.select({ n: sql<number>`count(*)::int` }).from(memberImports))[0].n

  it('refuses files it cannot use, at the field, without writing anything', async () => {
    const before = await importCount()
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['empty.csv', '', /no rows/],
      ['fake.xlsx', new Uint8Array([0, 1, 2, 3, 4, 5]), /cannot be read/],
      ['zip.xlsx', zipSync({ 'a.txt': strToU8('not a workbook') }), /cannot be read/],
      ['big.csv', `${header}\n${'x'.repeat(2 * 1024 * 1024)}`, /larger than 2 MB/],
      ['columns.csv', 'title,type\nStudio,enterprise\n', /Required columns are missing: name, kind/],
      ['latin1.csv', new Uint8Array([...strToU8(`${header}\n`), 0xe9, 0x0a]), /not in UTF-8/],
      ['broken.csv', `${header}\n"unclosed,enterprise,design,en,micro,,pecs\n`, /cannot be read/],
      ['members.pdf', 'x', /CSV or an XLSX/],
    ]
    for (const [name, content, message] of cases) {
      const res = await send('/en/clusters/pecs/imports', manager(), csvUpload(name, content))
      expect(res.status, name).toBe(422)
      expect(await res.text(), name).toMatch(message)
    }
    expect((await send('/en/clusters/pecs/imports', manager(), {})).status).toBe(422)
    expect(await importCount()).toBe(before)
  })

  it('refuses a far too large upload before reading it, with the page in the reader’s language', async () => {
    const before = await importCount()
    const huge = csvUpload('huge.csv', `${header}\n${'x'.repeat(10 * 1024 * 1024)}`)
    const res = await send('/hu/clusters/pecs/imports', manager(), huge)
    expect(res.status).toBe(413)
    const page = await res.text()
    expect(page).toContain('lang="hu"')
    expect(page).toContain('2 MB')
    expect(page).toContain('id="field-file-error"')
    expect(await importCount()).toBe(before)
  })

  it('previews every row’s problems, runs the job to completion and reports', async () => {
    const csv = [
      header,
      'Nová Studio,enterprise,design,en;hu,micro,hello@nova.example,',
      ',enterprise,design,en,micro,,',
      'Bad Kind,castle,design,en,micro,,',
      'Unknown Sector,enterprise,nonsense,en,micro,,',
      'Bad Mail,enterprise,design,en,micro,not-an-address,',
      'Twice Mail,enterprise,design,en,micro,hello@nova.example,',
      'Leipzig Row,enterprise,design,en,micro,,leipzig',
      '"Quote, ""Comma"" Lab",association,design,en,small,,pecs',
    ].join('\n')
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(actors)
    const uploaded = await send('/en/clusters/pecs/imports', manager(), csvUpload('members.csv', csv))
    expect(uploaded.status).toBe(303)
    const page = uploaded.headers.get('location')!
    const preview = await (await get(page, manager())).text()
    expect(preview).toContain('2 rows can be imported')
    expect(preview).toContain('6 rows have problems')
    expect(preview).toContain('Must be one of: enterprise')
    expect(preview).toContain('nonsense')
    expect(preview).toContain('appears in an earlier row')
    expect(preview).toContain('belongs to another city')
    expect(await t.db.select({ n: sql<number>`count(*)::int` }).from(actors)).toEqual(before)

    expect((await send(`${page}/confirm`, manager(), {})).status).toBe(303)
    expect((await send(`${page}/confirm`, manager(), {})).status).toBe(409)
    const running = await (await get(page, manager())).text()
    expect(running).toContain('hx-trigger="every 2s"')
    expect(running).toContain('Reload to see the progress')

    expect(await (await jobQueue(t.db)).runQueued()).toBe(1)
    // Without htmx the progress address leads back to the whole page.
    expect((await get(`${page}/progress`, manager())).status).toBe(303)
    const done = await t.request(`${page}/progress`, { headers: { cookie: manager(), 'hx-request': 'true' } })
    const report = await done.text()
    expect(report).toContain('Import finished')
    const [record] = await t.db.select().from(memberImports).orderBy(sql`id DESC`).limit(1)
    expect(record.status).toBe('done')
    expect(record.report).toMatchObject({ created: 2, updated: 0 })
    expect((record.report as { rejected: unknown[] }).rejected).toHaveLength(6)
    const [nova] = await t.db.select().from(actors).where(eq(actors.name, 'Nová Studio'))
    expect(nova.memberSince).not.toBeNull()

    const csvOut = await get('/en/clusters/pecs/members.csv', manager())
    expect(csvOut.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await csvOut.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes)
    expect(text).toContain('"Quote, ""Comma"" Lab"')
    expect(text.split('\r\n')[0]).toBe(
      'name,slug,kind,city,district,address,lat,lon,sectors,offers,needs,languages,size,employees,' +
        'founded_year,website,email,original_language,description_en,description_de,description_it,' +
        'description_pl,description_sl,description_hu,status,member_since',
    )

    // Importing the export again updates what is there and creates nothing.
    const again = await send('/en/clusters/pecs/imports', manager(), csvUpload('export.csv', text))
    const preview2 = await (await get(again.headers.get('location')!, manager())).text()
    expect(preview2).toContain('updates an existing entry')
    expect(preview2).not.toContain('new in the directory')
    expect((await get('/en/clusters/pecs/members.csv', world.people.org_admin.cookie)).status).toBe(403)
  })

  /** Uploads a file, confirms the preview, runs the job; returns the preview page's text and the import. */
  async function runImport(name: string, content: string, beforeConfirm?: () => Promise<unknown>) {
    const uploaded = await send('/en/clusters/pecs/imports', manager(), csvUpload(name, content))
    expect(uploaded.status).toBe(303)
    const page = uploaded.headers.get('location')!
    const preview = await (await get(page, manager())).text()
    await beforeConfirm?.()
    expect((await send(`${page}/confirm`, manager(), {})).status).toBe(303)
    expect(await (await jobQueue(t.db)).runQueued()).toBe(1)
    const [record] = await t.db.select().from(memberImports).orderBy(sql`id DESC`).limit(1)
    expect(record.status).toBe('done')
    return { preview, record }
  }
  const actorById = async (id: number) => (await t.db.select().from(actors).where(eq(actors.id, id)))[0]
  /** A Pécs organisation no one runs, whose profile a file can carry (a few real ones name no sector). */
  async function unrunOrganisation() {
    for (;;) {
      const actor = await actorById((await world.unclaimedOrganisation()).id)
      if (actor.sectors.length) return actor
    }
  }
  const profileAudits = (id: number) =>
    t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'organisation.updated'), eq(auditLog.subjectId, String(id))))

  it('updates only organisations no one runs, with an audit; those run by their admins are made members only', async () => {
    const { actor: run } = await organisationWithAdmin()
    const free = await unrunOrganisation()
    const later = await unrunOrganisation()
    const row = (a: typeof free, name: string) =>
      [`"${name}"`, a.slug, a.kind, a.sectors.join(';'), a.languages.join(';'), a.sizeBand].join(',') +
      `,https://changed.example/${a.slug}`
    const csv = [
      'name,slug,kind,sectors,languages,size,website',
      row(await actorById(run.id), 'Renamed Run'),
      row(free, 'Renamed Free'),
      row(later, 'Renamed Later'),
    ].join('\n')
    const { preview, record } = await runImport('takeover.csv', csv, async () => {
      // Someone claims an organisation between the preview and the run: the job asks again.
      const claimant = await signedInPerson(t)
      await t.db.insert(orgPeople).values({ actorId: later.id, userId: claimant.id, role: 'admin' })
    })
    expect(preview).toContain('made a member only')
    expect(preview).toContain('Its admins keep this profile; it is made a member only.')
    expect(record.report).toMatchObject({ created: 0, updated: 1, membersOnly: 2 })

    const runAfter = await actorById(run.id)
    expect(runAfter.name).toBe(run.name)
    expect(runAfter.memberSince).not.toBeNull()
    expect((await actorById(later.id)).name).toBe(later.name)
    expect(await profileAudits(run.id)).toHaveLength(0)
    expect(await profileAudits(later.id)).toHaveLength(0)

    const freeAfter = await actorById(free.id)
    expect(freeAfter.name).toBe('Renamed Free')
    const [audit] = await profileAudits(free.id)
    expect(audit.before).toEqual({ name: free.name, website: free.website })
    expect(audit.after).toEqual({ name: 'Renamed Free', website: `https://changed.example/${free.slug}` })
    expect(audit.clusterId).toBe('pecs')
  })

  it('export then import keeps every field; private fields stay out of the file and as they are', async () => {
    const org = await unrunOrganisation()
    const [district] = await t.db.select().from(districts).where(eq(districts.clusterId, 'pecs')).limit(1)
    const [withOffers] = await t.db
      .select({ offers: actors.offers })
      .from(actors)
      .where(sql`cardinality(${actors.offers}) > 1`)
      .limit(1)
    await t.db
      .update(actors)
      .set({
        districtId: district?.id ?? null,
        address: 'Király utca 1, Pécs',
        lat: 46.0727,
        lon: -18.2323,
        offers: withOffers.offers.slice(0, 1),
        needs: withOffers.offers.slice(1, 2),
        employees: 12,
        foundedYear: 1999,
        website: 'https://round-trip.example',
        email: 'secret@round-trip.example',
        description: {
          en: 'We make things.\nA second line, with "quotes", commas; and more.',
          de: '- Wir machen Dinge',
          hu: '=1+1 nem képlet',
        },
        originalLanguage: 'de',
        visibility: { email: 'private', needs: 'private', website: 'members' },
        memberSince: new Date('2022-01-02T00:00:00Z'),
      })
      .where(eq(actors.id, org.id))
    await t.db
      .insert(memberships)
      .values({ actorId: org.id, clusterId: 'pecs', status: 'member', motivation })
      .onConflictDoUpdate({
        target: [memberships.actorId, memberships.clusterId],
        set: { status: 'member' },
      })
    // What the directory keeps of the actor, without what it derives (the time of the last change, search).
    const stored = async () => {
      const { updatedAt: _, search: __, ...fields } = await actorById(org.id)
      return fields
    }
    const before = await stored()

    const exported = new TextDecoder().decode(
      new Uint8Array(await (await get('/en/clusters/pecs/members.csv', manager())).arrayBuffer()),
    )
    expect(exported).not.toContain('secret@round-trip.example')
    const line = exported.split('\r\n').find((l) => l.includes(`,${org.slug},`))!
    expect(line).toContain('https://round-trip.example')
    expect(line).toContain(',-18.2323,')
    expect(line).toContain(`'- Wir machen Dinge`)

    const { record } = await runImport('export.csv', exported)
    expect(record.report).toMatchObject({ created: 0 })
    // Only the rows that could never be imported (real organisations without a sector) are left out.
    const rejected = (record.report as { rejected: { problems: { field: string }[] }[] }).rejected
    expect(rejected.flatMap((r) => r.problems.map((p) => p.field))).toEqual(rejected.map(() => 'sectors'))
    const after = await stored()
    expect(after).toEqual(before)

    // A file with fewer columns changes only what it has.
    const csv = [
      'name,slug,kind,sectors,languages,size,website,description_en,email',
      [
        before.name.includes(',') ? `"${before.name}"` : before.name,
        before.slug,
        before.kind,
        before.sectors.join(';'),
        before.languages.join(';'),
        before.sizeBand,
        'https://new.example',
        'New English text.',
        '',
      ].join(','),
    ].join('\n')
    await runImport('fewer.csv', csv)
    expect(await stored()).toEqual({
      ...after,
      website: 'https://new.example',
      description: { ...before.description, en: 'New English text.' },
    })
    const audits = await profileAudits(org.id)
    expect(audits.at(-1)?.before).toEqual({ website: before.website, description: before.description })
  })

  it('reads XLSX', async () => {
    const file = xlsx([
      ['name', 'kind', 'sectors', 'languages', 'size'],
      ['Xlsx Atelier', 'freelancer', 'design', 'hu', 'solo'],
    ])
    const uploaded = await send('/en/clusters/pecs/imports', manager(), csvUpload('members.xlsx', file))
    expect(uploaded.status).toBe(303)
    expect(await (await get(uploaded.headers.get('location')!, manager())).text()).toContain('Xlsx Atelier')
  })
})
