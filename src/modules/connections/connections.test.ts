import { and, count, eq, inArray, isNull, like, or } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson } from '../../../test/support/people'
import { loadViewer, personalDataSections } from '../../core/auth'
import { users } from '../accounts/schema'
import { auditLog } from '../audit/schema'
import { notifications } from '../notifications/schema'
import { callApi, postForm, staffOrganisation, unclaimedActor } from '../organisations/factories'
import { orgPeople } from '../organisations/schema'
import { connections } from './schema'
import { clusterConnections, connectionCounts } from './service'

const t = useTestApp()

type Person = Awaited<ReturnType<typeof signedInPerson>>
interface Org {
  id: number
  slug: string
  name: string
  clusterId: string
  admin: Person
  member: Person
}

/** A demo organisation of the city no one runs yet, with a new admin and a member. */
async function organisation(city: string, locale: 'en' | 'de' | 'hu' = 'en'): Promise<Org> {
  const actor = await unclaimedActor(t, city)
  const admin = await signedInPerson(t, { locale })
  const member = await signedInPerson(t, { locale })
  await staffOrganisation(t, actor.id, [
    { id: admin.id, role: 'admin' },
    { id: member.id, role: 'member' },
  ])
  return { ...actor, admin, member }
}

const post = (path: string, cookie: string | undefined, body: Record<string, string>) =>
  postForm(t, path, body, cookie)
const postJson = (path: string, cookie: string | undefined, body: unknown) =>
  callApi(t, 'POST', path, body, cookie)

const page = async (path: string, cookie?: string) =>
  (await t.request(path, { headers: cookie ? { cookie } : {} })).text()

const propose = (from: Org, to: Org, kind: string, note = '', locale = 'en') =>
  post(`/${locale}/organisations/${to.slug}/connections/new`, from.admin.cookie, {
    organisation: String(from.id),
    kind,
    note,
  })

async function between(a: Org, b: Org) {
  return t.db
    .select()
    .from(connections)
    .where(
      or(
        and(eq(connections.fromActorId, a.id), eq(connections.toActorId, b.id)),
        and(eq(connections.fromActorId, b.id), eq(connections.toActorId, a.id)),
      ),
    )
    .orderBy(connections.id)
}

const connectionRows = async () => (await t.db.select({ n: count() }).from(connections))[0].n
const auditRows = async () =>
  (await t.db.select({ n: count() }).from(auditLog).where(like(auditLog.action, 'connection.%')))[0].n
const pairLinks = (counts: Awaited<ReturnType<typeof connectionCounts>>, a: string, b: string) =>
  counts.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))?.links ?? 0

/** What the API lists among `org`'s confirmed connections about `other`. */
async function listed(org: Org, other: Org) {
  const res = await t.request(`/api/v1/organisations/${org.slug}/connections`)
  expect(res.status).toBe(200)
  const { items } = (await res.json()) as {
    items: { kind: string; cross_border: boolean; organisation: { slug: string } }[]
  }
  return items.filter((i) => i.organisation.slug === other.slug)
}

let leipzig: Org
let pecs: Org
let pecsToo: Org

beforeAll(async () => {
  leipzig = await organisation('leipzig', 'de')
  pecs = await organisation('pecs', 'hu')
  pecsToo = await organisation('pecs')
}, 60_000)

