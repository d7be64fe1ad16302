import { parseFeed } from '@rowanmanning/feed-parser'
import { and, count, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson } from '../../../test/support/people'
import { buildWorld, type World } from '../../../test/support/world'
import { loadViewer } from '../../core/auth'
import { i18nFor } from '../../core/i18n'
import { findPersonByEmail } from '../accounts/service'
import { auditLog } from '../audit/schema'
import { conversationParties, conversations, messages } from '../messages/schema'
import { notifications } from '../notifications/schema'
import { notificationText } from '../notifications/service'
import { organisationsOfPerson } from '../organisations/service'
import { interests, opportunities } from './schema'
import { createOpportunity, decideInterest, expireOpportunities } from './service'

const t = useTestApp()
let world: World

beforeAll(async () => {
  world = await buildWorld(t)
}, 60_000)

const origin = testConfig.publicUrl

// The world's people outside Pécs: the admin of a Leipzig organisation and the Leipzig cluster manager.
type Person = World['people']['person']
const outside = () => {
  const people = world.people as unknown as Record<'outside_admin' | 'outside_manager', Person>
  return { admin: people.outside_admin, manager: people.outside_manager }
}
const asPerson = async (person: Person) =>
  t.ctx('en', await loadViewer(t.db, testConfig, new Headers({ cookie: person.cookie })))

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

const get = (path: string, cookie?: string) => t.request(path, { headers: cookie ? { cookie } : {} })
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
const countOpportunities = async () => (await t.db.select({ n: count() }).from(opportunities))[0].n

const request = (overrides: Record<string, unknown> = {}) => ({
  type: 'collaboration_request',
  title: { en: 'Partner studio wanted for a museum game' },
  description: { en: 'We look for a studio to build a small educational game for a city museum.' },
  original_language: 'en',
  sectors: ['software-games'],
  needs: ['game-development'],
  reach: 'network',
  deadline: inDays(40),
  ...overrides,
})

const jsonLdOf = (html: string) =>
  JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1])

describe('lifecycle', () => {
  it('draft → published → closed → reopened, only published ones on the board, each step audited', async () => {
    const created = await post('/en/opportunities/new', world.people.org_member.cookie, {
      poster: `organisation:${world.org.id}`,
      status: 'draft',
      type: 'collaboration_offer',
      original_language: 'en',
      'title.en': 'Lighting design for festivals',
      'description.en': 'Our studio offers lighting design for open-air festivals across the region.',
      sectors: 'design',
      offers: ['lighting-design'],
      reach: 'city',
    })
    expect(created.status).toBe(303)
    const slug = /\/opportunities\/([a-z0-9-]+)\?notice=created/.exec(created.headers.get('location')!)![1]
    const onBoard = async () =>
      (
        (await (await api('GET', '/opportunities?q=lighting festivals', undefined)).json()) as {
          items: { slug: string }[]
        }
      ).items.some((i) => i.slug === slug)

    expect(await onBoard()).toBe(false)
    expect((await get(`/en/opportunities/${slug}`)).status).toBe(404)
    expect((await get(`/en/opportunities/${slug}`, world.people.org_admin.cookie)).status).toBe(200)
    const mine = await (await get('/en/opportunities/mine', world.people.org_admin.cookie)).text()
    expect(mine).toContain('Lighting design for festivals')

    expect((await post(`/en/opportunities/${slug}/publish`, world.people.org_admin.cookie, {})).status).toBe(
      303,
    )
    expect(await onBoard()).toBe(true)
    expect((await post(`/en/opportunities/${slug}/close`, world.people.org_member.cookie, {})).status).toBe(
      303,
    )
    expect(await onBoard()).toBe(false)
    const closedPage = await (await get(`/en/opportunities/${slug}`)).text()
    expect(closedPage).toContain('This opportunity is closed.')
    expect((await post(`/en/opportunities/${slug}/reopen`, world.people.org_member.cookie, {})).status).toBe(
      303,
    )
    expect(await onBoard()).toBe(true)

    const [row] = await t.db.select().from(opportunities).where(eq(opportunities.slug, slug))
    const actions = (
      await t.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, 'opportunity'), eq(auditLog.subjectId, String(row.id))))
    ).map((a) => a.action)
    expect(actions).toEqual([
      'opportunity.created',
      'opportunity.published',
      'opportunity.closed',
      'opportunity.reopened',
    ])
  })

  it('the expiry job expires published opportunities past their deadline, once; reopening needs a new deadline', async () => {
    const ctx = await world.as('org_admin')
    const row = await createOpportunity(ctx, {
      ...request({ title: { en: 'Expiring request for sound design' } }),
      organisation: world.org.id,
      status: 'published',
    })
    await t.db
      .update(opportunities)
      .set({ deadline: inDays(-2) })
      .where(eq(opportunities.id, row.id))
    expect(await expireOpportunities(t.db)).toBeGreaterThanOrEqual(1)
    const [expired] = await t.db.select().from(opportunities).where(eq(opportunities.id, row.id))
    expect(expired.status).toBe('expired')
    expect(await expireOpportunities(t.db)).toBe(0)

    const again = await post(`/en/opportunities/${row.slug}/reopen`, world.people.org_admin.cookie, {})
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('give a new one to reopen')
    const reopened = await post(`/en/opportunities/${row.slug}/reopen`, world.people.org_admin.cookie, {
      deadline: inDays(10),
    })
    expect(reopened.status).toBe(303)
    const [published] = await t.db.select().from(opportunities).where(eq(opportunities.id, row.id))
    expect([published.status, published.deadline]).toEqual(['published', inDays(10)])
  })

  it('a draft is deleted, a published one is not (it is closed instead)', async () => {
    const ctx = await world.as('org_member')
    const draft = await createOpportunity(ctx, { ...request(), organisation: world.org.id })
    const published = await createOpportunity(ctx, {
      ...request(),
      organisation: world.org.id,
      status: 'published',
    })
    expect(
      (await api('DELETE', `/opportunities/${published.slug}`, world.people.org_member.cookie)).status,
    ).toBe(409)
    expect((await api('DELETE', `/opportunities/${draft.slug}`, world.people.org_member.cookie)).status).toBe(
      204,
    )
    expect(await t.db.select().from(opportunities).where(eq(opportunities.id, draft.id))).toEqual([])
  })
})

