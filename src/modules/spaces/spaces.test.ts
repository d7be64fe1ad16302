import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { and, count, eq, sql } from 'drizzle-orm'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson } from '../../../test/support/people'
import { buildWorld, type World } from '../../../test/support/world'
import { loadViewer } from '../../core/auth'
import { rows } from '../../core/db/client'
import { i18nFor } from '../../core/i18n'
import { findPersonByEmail } from '../accounts/service'
import { setClusterMembership } from '../actors/service'
import { auditLog } from '../audit/schema'
import { conversations } from '../messages/schema'
import { notifications } from '../notifications/schema'
import { notificationText } from '../notifications/service'
import { orgPeople } from '../organisations/schema'
import { organisationsOfPerson } from '../organisations/service'
import { spaceApplications, spaceEvents, spacePhotos, spaces, vacancyReports } from './schema'
import {
  applyForSpace,
  decideApplication,
  districtSpaceIndicators,
  endTenancy,
  mapSpaceLimit,
  offerSpace,
  reportVacancy,
  withdrawSpace,
} from './service'

const t = useTestApp()
let world: World

beforeAll(async () => {
  world = await buildWorld(t)
  // The world's organisation is a member of the Pécs cluster: its people may report vacancies.
  await setClusterMembership(t.db, world.org.id, new Date())
}, 60_000)

const origin = testConfig.publicUrl
type Person = World['people']['person']
const outsideAdmin = () => (world.people as unknown as Record<'outside_admin', Person>).outside_admin
const asPerson = async (person: Person) =>
  t.ctx('en', await loadViewer(t.db, testConfig, new Headers({ cookie: person.cookie })))

function api(method: string, path: string, cookie: string | undefined, json?: unknown) {
  return t.request(`/api/v1${path}`, {
    method,
    headers: {
      origin,
      ...(cookie ? { cookie } : {}),
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
}

function post(path: string, cookie: string | undefined, body: Record<string, string | string[]>) {
  const form = new URLSearchParams()
  for (const [k, v] of Object.entries(body)) for (const x of [v].flat()) form.append(k, x)
  return t.request(path, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: form.toString(),
    redirect: 'manual',
  })
}

const get = (path: string, cookie?: string) => t.request(path, { headers: cookie ? { cookie } : {} })
const today = () => new Date().toISOString().slice(0, 10)

// A workshop in Pécs, by the world's organisation.
const fields = (overrides: Record<string, unknown> = {}) => ({
  owner: world.org.id,
  title: { en: 'Former printing workshop near the Zsolnay quarter' },
  description: { en: 'Ground floor workshop, empty since 2019, with a loading door onto the yard.' },
  original_language: 'en',
  address: 'Felsővámház utca 12, Pécs',
  lat: 46.0775,
  lon: 18.2462,
  district: 'pecs-zsolnay',
  type: 'workshop',
  floor_area: 140,
  condition: 'needs_repair',
  facilities: ['water', 'electricity', 'loading'],
  terms: 'temporary_lease',
  rent_per_month: 350,
  available_from: today(),
  ...overrides,
})

const application = (organisation: number, overrides: Record<string, unknown> = {}) => ({
  organisation,
  proposal: 'A print studio with risograph workshops for the neighbourhood.',
  people: 4,
  hours: 'Mon–Fri 10–18',
  contribution: 'Open print evenings every month and courses with the district school.',
  ...overrides,
})

const eventsOf = async (spaceId: number) =>
  (
    await t.db
      .select({ status: spaceEvents.status, actorId: spaceEvents.actorId })
      .from(spaceEvents)
      .where(eq(spaceEvents.spaceId, spaceId))
      .orderBy(spaceEvents.at, spaceEvents.id)
  ).map((e) => (e.actorId ? `${e.status}:${e.actorId}` : e.status))

const countSpaces = async () => (await t.db.select({ n: count() }).from(spaces))[0].n

/** An organisation of another city with a person of its own, to apply. */
async function applicantOrg() {
  const ctx = await asPerson(outsideAdmin())
  const [id] = ctx.viewer.orgs.keys()
  return { ctx, id }
}

describe('a space through its lifecycle', () => {
  it('available → under application → let → ended and available again, every change a dated event and audited', async () => {
    const owner = await world.as('org_admin')
    const space = await offerSpace(owner, fields())
    const applicant = await applicantOrg()
    await applyForSpace(applicant.ctx, space.slug, application(applicant.id))
    const [row] = await t.db.select().from(spaceApplications).where(eq(spaceApplications.spaceId, space.id))
    await decideApplication(owner, space.slug, row.id, { decision: 'chosen' })
    const [let_] = await t.db.select().from(spaces).where(eq(spaces.id, space.id))
    expect(let_).toMatchObject({ status: 'let', tenantActorId: applicant.id })
    await endTenancy(owner, space.slug)
    const [after] = await t.db.select().from(spaces).where(eq(spaces.id, space.id))
    expect(after).toMatchObject({ status: 'available', tenantActorId: null })
    expect(await eventsOf(space.id)).toEqual([
      'available',
      'under_application',
      `let:${applicant.id}`,
      `ended:${applicant.id}`,
      'available',
    ])
    const audited = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(space.id)))
    expect(audited.map((a) => a.action)).toEqual(
      expect.arrayContaining(['space.offered', 'space.tenancy_ended']),
    )
  })

  it('withdrawing declines the open applications and tells them; a withdrawn space is not found by others', async () => {
    const owner = await world.as('org_admin')
    const space = await offerSpace(owner, fields({ title: { en: 'Corner shop to be withdrawn soon' } }))
    const applicant = await applicantOrg()
    await applyForSpace(applicant.ctx, space.slug, application(applicant.id))
    await withdrawSpace(owner, space.slug)
    const [row] = await t.db.select().from(spaceApplications).where(eq(spaceApplications.spaceId, space.id))
    expect(row.status).toBe('declined')
    expect((await get(`/en/spaces/${space.slug}`)).status).toBe(404)
    expect((await get(`/en/spaces/${space.slug}`, world.people.org_member.cookie)).status).toBe(200)
    expect(await eventsOf(space.id)).toEqual(['available', 'under_application', 'withdrawn'])
  })

  it('the district indicators count offered, let and vacancies at each month end from the events', async () => {
    const month = today().slice(0, 7)
    const before = await districtSpaceIndicators(t.db, ['pecs-zsolnay'], [month])
    const owner = await world.as('org_admin')
    await offerSpace(owner, fields({ title: { en: 'Studio counted in the indicators' } }))
    const after = await districtSpaceIndicators(t.db, ['pecs-zsolnay'], [month])
    const value = (list: typeof after, key: string) => list.find((i) => i.key === key)!.values[0]
    expect(value(after, 'spaces.offered')).toBe(value(before, 'spaces.offered') + 1)
    expect(value(after, 'spaces.vacancies')).toBe(value(before, 'spaces.vacancies') + 1)
    expect(value(after, 'spaces.let')).toBe(value(before, 'spaces.let'))
  })
})