describe('proposing and confirming', () => {
  it('propose → nothing shows → confirm → shows on both profiles, counted cross-border in the graph', async () => {
    const before = await connectionCounts(t.ctx())
    const beforeAudit = await auditRows()

    const proposed = await propose(leipzig, pecs, 'client', 'We order their sound design.')
    expect(proposed.status).toBe(303)
    expect(proposed.headers.get('location')).toBe(
      `/en/organisations/${leipzig.slug}/connections?notice=proposed#outgoing`,
    )
    const [row] = await between(leipzig, pecs)
    expect(row).toMatchObject({
      status: 'pending',
      kind: 'client',
      fromActorId: leipzig.id,
      createdBy: leipzig.admin.id,
    })

    // Pending: on no profile, in no count; the proposer sees it among their outgoing proposals.
    expect(await listed(pecs, leipzig)).toEqual([])
    expect(await listed(leipzig, pecs)).toEqual([])
    expect(await page(`/en/actors/${pecs.slug}`)).not.toContain(leipzig.name)
    expect(pairLinks(await connectionCounts(t.ctx()), 'leipzig', 'pecs')).toBe(
      pairLinks(before, 'leipzig', 'pecs'),
    )
    expect(await page(`/en/organisations/${leipzig.slug}/connections`, leipzig.admin.cookie)).toContain(
      pecs.name,
    )

    // The Pécs admins hear of it (in their language when shown); the proposer does not.
    const told = await t.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'connections.requested'))
    expect(told.filter((n) => n.userId === pecs.admin.id)).toHaveLength(1)
    expect(told.some((n) => n.userId === leipzig.admin.id || n.userId === pecs.member.id)).toBe(false)
    expect(told.find((n) => n.userId === pecs.admin.id)?.link).toBe(`/organisations/${pecs.slug}/connections`)

    const incoming = await page(`/hu/organisations/${pecs.slug}/connections`, pecs.admin.cookie)
    expect(incoming).toContain(leipzig.name)
    expect(incoming).toContain('We order their sound design.')
    expect(incoming).toContain('Megrendelő')

    const confirmed = await post(
      `/hu/organisations/${pecs.slug}/connections/${row.id}/decision`,
      pecs.admin.cookie,
      {
        decision: 'confirm',
      },
    )
    expect(confirmed.status).toBe(303)
    expect(confirmed.headers.get('location')).toBe(
      `/hu/organisations/${pecs.slug}/connections?notice=confirmed`,
    )

    // "Leipzig is a client of Pécs": Pécs lists a client, Leipzig a supplier, both marked cross-border.
    expect(await listed(pecs, leipzig)).toEqual([
      expect.objectContaining({
        kind: 'client',
        cross_border: true,
        organisation: expect.objectContaining({ slug: leipzig.slug }),
      }),
    ])
    expect(await listed(leipzig, pecs)).toEqual([
      expect.objectContaining({
        kind: 'supplier',
        cross_border: true,
        organisation: expect.objectContaining({ slug: pecs.slug }),
      }),
    ])
    const profile = await page(`/en/actors/${leipzig.slug}`)
    expect(profile).toContain(pecs.name)
    expect(profile).toContain('Supplier')
    expect(profile).toContain('cross-border')
    expect(await page(`/de/actors/${pecs.slug}`)).toContain('Kunde')

    const after = await connectionCounts(t.ctx())
    expect(pairLinks(after, 'leipzig', 'pecs')).toBe(pairLinks(before, 'leipzig', 'pecs') + 1)
    expect(after.totals.crossBorder).toBe(before.totals.crossBorder + 1)
    expect(after.totals.local).toBe(before.totals.local)
    expect(after.cities.find((c) => c.id === 'pecs')?.crossBorder).toBe(
      (before.cities.find((c) => c.id === 'pecs')?.crossBorder ?? 0) + 1,
    )
    const graph = (await (await t.request('/api/v1/connections/graph')).json()) as {
      totals: { links: number; cross_border: number }
      pairs: { a: string; b: string; links: number; reach: string }[]
    }
    expect(graph.totals).toMatchObject({ links: after.totals.links, cross_border: after.totals.crossBorder })
    expect(graph.pairs.find((p) => p.a === 'leipzig' && p.b === 'pecs')).toEqual({
      a: 'leipzig',
      b: 'pecs',
      links: pairLinks(after, 'leipzig', 'pecs'),
      reach: 'cross_border',
    })

    // The Leipzig people hear of the confirmation, all of them; the Pécs admin who confirmed does not.
    const confirmedNotes = await t.db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'connections.confirmed'))
    expect(
      confirmedNotes
        .map((n) => n.userId)
        .filter((id) => [leipzig.admin.id, leipzig.member.id, pecs.admin.id].some((p) => p === id))
        .sort(),
    ).toEqual([leipzig.admin.id, leipzig.member.id].sort())
    expect(await auditRows()).toBe(beforeAudit + 2)
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'connection.confirmed'),
          eq(auditLog.subjectType, 'connection'),
          eq(auditLog.subjectId, String(row.id)),
        ),
      )
    expect(audit).toMatchObject({
      userId: pecs.admin.id,
      before: { status: 'pending' },
      after: { status: 'confirmed' },
    })
  })

  it('counts a link within one city as local, on the network and the cluster page', async () => {
    const before = await connectionCounts(t.ctx())
    const cluster = await clusterConnections(t.ctx(), 'pecs')
    const res = await propose(pecs, pecsToo, 'partner')
    expect(res.status).toBe(303)
    const [row] = await between(pecs, pecsToo)
    expect(
      (
        await post(`/en/organisations/${pecsToo.slug}/connections/${row.id}/decision`, pecsToo.admin.cookie, {
          decision: 'confirm',
        })
      ).status,
    ).toBe(303)
    const after = await connectionCounts(t.ctx())
    expect(pairLinks(after, 'pecs', 'pecs')).toBe(pairLinks(before, 'pecs', 'pecs') + 1)
    expect(after.totals.local).toBe(before.totals.local + 1)
    expect(after.totals.crossBorder).toBe(before.totals.crossBorder)
    expect((await clusterConnections(t.ctx(), 'pecs')).local).toBe(cluster.local + 1)
    expect(await listed(pecsToo, pecs)).toEqual([
      expect.objectContaining({
        kind: 'partner',
        cross_border: false,
        organisation: expect.objectContaining({ slug: pecs.slug }),
      }),
    ])

    const network = await page('/en/network')
    expect(network).toContain('How the clusters are linked')
    expect(network).toContain('<svg')
    expect(network).toContain('class="table-scroll"')
    const clusterPage = await page('/en/clusters/pecs')
    expect(clusterPage).toContain('Links of Pécs')
    expect(clusterPage).toContain('Within Pécs')
  })

  it('a declined proposal never shows and may be proposed again', async () => {
    const a = await organisation('genoa')
    const b = await organisation('gdansk')
    await propose(a, b, 'co_applicant')
    const [row] = await between(a, b)
    const declined = await post(
      `/en/organisations/${b.slug}/connections/${row.id}/decision`,
      b.admin.cookie,
      {
        decision: 'decline',
      },
    )
    expect(declined.headers.get('location')).toContain('notice=declined')
    expect((await between(a, b))[0]).toMatchObject({ status: 'declined', decidedBy: b.admin.id })
    expect(await listed(b, a)).toEqual([])
    expect(
      await t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.kind, 'connections.confirmed'), eq(notifications.userId, a.admin.id))),
    ).toEqual([])

    // Deciding twice is refused in the reader's language.
    const again = await post(`/de/organisations/${b.slug}/connections/${row.id}/decision`, b.admin.cookie, {
      decision: 'confirm',
    })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('Über diesen Vorschlag wurde bereits entschieden.')

    expect((await propose(a, b, 'co_applicant')).status).toBe(303)
    const rows = await between(a, b)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'pending', decidedBy: null })
  })

  it('either side ends a confirmed connection, the proposer withdraws a pending one', async () => {
    const a = await organisation('ljubljana')
    const b = await organisation('genoa')
    await propose(a, b, 'same_project')
    const [row] = await between(a, b)
    // The other side cannot withdraw what it was asked to decide.
    const notTheirs = await post(`/en/organisations/${b.slug}/connections/${row.id}/end`, b.admin.cookie, {})
    expect(notTheirs.status).toBe(409)
    expect(await notTheirs.text()).toContain('only the side that proposed it can withdraw')
    expect(
      (await post(`/en/organisations/${a.slug}/connections/${row.id}/end`, a.admin.cookie, {})).status,
    ).toBe(303)
    expect((await between(a, b))[0].status).toBe('withdrawn')

    await propose(a, b, 'same_project')
    await post(`/en/organisations/${b.slug}/connections/${row.id}/decision`, b.admin.cookie, {
      decision: 'confirm',
    })
    const before = await connectionCounts(t.ctx())
    expect(await listed(a, b)).toHaveLength(1)
    const ended = await post(`/en/organisations/${b.slug}/connections/${row.id}/end`, b.admin.cookie, {})
    expect(ended.headers.get('location')).toContain('notice=ended')
    expect(await listed(a, b)).toEqual([])
    expect(await listed(b, a)).toEqual([])
    const after = await connectionCounts(t.ctx())
    expect(pairLinks(after, 'ljubljana', 'genoa')).toBe(pairLinks(before, 'ljubljana', 'genoa') - 1)
    expect(
      await t.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, 'connection'), eq(auditLog.subjectId, String(row.id))))
        .orderBy(auditLog.id),
    ).toEqual(
      ['proposed', 'withdrawn', 'proposed', 'confirmed', 'ended'].map((a) => ({ action: `connection.${a}` })),
    )
  })
})