describe('the board', () => {
  it('finds a collaboration request needing game development by the Slovenian name of the capability', async () => {
    const ctx = await asPerson(outside().admin)
    const [leipzig] = [...ctx.viewer.orgs.keys()]
    const row = await createOpportunity(ctx, {
      type: 'collaboration_request',
      title: { de: 'Studio für ein Museumsspiel gesucht' },
      description: { de: 'Wir suchen ein Studio, das mit uns ein kleines Lernspiel für ein Museum baut.' },
      original_language: 'de',
      sectors: ['software-games'],
      needs: ['game-development'],
      reach: 'network',
      organisation: leipzig,
      status: 'published',
    })
    const body = (await (await api('GET', '/opportunities?q=razvoj%20iger&lang=sl', undefined)).json()) as {
      items: { slug: string }[]
      facets: Record<string, { value: string; count: number }[]>
    }
    expect(body.items.map((i) => i.slug)).toContain(row.slug)
    expect(body.facets.capability.find((f) => f.value === 'game-development')?.count).toBeGreaterThan(0)
    const page = await (await get('/sl/opportunities?q=razvoj+iger')).text()
    expect(page).toContain('Studio für ein Museumsspiel gesucht')
    expect(page).toContain('Izvirni jezik: Deutsch')
  })

  it('facets filter and count under the other filters; words match as prefixes, accents ignored', async () => {
    const ctx = await world.as('org_admin')
    const job = await createOpportunity(ctx, {
      ...request({
        type: 'job',
        title: { en: 'Junior animátor for a Pécs studio' },
        reach: 'remote',
        deadline: inDays(3),
        details: { contractType: 'permanent', salaryMin: 30000, salaryMax: 38000, currency: 'EUR' },
      }),
      organisation: world.org.id,
      status: 'published',
    })
    const search = async (query: string) =>
      (await (await api('GET', `/opportunities?${query}`, undefined)).json()) as {
        items: { slug: string }[]
        total: number
        facets: Record<string, { value: string; count: number }[]>
      }
    const both = await search('q=animat&type=job&reach=remote&deadline=week&city=pecs')
    expect(both.items.map((i) => i.slug)).toEqual([job.slug])
    // Under type=job and the others, the type facet still counts the other types of the text match.
    expect(both.facets.type.find((f) => f.value === 'job')?.count).toBe(1)
    expect((await search('q=animat&type=internship')).items).toEqual([])
    expect((await search('q=animat&deadline=later')).items).toEqual([])
    const unknown = await api('GET', '/opportunities?sector=nope&lang=de', undefined)
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('Unbekannter Wert')
    // The board page's no-JavaScript form and its htmx fragment.
    const page = await (await get('/en/opportunities?type=job&reach=remote')).text()
    expect(page).toContain('Junior animátor for a Pécs studio')
    expect(page).toContain('type="application/atom+xml"')
    const fragment = await t.request('/en/opportunities?type=job', { headers: { 'hx-request': 'true' } })
    const html = await fragment.text()
    expect(html.startsWith('<div id="board-body"')).toBe(true)
  })

  it('a cluster manager pins an opportunity of their cluster first on the board; nobody else may', async () => {
    const ctx = await world.as('org_member')
    const row = await createOpportunity(ctx, {
      ...request({ title: { en: 'Pinned zither workshop partner' } }),
      organisation: world.org.id,
      status: 'published',
    })
    expect(
      (await post(`/en/opportunities/${row.slug}/pin`, world.people.org_admin.cookie, { pinned: 'true' }))
        .status,
    ).toBe(403)
    expect(
      (await post(`/en/opportunities/${row.slug}/pin`, outside().manager.cookie, { pinned: 'true' })).status,
    ).toBe(403)
    expect(
      (
        await post(`/en/opportunities/${row.slug}/pin`, world.people.cluster_manager.cookie, {
          pinned: 'true',
        })
      ).status,
    ).toBe(303)
    const first = (await (await api('GET', '/opportunities?city=pecs&sort=newest', undefined)).json()) as {
      items: { slug: string; pinned: boolean }[]
    }
    expect(first.items[0]).toMatchObject({ slug: row.slug, pinned: true })

    // A draft is not on the board: it cannot be pinned there.
    const draft = await createOpportunity(ctx, { ...request(), organisation: world.org.id, status: 'draft' })
    const refused = await api(
      'PATCH',
      `/opportunities/${draft.slug}?lang=de`,
      world.people.cluster_manager.cookie,
      {
        pinned: true,
      },
    )
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('Nur ein veröffentlichter Eintrag kann angeheftet werden')
    const [stored] = await t.db.select().from(opportunities).where(eq(opportunities.id, draft.id))
    expect(stored.pinned).toBe(false)
  })
})