describe('photos', () => {
  const uploadDir = join(testConfig.dataDir, 'uploads', 'spaces')
  const filesNow = () => {
    try {
      return readdirSync(uploadDir).length
    } catch {
      return 0
    }
  }

  it('stores an image re-encoded as WebP without its metadata', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'Secret camera owner' } } })
      .toBuffer()
    const space = await offerSpace(await world.as('org_admin'), fields(), [new Uint8Array(jpeg)])
    const [photo] = await t.db.select().from(spacePhotos).where(eq(spacePhotos.spaceId, space.id))
    const response = await get(`/uploads/spaces/${photo.storageKey}`)
    expect(response.headers.get('content-type')).toBe('image/webp')
    const bytes = Buffer.from(await response.arrayBuffer())
    const meta = await sharp(bytes).metadata()
    expect(meta.format).toBe('webp')
    expect(meta.exif).toBeUndefined()
    expect(bytes.includes('Secret camera owner')).toBe(false)
  })

  it('refuses a file that is not an image with a translated field error: nothing written, no file left', async () => {
    const [spacesBefore, filesBefore] = [await countSpaces(), filesNow()]
    const ctx = t.ctx('de', (await world.as('org_admin')).viewer)
    const good = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
      .png()
      .toBuffer()
    const fake = new TextEncoder().encode('%PDF-1.7 not an image at all')
    await expect(offerSpace(ctx, fields(), [new Uint8Array(good), fake])).rejects.toMatchObject({
      status: 422,
      details: [{ field: 'photos', message: i18nFor('de').t('spaces.error.photo_type') }],
    })
    expect(await countSpaces()).toBe(spacesBefore)
    expect(filesNow()).toBe(filesBefore)
  })
})