describe('refusals', () => {
  it('refuses a duplicate of the same kind between the same pair, either way and as its mirror image', async () => {
    const a = await organisation('gdansk')
    const b = await organisation('leipzig')
    await propose(a, b, 'client')
    const rows = await connectionRows()
    const audits = await auditRows()

    const same = await propose(a, b, 'client', '', 'de')
    expect(same.status).toBe(409)
    expect(await same.text()).toContain(
      'Diese Verbindung wurde bereits vorgeschlagen und wartet auf eine Entscheidung.',
    )
    // "b is a client of a" is a different statement, but the same kind between the pair: refused.
    expect((await propose(b, a, 'client')).status).toBe(409)
    // "b is a supplier of a" says what "a is a client of b" says.
    const mirror = await propose(b, a, 'supplier')
    expect(mirror.status).toBe(409)
    expect(await mirror.text()).toContain('This connection has been proposed already')

    const [row] = await between(a, b)
    await post(`/en/organisations/${b.slug}/connections/${row.id}/decision`, b.admin.cookie, {
      decision: 'confirm',
    })
    const confirmed = await propose(b, a, 'client', '', 'hu')
    expect(confirmed.status).toBe(409)
    expect(await confirmed.text()).toContain('Ez a kapcsolat már létezik.')
    expect(await connectionRows()).toBe(rows)
    expect(await auditRows()).toBe(audits + 1)

    // Another kind between the same pair is a relation of its own.
    expect((await propose(b, a, 'partner')).status).toBe(303)
  })

  it('refuses a connection with itself, translated, writing nothing', async () => {
    const [rows, audits] = [await connectionRows(), await auditRows()]
    const res = await propose(pecs, pecs, 'partner', '', 'de')
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('Eine Organisation kann keine Verbindung mit sich selbst eintragen.')
    const api = await postJson(`/api/v1/organisations/${pecs.slug}/connections`, pecs.admin.cookie, {
      organisation: pecs.id,
      kind: 'partner',
    })
    expect(api.status).toBe(422)
    expect(((await api.json()) as { error: { details: { field: string }[] } }).error.details[0].field).toBe(
      'organisation',
    )
    expect([await connectionRows(), await auditRows()]).toEqual([rows, audits])
  })

  it('lets only the admins propose and decide', async () => {
    const a = await organisation('genoa')
    const b = await organisation('ljubljana')
    const outsider = await signedInPerson(t)
    const rows = await connectionRows()
    // A visitor is sent to sign in; a member or someone of no organisation is refused.
    const visitor = await post(`/en/organisations/${b.slug}/connections/new`, undefined, {
      organisation: String(a.id),
      kind: 'partner',
    })
    expect(visitor.status).toBe(303)
    expect(visitor.headers.get('location')).toContain('/en/login')
    for (const cookie of [a.member.cookie, outsider.cookie, b.admin.cookie]) {
      const res = await post(`/en/organisations/${b.slug}/connections/new`, cookie, {
        organisation: String(a.id),
        kind: 'partner',
      })
      expect(res.status).toBe(403)
    }
    expect(await connectionRows()).toBe(rows)

    await propose(a, b, 'partner')
    const [row] = await between(a, b)
    const decide = (slug: string, cookie: string) =>
      post(`/en/organisations/${slug}/connections/${row.id}/decision`, cookie, { decision: 'confirm' })
    expect((await decide(b.slug, b.member.cookie)).status).toBe(403)
    expect((await decide(b.slug, outsider.cookie)).status).toBe(403)
    // The proposer's admin cannot confirm their own proposal, whichever side they name.
    expect((await decide(a.slug, a.admin.cookie)).status).toBe(403)
    expect((await decide(b.slug, a.admin.cookie)).status).toBe(403)
    // An admin of an uninvolved organisation finds no such connection of theirs.
    expect((await decide(pecs.slug, pecs.admin.cookie)).status).toBe(404)
    expect((await between(a, b))[0].status).toBe('pending')
    expect(
      (await t.request(`/en/organisations/${b.slug}/connections`, { headers: { cookie: b.member.cookie } }))
        .status,
    ).toBe(403)
  })

  it('bad input: translated field errors, nothing written', async () => {
    const a = await organisation('leipzig', 'de')
    const b = await organisation('genoa')
    const [rows, audits] = [await connectionRows(), await auditRows()]

    const kind = await propose(a, b, 'friend', '', 'de')
    expect(kind.status).toBe(422)
    const kindPage = await kind.text()
    expect(kindPage).toContain('Bitte korrigieren')
    expect(kindPage).toContain('aria-invalid="true"')

    const long = await propose(a, b, 'partner', 'x'.repeat(501), 'de')
    expect(long.status).toBe(422)
    expect(await long.text()).toContain('x'.repeat(501))

    const noOrg = await post(`/en/organisations/${b.slug}/connections/new`, a.admin.cookie, {
      kind: 'partner',
    })
    expect(noOrg.status).toBe(422)

    const api = await postJson(`/api/v1/organisations/${b.slug}/connections`, a.admin.cookie, {
      organisation: a.id,
      kind: 'friend',
      note: 'y'.repeat(600),
    })
    expect(api.status).toBe(400)
    const fields = ((await api.json()) as { error: { details: { field: string }[] } }).error.details.map(
      (d) => d.field,
    )
    expect(fields.sort()).toEqual(['kind', 'note'])

    await propose(a, b, 'partner')
    const [row] = await between(a, b)
    const decision = await post(
      `/en/organisations/${b.slug}/connections/${row.id}/decision`,
      b.admin.cookie,
      {
        decision: 'maybe',
      },
    )
    expect(decision.status).toBe(422)
    expect((await between(a, b))[0].status).toBe('pending')
    expect([await connectionRows(), await auditRows()]).toEqual([rows + 1, audits + 1])
  })
})