describe('detail page', () => {
  it('a job carries JobPosting JSON-LD with salary, location and remote work', async () => {
    const ctx = await world.as('org_admin')
    const row = await createOpportunity(ctx, {
      ...request({
        type: 'job',
        title: { hu: 'Motion designer állás', en: 'Motion designer job' },
        description: { hu: 'Pécsi stúdiónk motion designert keres teljes munkaidőben.' },
        original_language: 'hu',
        reach: 'remote',
        deadline: inDays(20),
        details: {
          contractType: 'permanent',
          salaryMin: 9000000,
          salaryMax: 12000000,
          currency: 'HUF',
          remote: true,
        },
      }),
      organisation: world.org.id,
      status: 'published',
    })
    const html = await (await get(`/de/opportunities/${row.slug}`)).text()
    const ld = jsonLdOf(html)
    expect(ld).toMatchObject({
      '@type': 'JobPosting',
      title: 'Motion designer állás',
      employmentType: 'FULL_TIME',
      validThrough: `${inDays(20)}T23:59:59Z`,
      jobLocationType: 'TELECOMMUTE',
      hiringOrganization: { '@type': 'Organization' },
      jobLocation: { address: { addressLocality: 'Pécs' } },
      baseSalary: { currency: 'HUF', value: { minValue: 9000000, maxValue: 12000000 } },
    })
    expect(ld.datePosted).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    // No German text: the Hungarian original, marked as such.
    expect(html).toContain('Originalsprache: Magyar')
    const workspace = await createOpportunity(ctx, {
      ...request({
        type: 'workspace',
        details: { sizeM2: 20, pricePerMonth: 180, address: 'Zsolnay negyed 1' },
      }),
      organisation: world.org.id,
      status: 'published',
    })
    expect(jsonLdOf(await (await get(`/en/opportunities/${workspace.slug}`)).text())['@type']).toBe('Offer')
  })
})