describe('search', () => {
  it('filters by district, size and terms with counts, lists only spaces on offer by default, searches the address', async () => {
    const owner = await world.as('org_admin')
    const space = await offerSpace(
      owner,
      fields({
        title: { en: 'Glazed hall for a makerspace' },
        floor_area: 620,
        type: 'hall',
        address: 'Kossuth tér 7',
      }),
    )
    const res = await api('GET', '/spaces?district=pecs-zsolnay&size=gt500&q=kossuth', undefined)
    const body = await res.json()
    expect(body.items.map((s: { slug: string }) => s.slug)).toContain(space.slug)
    expect(body.facets.size.find((f: { value: string }) => f.value === 'gt500').count).toBeGreaterThan(0)
    // A let demo space is not in the default list, but in the history with status=let.
    const [letSpace] = await t.db.select().from(spaces).where(eq(spaces.status, 'let')).limit(1)
    const all = await (await api('GET', `/spaces?per_page=100&city=${letSpace.clusterId}`, undefined)).json()
    expect(all.items.some((s: { slug: string }) => s.slug === letSpace.slug)).toBe(false)
    const history = await (
      await api('GET', `/spaces?per_page=100&status=let&city=${letSpace.clusterId}`, undefined)
    ).json()
    expect(history.items.some((s: { slug: string }) => s.slug === letSpace.slug)).toBe(true)
  })

  it('the page filters in place with htmx and refuses an unknown district in the reader’s language', async () => {
    const fragment = await t.request('/de/spaces?district=leipzig-lindenau', {
      headers: { 'hx-request': 'true' },
    })
    const html = await fragment.text()
    expect(html).toContain('id="spaces-body"')
    expect(html).not.toContain('<html')
    expect(html).toContain('Leerstehendes Ladenlokal in der Georg-Schwarz-Straße')
    const bad = await api('GET', '/spaces?district=atlantis&lang=de', undefined)
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.details[0].message).toBe(
      i18nFor('de').t('spaces.error.unknown_value', { value: 'atlantis' }),
    )
  })

  it('the map endpoint answers GeoJSON within a bounding box, capped with truncated and total', async () => {
    const res = await api(
      'GET',
      '/geo/spaces?bbox=12.2,51.2,12.5,51.4&district=leipzig-lindenau&min_area=50&max_area=150',
      undefined,
    )
    expect(res.headers.get('content-type')).toContain('application/geo+json')
    const body = await res.json()
    expect(body.type).toBe('FeatureCollection')
    const shop = body.features.find((f: { properties: { title: string } }) =>
      f.properties.title.includes('Georg-Schwarz'),
    )
    expect(shop.properties).toMatchObject({ type: 'shop_front', status: 'available', floor_area: 85 })
    expect(shop.properties.url).toMatch(/^\/en\/spaces\//)
    expect(body.truncated).toBeUndefined()
    const bad = await api('GET', '/geo/spaces?bbox=200,0,10,10&lang=de', undefined)
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.details[0].field).toBe('bbox')
  })
})