describe('the API and personal data', () => {
  it('proposes, decides and ends through the API', async () => {
    const a = await organisation('gdansk')
    const b = await organisation('pecs')
    const proposed = await postJson(`/api/v1/organisations/${b.slug}/connections`, a.admin.cookie, {
      organisation: a.id,
      kind: 'supplier',
      note: 'We build their exhibition stands.',
    })
    expect(proposed.status).toBe(201)
    const { id } = (await proposed.json()) as { id: number }
    const decided = await postJson(
      `/api/v1/organisations/${b.slug}/connections/${id}/decision`,
      b.admin.cookie,
      {
        decision: 'confirm',
      },
    )
    expect(await decided.json()).toEqual({ id, status: 'confirmed' })
    expect(await listed(b, a)).toEqual([
      expect.objectContaining({ kind: 'supplier', organisation: expect.objectContaining({ slug: a.slug }) }),
    ])
    const ended = await postJson(`/api/v1/organisations/${a.slug}/connections/${id}/end`, a.admin.cookie, {})
    expect(await ended.json()).toEqual({ id, status: 'ended' })
    const refused = await postJson(`/api/v1/organisations/${a.slug}/connections/${id}/end`, undefined, {})
    expect(refused.status).toBe(401)
  })

  it('describes its routes in the OpenAPI document', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, object> }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/connections/graph',
        '/api/v1/organisations/{slug}/connections',
        '/api/v1/organisations/{slug}/connections/{id}/decision',
        '/api/v1/organisations/{slug}/connections/{id}/end',
      ]),
    )
    expect(Object.keys(doc.paths['/api/v1/organisations/{slug}/connections'])).toEqual(['get', 'post'])
  })

  it('lists in a person’s data the proposals they made and decided', async () => {
    const reader = personalDataSections.get('connections')!
    const made = (await reader(t.db, leipzig.admin.id)) as { you_proposed: boolean; kind: string }[]
    expect(made).toEqual([
      expect.objectContaining({ you_proposed: true, you_decided: false, kind: 'client' }),
    ])
    const decided = (await reader(t.db, pecs.admin.id)) as { you_proposed: boolean; you_decided: boolean }[]
    expect(decided.some((c) => c.you_decided && !c.you_proposed)).toBe(true)
    expect(decided.some((c) => c.you_proposed)).toBe(true)
  })

  it('builds the viewer from a session so a profile offers to manage and to propose', async () => {
    const viewer = await loadViewer(t.db, testConfig, new Headers({ cookie: pecs.admin.cookie }))
    expect(viewer.orgs.get(pecs.id)).toBe('admin')
    const own = await page(`/en/actors/${pecs.slug}`, pecs.admin.cookie)
    expect(own).toContain(`/en/organisations/${pecs.slug}/connections`)
    const other = await page(`/en/actors/${leipzig.slug}`, pecs.admin.cookie)
    expect(other).toContain(`/en/organisations/${leipzig.slug}/connections/new`)
  })
})