describe('the Atom feed', () => {
  it('parses with a feed parser, newest first, and applies the board filters', async () => {
    const ctx = await world.as('org_admin')
    const call = await createOpportunity(ctx, {
      ...request({
        type: 'call',
        title: { en: 'Open call: residencies for illustrators & <printmakers>' },
        deadline: inDays(25),
        details: { budget: 15000, eligibility: 'Illustrators living in the network’s cities.' },
      }),
      organisation: world.org.id,
      status: 'published',
    })
    const res = await get('/feeds/opportunities.atom?type=call&lang=en')
    expect(res.headers.get('content-type')).toContain('application/atom+xml')
    const xml = await res.text()
    const feed = parseFeed(xml)
    expect(feed.meta.type).toBe('atom')
    expect(xml).toContain(`<id>${origin}/feeds/opportunities.atom?type=call&amp;lang=en</id>`)
    expect(feed.updated).toBeInstanceOf(Date)
    expect(feed.self).toContain('/feeds/opportunities.atom')
    expect(feed.url).toBe(`${origin}/en/opportunities?type=call`)
    expect(feed.items[0].title).toBe('Open call: residencies for illustrators & <printmakers>')
    expect(feed.items[0].url).toBe(`${origin}/en/opportunities/${call.slug}`)
    expect(feed.items[0].id).toMatch(/^tag:localhost,2026:opportunity:\d+$/)
    expect(feed.items[0].authors[0].name).toBeTruthy()
    expect(feed.items[0].description).toContain('educational game')
    expect(feed.items.every((i) => i.categories.every((c) => c.term === 'call'))).toBe(true)
    const dates = feed.items.map((i) => i.published!.getTime())
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
    const none = parseFeed(await (await get('/feeds/opportunities.atom?q=zzzzqqq')).text())
    expect(none.items).toEqual([])
  })
})

describe('the API', () => {
  it('creates, reads, changes, closes and reopens through the same rules as the pages', async () => {
    const cookie = world.people.org_member.cookie
    const created = await api('POST', '/opportunities', cookie, {
      ...request({ type: 'internship', details: { hoursPerWeek: 20, contractType: 'fixed_term' } }),
      organisation: world.org.id,
    })
    expect(created.status).toBe(201)
    const body = (await created.json()) as { slug: string; status: string; details: object }
    expect(body).toMatchObject({ status: 'draft', details: { hoursPerWeek: 20 } })
    expect((await api('GET', `/opportunities/${body.slug}`, undefined)).status).toBe(404)

    const patched = await api('PATCH', `/opportunities/${body.slug}`, cookie, {
      title: { en: 'Paid internship in game design' },
      status: 'published',
    })
    expect(patched.status).toBe(200)
    expect(await patched.json()).toMatchObject({
      status: 'published',
      title: { en: 'Paid internship in game design' },
    })
    expect((await api('GET', `/opportunities/${body.slug}`, undefined)).status).toBe(200)
    expect(
      (
        (await (await api('PATCH', `/opportunities/${body.slug}`, cookie, { status: 'closed' })).json()) as {
          status: string
        }
      ).status,
    ).toBe('closed')
    // A change refused halfway writes nothing: the new title goes back with the refused status change.
    expect(
      (
        await api('PATCH', `/opportunities/${body.slug}`, cookie, {
          title: { en: 'Renamed' },
          status: 'closed',
        })
      ).status,
    ).toBe(409)
    expect(await (await api('GET', `/opportunities/${body.slug}`, undefined)).json()).toMatchObject({
      title: { en: 'Paid internship in game design' },
    })
    expect(
      (
        (await (
          await api('PATCH', `/opportunities/${body.slug}`, cookie, { status: 'published' })
        ).json()) as { status: string }
      ).status,
    ).toBe('published')

    const doc = (await (await api('GET', '/openapi.json', undefined)).json()) as {
      paths: Record<string, object>
    }
    expect(Object.keys(doc.paths['/api/v1/opportunities/{slug}'])).toEqual(
      expect.arrayContaining(['get', 'patch', 'delete']),
    )
  })

  it('refuses visitors (401), people of no organisation and of another one (403)', async () => {
    const stranger = await signedInPerson(t)
    const input = { ...request(), organisation: world.org.id }
    expect((await api('POST', '/opportunities', undefined, input)).status).toBe(401)
    expect((await api('POST', '/opportunities', stranger.cookie, input)).status).toBe(403)
    expect((await api('POST', '/opportunities', outside().admin.cookie, input)).status).toBe(403)
    const ctx = await world.as('org_admin')
    const row = await createOpportunity(ctx, { ...input, status: 'published' })
    expect(
      (await api('PATCH', `/opportunities/${row.slug}`, outside().admin.cookie, { status: 'closed' })).status,
    ).toBe(403)
    expect(
      (
        await api('PATCH', `/opportunities/${row.slug}`, world.people.cluster_manager.cookie, {
          status: 'closed',
        })
      ).status,
    ).toBe(403)
    // A cluster manager posts on behalf of their cluster, not of another.
    const onBehalf = { ...request({ contact_email: 'cluster@pecs.example' }), cluster: 'pecs' }
    expect((await api('POST', '/opportunities', outside().manager.cookie, onBehalf)).status).toBe(403)
    const posted = await api('POST', '/opportunities', world.people.cluster_manager.cookie, onBehalf)
    expect(posted.status).toBe(201)
    expect(await posted.json()).toMatchObject({
      organisation: null,
      on_behalf_of_cluster: true,
      city: 'pecs',
    })
  })
})