describe('applications', () => {
  it('choosing one lets the space to it and declines the others, each told in its people’s language', async () => {
    const owner = await world.as('org_admin')
    const space = await offerSpace(owner, fields({ title: { en: 'Studio with two applicants' } }))
    const first = await applicantOrg()
    // A person of the Genoa demo organisation, reading Italian, applies through the API.
    const genoa = await findPersonByEmail(t.db, 'orgadmin.genoa@demo.creative-cities.example')
    const [genoaActor] = await organisationsOfPerson(t.db, genoa!.id)
    const second = await signedInPerson(t, { locale: 'it' })
    await t.db.insert(orgPeople).values({ actorId: genoaActor.actorId, userId: second.id, role: 'member' })
    await applyForSpace(first.ctx, space.slug, application(first.id))
    const applied = await api(
      'POST',
      `/spaces/${space.slug}/applications`,
      second.cookie,
      application(genoaActor.actorId),
    )
    expect(applied.status).toBe(201)
    // The owner hears of both; the space is under application.
    const ownerNotes = await t.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, world.people.org_member.id),
          eq(notifications.kind, 'spaces.application_received'),
        ),
      )
    expect(ownerNotes.length).toBeGreaterThanOrEqual(2)
    const list = await (
      await api('GET', `/spaces/${space.slug}/applications`, world.people.org_member.cookie)
    ).json()
    const chosen = list.items.find(
      (a: { organisation: { name: string } }) => a.organisation.name !== genoaActor.name,
    )
    const res = await post(
      `/en/spaces/${space.slug}/applications/${chosen.id}`,
      world.people.org_member.cookie,
      {
        decision: 'chosen',
      },
    )
    expect(res.status).toBe(303)
    const rows = await t.db.select().from(spaceApplications).where(eq(spaceApplications.spaceId, space.id))
    expect(rows.map((r) => r.status).sort()).toEqual(['chosen', 'declined'])
    const [told] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, second.id), eq(notifications.kind, 'spaces.application_decided')))
    expect(notificationText(i18nFor('it'), told)).toContain('ha rifiutato la vostra candidatura')
    expect(await eventsOf(space.id)).toContain(`let:${first.id}`)
  })

  it('two people choosing at once let the space to one tenant; the second hears it was decided', async () => {
    const owner = await world.as('org_admin')
    const space = await offerSpace(owner, fields({ title: { en: 'Flat chosen twice at once' } }))
    const applicant = await applicantOrg()
    await applyForSpace(applicant.ctx, space.slug, application(applicant.id))
    const [row] = await t.db.select().from(spaceApplications).where(eq(spaceApplications.spaceId, space.id))
    const [admin, member] = await Promise.all([world.as('org_admin'), world.as('org_member')])
    const outcomes = await Promise.allSettled(
      [admin, member].map((ctx) => decideApplication(ctx, space.slug, row.id, { decision: 'chosen' })),
    )
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { status: 409 } })
    expect((await eventsOf(space.id)).filter((e) => e.startsWith('let'))).toHaveLength(1)
  })

  it('one application per organisation; the owner’s own organisation cannot apply', async () => {
    const owner = await world.as('org_admin')
    const space = await offerSpace(owner, fields({ title: { en: 'Office applied for twice' } }))
    const applicant = await applicantOrg()
    await applyForSpace(applicant.ctx, space.slug, application(applicant.id))
    await expect(applyForSpace(applicant.ctx, space.slug, application(applicant.id))).rejects.toMatchObject({
      status: 409,
    })
    await expect(applyForSpace(owner, space.slug, application(world.org.id))).rejects.toMatchObject({
      status: 403,
    })
  })

  it('asking a question opens one conversation between the two organisations, linked from the application', async () => {
    const owner = await world.as('org_admin')
    const space = await offerSpace(owner, fields({ title: { en: 'Workshop with questions' } }))
    const applicant = await applicantOrg()
    await applyForSpace(applicant.ctx, space.slug, application(applicant.id))
    const [row] = await t.db.select().from(spaceApplications).where(eq(spaceApplications.spaceId, space.id))
    const path = `/en/spaces/${space.slug}/applications/${row.id}/ask`
    const first = await post(path, world.people.org_admin.cookie, {})
    const second = await post(path, world.people.org_member.cookie, {})
    expect(first.headers.get('location')).toBe(second.headers.get('location'))
    const opened = await t.db
      .select()
      .from(conversations)
      .where(
        and(eq(conversations.originType, 'space_application'), eq(conversations.originId, String(row.id))),
      )
    expect(opened).toHaveLength(1)
    expect(first.headers.get('location')).toBe(`/en/messages/${opened[0].id}`)
  })

  it('only the owner’s people see all applications; an applicant sees only its own; others are refused (pages and API)', async () => {
    const owner = await world.as('org_admin')
    const space = await offerSpace(owner, fields({ title: { en: 'Hall with private applications' } }))
    const applicant = await applicantOrg()
    await applyForSpace(applicant.ctx, space.slug, application(applicant.id))
    const path = `/spaces/${space.slug}/applications`
    expect((await api('GET', path, world.people.org_member.cookie)).status).toBe(200)
    const own = await (await api('GET', path, outsideAdmin().cookie)).json()
    expect(own.items).toHaveLength(1)
    expect((await api('GET', path, world.people.person.cookie)).status).toBe(403)
    expect((await api('GET', path, world.people.cluster_manager.cookie)).status).toBe(403)
    expect((await api('GET', path, undefined)).status).toBe(401)
    expect((await get(`/en${path}`, outsideAdmin().cookie)).status).toBe(403)
    expect((await get(`/en${path}`, world.people.person.cookie)).status).toBe(403)
    const ownerPage = await get(`/en${path}`, world.people.org_member.cookie)
    expect(ownerPage.status).toBe(200)
    expect(await ownerPage.text()).toContain('risograph')
  })
})