describe('demo connections', () => {
  it('links demo organisations of every city, across borders, of every kind, with proposals for the demo admins', async () => {
    const demo = await t.db
      .select({
        kind: connections.kind,
        status: connections.status,
        from: connections.fromActorId,
        to: connections.toActorId,
      })
      .from(connections)
      .where(isNull(connections.createdBy))
    const confirmed = demo.filter((c) => c.status === 'confirmed')
    expect(confirmed.length).toBeGreaterThan(300)
    expect(new Set(confirmed.map((c) => c.kind)).size).toBe(5)
    const counts = await connectionCounts(t.ctx())
    expect(counts.totals.crossBorder).toBeGreaterThan(counts.totals.local)
    expect(counts.cities.every((c) => c.local > 0 && c.crossBorder > 0)).toBe(true)

    // Each demo organisation admin (orgadmin.<city>@) finds proposals waiting for a decision.
    const demoAdmins = await t.db
      .select({ actorId: orgPeople.actorId })
      .from(orgPeople)
      .innerJoin(users, eq(users.id, orgPeople.userId))
      .where(and(eq(orgPeople.role, 'admin'), like(users.email, 'orgadmin.%@demo.creative-cities.example')))
    expect(demoAdmins).toHaveLength(5)
    const waiting = await t.db
      .select({ to: connections.toActorId })
      .from(connections)
      .where(
        and(
          eq(connections.status, 'pending'),
          inArray(
            connections.toActorId,
            demoAdmins.map((a) => Number(a.actorId)),
          ),
        ),
      )
    expect(new Set(waiting.map((w) => w.to)).size).toBe(5)
  })
})