describe('bad input', () => {
  it('a form with errors answers 422 with the fields marked in the reader language, and writes nothing', async () => {
    const before = await countOpportunities()
    const res = await post('/de/opportunities/new', world.people.org_admin.cookie, {
      poster: `organisation:${world.org.id}`,
      status: 'published',
      type: 'job',
      original_language: 'de',
      'title.de': 'Job',
      'description.de': 'Zu kurz',
      'details.salaryMin': '50000',
      'details.salaryMax': '40000',
      'details.hoursPerWeek': 'viele',
      'details.currency': 'Euro',
      sectors: 'unknown-sector',
      deadline: '2020-01-01',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Geben Sie einen Titel mit mindestens 5 Zeichen')
    expect(html).toContain('Unbekannter Wert: unknown-sector')
    expect(html).toContain('Das obere Gehalt liegt unter dem unteren')
    expect(html).toContain('Das Format ist ungültig') // the currency
    // Words where a number belongs: a wrong value, not a missing one.
    expect(html).toMatch(/id="field-details-hoursPerWeek-error"[^>]*>Kein gültiger Wert</)
    expect(html).toContain('aria-invalid="true"')
    expect(await countOpportunities()).toBe(before)
  })

  it('the API answers field errors in the asked language and writes nothing', async () => {
    const before = await countOpportunities()
    const res = await api('POST', '/opportunities?lang=pl', world.people.org_admin.cookie, {
      ...request({ type: 'call', deadline: undefined, contact_email: 'not-an-address' }),
      organisation: world.org.id,
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { details: { field: string; message: string }[] } }
    expect(body.error.details.map((d) => d.field)).toContain('contact_email')
    const call = await api('POST', '/opportunities?lang=pl', world.people.org_admin.cookie, {
      ...request({ type: 'call', deadline: undefined }),
      organisation: world.org.id,
    })
    expect(call.status).toBe(422)
    expect(await call.text()).toContain('Konkurs wymaga terminu')
    // A date of the ISO format that PostgreSQL cannot store (there is no year 0).
    const yearZero = await api('POST', '/opportunities', world.people.org_admin.cookie, {
      ...request({ deadline: '0000-01-01' }),
      organisation: world.org.id,
      status: 'draft',
    })
    expect(yearZero.status).toBe(400)
    expect(((await yearZero.json()) as { error: { details: { field: string }[] } }).error.details).toEqual([
      { field: 'deadline', message: expect.any(String) },
    ])
    expect(await countOpportunities()).toBe(before)
  })
})

describe('expressions of interest', () => {
  it('express → shortlist → accept opens a conversation of both organisations with the message; both sides are notified', async () => {
    const posterCtx = await world.as('org_admin')
    const opportunity = await createOpportunity(posterCtx, {
      ...request({ title: { en: 'Studio wanted for a heritage game' } }),
      organisation: world.org.id,
      status: 'published',
    })
    const interested = outside().admin
    const [interestedOrg] = (await asPerson(outside().admin)).viewer.orgs.keys()
    const message = 'We are a Leipzig studio with ten years of serious games; happy to talk.'

    const short = await post(`/de/opportunities/${opportunity.slug}/interest`, interested.cookie, {
      organisation: String(interestedOrg),
      message: 'Too short',
    })
    expect(short.status).toBe(422)
    expect(await short.text()).toContain('Zu kurz oder zu klein: mindestens 20')
    expect(await t.db.select().from(interests).where(eq(interests.opportunityId, opportunity.id))).toEqual([])

    expect(
      (
        await post(`/en/opportunities/${opportunity.slug}/interest`, interested.cookie, {
          organisation: String(interestedOrg),
          message,
        })
      ).status,
    ).toBe(303)
    const twice = await post(`/en/opportunities/${opportunity.slug}/interest`, interested.cookie, {
      organisation: String(interestedOrg),
      message,
    })
    expect(twice.status).toBe(409)
    // The poster's own people cannot express interest in it.
    expect(
      (
        await post(`/en/opportunities/${opportunity.slug}/interest`, world.people.org_member.cookie, {
          organisation: String(world.org.id),
          message,
        })
      ).status,
    ).toBe(403)

    const [interest] = await t.db.select().from(interests).where(eq(interests.opportunityId, opportunity.id))
    const received = await t.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'opportunities.interest_received'),
          eq(notifications.userId, world.people.org_member.id),
        ),
      )
    expect(received.at(-1)).toMatchObject({ link: `/opportunities/${opportunity.slug}/interests` })

    // Only the poster's people see the interests.
    expect((await get(`/en/opportunities/${opportunity.slug}/interests`, interested.cookie)).status).toBe(403)
    const manage = await (
      await get(`/en/opportunities/${opportunity.slug}/interests`, world.people.org_member.cookie)
    ).text()
    expect(manage).toContain(message)

    const decide = (decision: string) =>
      post(`/en/opportunities/${opportunity.slug}/interests/${interest.id}`, world.people.org_member.cookie, {
        decision,
      })
    expect((await decide('shortlisted')).status).toBe(303)
    expect((await decide('accepted')).status).toBe(303)
    expect((await decide('declined')).status).toBe(409)

    const [accepted] = await t.db.select().from(interests).where(eq(interests.id, interest.id))
    expect(accepted.status).toBe('accepted')
    const [conversation] = await t.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, accepted.conversationId!))
    expect(conversation).toMatchObject({
      subject: 'Studio wanted for a heritage game',
      originType: 'interest',
      originId: String(interest.id),
    })
    const parties = (
      await t.db
        .select()
        .from(conversationParties)
        .where(eq(conversationParties.conversationId, conversation.id))
    ).map((p) => Number(p.actorId))
    expect(parties.sort()).toEqual([world.org.id, interestedOrg].sort())
    const [first] = await t.db.select().from(messages).where(eq(messages.conversationId, conversation.id))
    expect(first).toMatchObject({ body: message, userId: interested.id })
    const decided = await t.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'opportunities.interest_decided'),
          eq(notifications.userId, interested.id),
        ),
      )
    expect(decided.map((n) => n.link)).toContain(`/messages/${conversation.id}`)
    expect(decided.map((n) => n.values.decision)).toEqual(['shortlisted', 'accepted'])
    const page = await (await get(`/en/opportunities/${opportunity.slug}`, interested.cookie)).text()
    expect(page).toContain(`/en/messages/${conversation.id}`)
  })

  it('an interest in a cluster’s own opportunity is decided by its managers and answered with the contact e-mail', async () => {
    const managerCtx = await world.as('cluster_manager')
    const opportunity = await createOpportunity(managerCtx, {
      ...request({ title: { en: 'Mentors for the Pécs creative week' }, contact_email: 'week@pecs.example' }),
      cluster: 'pecs',
      status: 'published',
    })
    const [interestedOrg] = (await asPerson(outside().admin)).viewer.orgs.keys()
    const before = await (await get(`/en/opportunities/${opportunity.slug}`, outside().admin.cookie)).text()
    expect(before).not.toContain('week@pecs.example')
    expect(before).toContain('you receive its contact e-mail')
    // Nor on the board, in the feed or in the API, where the opportunity itself is listed.
    for (const path of [
      '/api/v1/opportunities?q=Mentors',
      `/api/v1/opportunities/${opportunity.slug}`,
      '/en/opportunities?q=Mentors',
      '/feeds/opportunities.atom?q=Mentors',
    ]) {
      const listed = await (await get(path)).text()
      expect(listed).toContain(opportunity.slug)
      expect(listed).not.toContain('week@pecs.example')
    }
    await post(`/en/opportunities/${opportunity.slug}/interest`, outside().admin.cookie, {
      organisation: String(interestedOrg),
      message: 'Our designers would gladly mentor young studios during the week.',
    })
    const [interest] = await t.db.select().from(interests).where(eq(interests.opportunityId, opportunity.id))
    // Every manager of the cluster hears of it (any of them decides), not only the one who posted it.
    const told = await t.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'opportunities.interest_received'),
          eq(notifications.link, `/opportunities/${opportunity.slug}/interests`),
        ),
      )
    const demoManager = await findPersonByEmail(t.db, 'manager.pecs@demo.creative-cities.example')
    expect(told.map((n) => n.userId).sort()).toEqual(
      [world.people.cluster_manager.id, demoManager!.id].sort(),
    )
    // The managers' own list names the city that posted it.
    expect(await (await get('/en/opportunities/mine', world.people.cluster_manager.cookie)).text()).toMatch(
      /<td>[^<]*Pécs[^<]*<\/td>/,
    )
    const path = `/en/opportunities/${opportunity.slug}/interests/${interest.id}`
    expect((await post(path, world.people.org_admin.cookie, { decision: 'accepted' })).status).toBe(403)
    expect(
      (
        await post(path, world.people.cluster_manager.cookie, {
          decision: 'accepted',
          reason: 'Welcome aboard',
        })
      ).status,
    ).toBe(303)
    const [accepted] = await t.db.select().from(interests).where(eq(interests.id, interest.id))
    expect(accepted).toMatchObject({ status: 'accepted', conversationId: null })
    const [note] = await t.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'opportunities.interest_decided'),
          eq(notifications.userId, outside().admin.id),
          sql`${notifications.values}->>'decision' = 'contact'`,
        ),
      )
    expect(note.values).toMatchObject({ contact: 'week@pecs.example', reason: 'Welcome aboard' })
    expect(notificationText(i18nFor('en'), note)).toMatch(
      /write to week@pecs\.example\. Reason: Welcome aboard$/,
    )
    // Whatever the reason says, even a word the message itself could mistake for "no reason".
    expect(notificationText(i18nFor('en'), { ...note, values: { ...note.values, reason: 'none' } })).toMatch(
      /Reason: none$/,
    )
    expect(
      notificationText(i18nFor('en'), { ...note, values: { ...note.values, reason: '', with_reason: 'no' } }),
    ).toMatch(/week@pecs\.example\.$/)
    const after = await (await get(`/en/opportunities/${opportunity.slug}`, outside().admin.cookie)).text()
    expect(after).toContain('mailto:week@pecs.example')
  })

  it('two people of the poster accepting at once open one conversation; the second is told it was decided', async () => {
    const opportunity = await createOpportunity(await world.as('org_admin'), {
      ...request({ title: { en: 'Sound designer for a museum game' } }),
      organisation: world.org.id,
      status: 'published',
    })
    const [interestedOrg] = (await asPerson(outside().admin)).viewer.orgs.keys()
    await post(`/en/opportunities/${opportunity.slug}/interest`, outside().admin.cookie, {
      organisation: String(interestedOrg),
      message: 'Our sound studio scored three museum games; we would like to talk.',
    })
    const [interest] = await t.db.select().from(interests).where(eq(interests.opportunityId, opportunity.id))
    const [admin, member] = await Promise.all([world.as('org_admin'), world.as('org_member')])
    const outcomes = await Promise.allSettled(
      [admin, member].map((ctx) =>
        decideInterest(ctx, opportunity.slug, interest.id, { decision: 'accepted' }),
      ),
    )
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { status: 409 } })
    const opened = await t.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.originType, 'interest'), eq(conversations.originId, String(interest.id))))
    expect(opened).toHaveLength(1)
  })

  it('a declined interest is not told the contact e-mail', async () => {
    const opportunity = await createOpportunity(await world.as('cluster_manager'), {
      ...request({ title: { en: 'Jury for the Pécs design award' }, contact_email: 'jury@pecs.example' }),
      cluster: 'pecs',
      status: 'published',
    })
    const [interestedOrg] = (await asPerson(outside().admin)).viewer.orgs.keys()
    await post(`/en/opportunities/${opportunity.slug}/interest`, outside().admin.cookie, {
      organisation: String(interestedOrg),
      message: 'Two of our designers would gladly sit on the jury this year.',
    })
    const [interest] = await t.db.select().from(interests).where(eq(interests.opportunityId, opportunity.id))
    const path = `/en/opportunities/${opportunity.slug}/interests/${interest.id}`
    expect((await post(path, world.people.cluster_manager.cookie, { decision: 'declined' })).status).toBe(303)
    const [note] = await t.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.kind, 'opportunities.interest_decided'),
          eq(notifications.userId, outside().admin.id),
          sql`${notifications.link} = ${`/opportunities/${opportunity.slug}`}`,
        ),
      )
    expect(note.values).toMatchObject({ decision: 'declined' })
    expect(JSON.stringify(note.values)).not.toContain('jury@pecs.example')
  })

  it('no interest in a closed opportunity, and none from a person of no organisation', async () => {
    const ctx = await world.as('org_admin')
    const row = await createOpportunity(ctx, {
      ...request(),
      organisation: world.org.id,
      status: 'published',
    })
    const stranger = await signedInPerson(t)
    const message = 'We would like to work with you on this, here is who we are.'
    expect(
      (
        await post(`/en/opportunities/${row.slug}/interest`, stranger.cookie, {
          organisation: String(world.org.id),
          message,
        })
      ).status,
    ).toBe(403)
    await post(`/en/opportunities/${row.slug}/close`, world.people.org_admin.cookie, {})
    const [interestedOrg] = (await asPerson(outside().admin)).viewer.orgs.keys()
    const closed = await post(`/en/opportunities/${row.slug}/interest`, outside().admin.cookie, {
      organisation: String(interestedOrg),
      message,
    })
    expect(closed.status).toBe(409)
    expect(await closed.text()).toContain('no longer takes expressions of interest')
  })
})