describe('vacancy reports', () => {
  it('a member reports, the cluster manager verifies it into a space of the owner they pick, the reporter is told', async () => {
    const reporter = await signedInPerson(t, { locale: 'hu' })
    // A person of no member organisation may not report.
    await expect(
      reportVacancy(await asPerson(reporter), {
        city: 'pecs',
        address: 'Király utca 40',
        note: 'Empty since winter.',
      }),
    ).rejects.toMatchObject({ status: 403 })
    await t.db.insert(orgPeople).values({ actorId: world.org.id, userId: reporter.id, role: 'member' })
    const reporterCtx = await asPerson(reporter)
    const report = await reportVacancy(reporterCtx, {
      city: 'pecs',
      address: 'Király utca 40',
      district: 'pecs-zsolnay',
      lat: '46.0772',
      lon: '18.2330',
      note: 'Empty since last winter, the shop window is boarded up.',
    })
    // Nothing unverified is public.
    const listed = await (await api('GET', '/spaces?q=kiraly', undefined)).json()
    expect(listed.items).toHaveLength(0)
    expect((await get(`/en/clusters/pecs/vacancies`, world.people.person.cookie)).status).toBe(403)
    const res = await post(`/en/clusters/pecs/vacancies/${report.id}`, world.people.cluster_manager.cookie, {
      decision: 'verify',
      owner: String(world.org.id),
      type: 'shop_front',
      floor_area: '70',
      condition: 'needs_repair',
      terms: 'free_for_costs',
      available_from: today(),
    })
    expect(res.status).toBe(303)
    const [decided] = await t.db.select().from(vacancyReports).where(eq(vacancyReports.id, report.id))
    expect(decided.status).toBe('verified')
    const [space] = await t.db.select().from(spaces).where(eq(spaces.id, decided.spaceId!))
    expect(space).toMatchObject({
      ownerActorId: world.org.id,
      address: 'Király utca 40',
      status: 'available',
    })
    const [told] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, reporter.id), eq(notifications.kind, 'spaces.vacancy_decided')))
    expect(notificationText(i18nFor('hu'), told)).toContain('megerősítették')
  })

  it('rejecting needs a reason (translated), writes nothing without it', async () => {
    const reporter = await world.as('org_admin')
    const report = await reportVacancy(reporter, {
      city: 'pecs',
      address: 'Rákóczi út 3',
      note: 'The ground floor is empty.',
    })
    const res = await post(`/de/clusters/pecs/vacancies/${report.id}`, world.people.cluster_manager.cookie, {
      decision: 'reject',
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain(i18nFor('de').t('core.validation.required'))
    const [still] = await t.db.select().from(vacancyReports).where(eq(vacancyReports.id, report.id))
    expect(still.status).toBe('open')
  })
})

describe('bad input', () => {
  it('a lease without rent, a place outside the city and a district of another city are field errors, in German; nothing written', async () => {
    const before = await countSpaces()
    const res = await api(
      'POST',
      '/spaces?lang=de',
      world.people.org_admin.cookie,
      fields({ rent_per_month: undefined, lat: 51.34, lon: 12.37, district: 'leipzig-lindenau' }),
    )
    expect(res.status).toBe(422)
    const details = (await res.json()).error.details as { field: string; message: string }[]
    const de = i18nFor('de')
    expect(details).toEqual(
      expect.arrayContaining([
        { field: 'rent_per_month', message: de.t('spaces.error.rent_required') },
        { field: 'lat', message: de.t('spaces.error.outside_city', { city: 'Pécs' }) },
        { field: 'district', message: de.t('spaces.error.district', { city: 'Pécs' }) },
      ]),
    )
    expect(await countSpaces()).toBe(before)
  })

  it('an application too short is a translated field error on the page, nothing written', async () => {
    const space = await offerSpace(
      await world.as('org_admin'),
      fields({ title: { en: 'Studio for a short proposal' } }),
    )
    const [org] = (await asPerson(outsideAdmin())).viewer.orgs.keys()
    const res = await post(`/pl/spaces/${space.slug}/apply`, outsideAdmin().cookie, {
      organisation: String(org),
      proposal: 'Too short',
      people: 'many',
      hours: '9–5',
      contribution: 'Also short',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(i18nFor('pl').t('core.validation.too_small', { min: '20' }))
    expect(html).toContain(i18nFor('pl').t('core.validation.invalid'))
    const rows = await t.db.select().from(spaceApplications).where(eq(spaceApplications.spaceId, space.id))
    expect(rows).toHaveLength(0)
  })
})

describe('the map of spaces in a box', () => {
  /** Leipzig and its surroundings. */
  const leipzig = '12.2,51.25,12.55,51.42'
  const inside = ([lon, lat]: number[], box: string) => {
    const [w, s, e, n] = box.split(',').map(Number)
    return lon >= w && lon <= e && lat >= s && lat <= n
  }
  async function geo(query: string) {
    const res = await api('GET', `/geo/spaces?${query}`, undefined)
    const text = await res.text()
    return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) }
  }
  /** The listed spaces in the box the way the endpoint counts them: on offer, within the box. */
  async function countInBox(box: string, type?: string) {
    const [w, s, e, n] = box.split(',').map(Number)
    const [{ n: found }] = await rows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM spaces WHERE status IN ('available', 'under_application')
          AND lon BETWEEN ${w} AND ${e} AND lat BETWEEN ${s} AND ${n} ${type ? sql`AND type = ${type}` : sql``}`,
    )
    return found
  }

  it('a box with few spaces answers them as points and says they are not grouped', async () => {
    const { status, body } = await geo(`bbox=${leipzig}`)
    expect(status).toBe(200)
    expect(body.clustered).toBe(false)
    expect(body.total).toBe(body.features.length)
    expect(body.total).toBe(await countInBox(leipzig))
    expect(body.total).toBeGreaterThan(0)
    for (const f of body.features) {
      expect(inside(f.geometry.coordinates, leipzig)).toBe(true)
      expect(f.properties).toMatchObject({ slug: expect.any(String), title: expect.any(String) })
    }
  })

  it('groups a box with more spaces than the limit into counted cells that add up to the total', async () => {
    // 1,200 spaces on offer spread over Leipzig, of the city's authority, every seventh a studio.
    const planted = 1200
    await t.db.execute(sql`
      INSERT INTO spaces (slug, owner_actor_id, cluster_id, title, description, original_language, address,
                          lat, lon, type, floor_area, condition, terms, rent_per_month, available_from, status)
      SELECT 'dense-space-' || i, o.id, 'leipzig', jsonb_build_object('en', 'Dense space ' || i),
             '{"en":"A planted space for the map test."}', 'en', 'Planted street ' || i,
             51.26 + (i % 40) * 0.0038, 12.21 + (i / 40) * 0.0105,
             (ARRAY['studio','workshop','shop_front','office','hall','whole_building','flat'])[1 + i % 7],
             20 + i % 500, 'ready', 'long_lease', 300, current_date,
             (ARRAY['available','under_application'])[1 + i % 2]
      FROM generate_series(0, ${planted - 1}) AS i,
           (SELECT id FROM actors WHERE cluster_id = 'leipzig' ORDER BY id LIMIT 1) AS o`)
    expect(planted).toBeGreaterThan(mapSpaceLimit)

    const { status, bytes, body } = await geo(`bbox=${leipzig}`)
    expect(status).toBe(200)
    expect(body.clustered).toBe(true)
    expect(body.total).toBe(await countInBox(leipzig))
    expect(body.total).toBeGreaterThanOrEqual(planted)
    expect(bytes).toBeLessThan(1_000_000)
    expect(body.features.length).toBeGreaterThan(100)
    let sum = 0
    for (const f of body.features) {
      expect(f.properties).toEqual({ cluster: true, count: expect.any(Number) })
      expect(inside(f.geometry.coordinates, leipzig)).toBe(true)
      sum += f.properties.count
    }
    expect(sum).toBe(body.total)

    // The filters narrow the groups too.
    const studios = await geo(`bbox=${leipzig}&type=studio`)
    expect(studios.body.total).toBe(await countInBox(leipzig, 'studio'))
    expect(studios.body.total).toBeLessThan(body.total)

    // Zoomed in, few enough for points: the map names them again.
    const corner = '12.2,51.25,12.26,51.29'
    const near = await geo(`bbox=${corner}`)
    expect(near.body.clustered).toBe(false)
    expect(near.body.total).toBeGreaterThan(0)
    expect(near.body.total).toBeLessThanOrEqual(mapSpaceLimit)
    expect(near.body.total).toBe(await countInBox(corner))
    for (const f of near.body.features) {
      expect(inside(f.geometry.coordinates, corner)).toBe(true)
      expect(f.properties.url).toMatch(/^\/en\/spaces\//)
    }

    // Without a box, the answer is as it was: points, capped, with neither box member.
    const city = await geo('city=leipzig')
    expect(city.body.features.length).toBeGreaterThan(mapSpaceLimit)
    expect(city.body).not.toHaveProperty('clustered')
    expect(city.body.features.every((f: any) => !f.properties.cluster)).toBe(true)
  }, 90_000)
})