describe('personal data and profiles', () => {
  it('the download lists the opportunities and interests a person created; the profile lists published ones', async () => {
    const ctx = await world.as('org_admin')
    const row = await createOpportunity(ctx, {
      ...request({ title: { en: 'Profile-listed ceramics collaboration' } }),
      organisation: world.org.id,
      status: 'published',
    })
    const profile = await (await get(`/en/actors/${world.org.slug}`)).text()
    expect(profile).toContain('Profile-listed ceramics collaboration')
    const download = await get('/en/me/data.json', world.people.org_admin.cookie)
    const data = (await download.json()) as { opportunities: { opportunities: { slug: string }[] } }
    expect(data.opportunities.opportunities.map((o) => o.slug)).toContain(row.slug)
  })
})

describe('demo data', () => {
  it('has every type in every city, a Leipzig request for game development, and accepted interests with conversations', async () => {
    const published = await t.db
      .select({ city: opportunities.clusterId, type: opportunities.type })
      .from(opportunities)
      .where(and(eq(opportunities.demo, true), eq(opportunities.status, 'published')))
    const all = await t.db
      .select({ city: opportunities.clusterId, type: opportunities.type, status: opportunities.status })
      .from(opportunities)
      .where(eq(opportunities.demo, true))
    for (const city of ['leipzig', 'genoa', 'gdansk', 'ljubljana', 'pecs'])
      expect(new Set(all.filter((o) => o.city === city).map((o) => o.type)).size, city).toBe(6)
    expect(new Set(all.map((o) => o.status))).toEqual(new Set(['published', 'expired', 'closed', 'draft']))
    expect(published.length).toBeGreaterThan(15)

    const leipzig = (await (
      await api(
        'GET',
        '/opportunities?city=leipzig&type=collaboration_request&capability=game-development',
        undefined,
      )
    ).json()) as {
      items: { organisation: { slug: string } | null }[]
    }
    // The organisation of the demo account orgadmin.leipzig@ (the first Leipzig demo organisation).
    const leipzigAdmin = await findPersonByEmail(t.db, 'orgadmin.leipzig@demo.creative-cities.example')
    const [leipzigOrg] = await organisationsOfPerson(t.db, leipzigAdmin!.id)
    expect(leipzig.items.map((i) => i.organisation?.slug)).toContain(leipzigOrg.slug)
    const accepted = await t.db
      .select({ conversationId: interests.conversationId })
      .from(interests)
      .innerJoin(opportunities, eq(opportunities.id, interests.opportunityId))
      .where(and(eq(interests.status, 'accepted'), eq(opportunities.demo, true)))
    expect(accepted.length).toBeGreaterThan(0)
    expect(accepted.every((a) => a.conversationId !== null)).toBe(true)
  })
})
