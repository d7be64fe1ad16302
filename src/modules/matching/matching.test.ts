import { and, count, eq, ne } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson } from '../../../test/support/people'
import { loadViewer } from '../../core/auth'
import { actors } from '../actors/schema'
import { actorsByIds, createActor, updateActor } from '../actors/service'
import { conversationParties } from '../messages/schema'
import { notifications } from '../notifications/schema'
import { createOpportunity } from '../opportunities/service'
import { callApi, staffOrganisation } from '../organisations/factories'
import { organisationsWithPeople } from '../organisations/service'
import { capabilitiesInText, getTaxonomy } from '../taxonomy/service'
import { introductions, matchProfiles } from './schema'
import {
  announceNewMatches,
  explainPartner,
  introductionRequestLimit,
  partnerWeights,
  recommendPartners,
  saveMatchingSettings,
  scoreOf,
} from './service'

const t = useTestApp()

type Person = Awaited<ReturnType<typeof signedInPerson>>
interface Org {
  id: number
  slug: string
  admin: Person
}

let made = 0
/** A new organisation with an admin, its profile as given (the rest plain). */
async function organisation(fields: {
  city: string
  lang: string
  description: string
  offers?: string[]
  needs?: string[]
  sectors?: string[]
  languages?: string[]
  needsVisibility?: 'public' | 'members' | 'private'
}): Promise<Org> {
  made += 1
  const { id, slug } = await createActor(t.db, {
    kind: 'enterprise',
    name: `Matching test studio ${made} ${fields.city}`,
    clusterId: fields.city,
    sectors: fields.sectors ?? ['crafts'],
    offers: fields.offers ?? [],
    needs: fields.needs ?? [],
    languages: fields.languages ?? [fields.lang],
    sizeBand: 'micro',
    description: { [fields.lang]: fields.description },
    originalLanguage: fields.lang,
    visibility: fields.needsVisibility ? { needs: fields.needsVisibility } : {},
  })
  const admin = await signedInPerson(t)
  await staffOrganisation(t, id, [{ id: admin.id, role: 'admin' }])
  return { id, slug, admin }
}

interface ApiMatch {
  score: number
  reasons: { code: string; points: number; text: string; values: Record<string, string | string[]> }[]
  actor?: { slug: string }
  opportunity?: { slug: string }
}

async function matches(org: Org, query = 'kind=partners&limit=10', cookie = org.admin.cookie) {
  const res = await callApi(t, 'GET', `/api/v1/actors/${org.slug}/matches?${query}`, undefined, cookie)
  expect(res.status).toBe(200)
  return ((await res.json()) as { items: ApiMatch[] }).items
}

describe('reading capabilities from free text', () => {
  it('finds the same capability in every language, inflected, and tells needs from offers', async () => {
    const taxonomy = await getTaxonomy(t.ctx())
    expect(capabilitiesInText(taxonomy, 'Szukamy partnera: animacja 3D do gry.')).toEqual({
      named: ['3d-animation'],
      needed: ['3d-animation'],
    })
    expect(capabilitiesInText(taxonomy, 'Wir bieten 3D-Animationen an.')).toEqual({
      named: ['3d-animation'],
      needed: [],
    })
    const slovenian = capabilitiesInText(
      taxonomy,
      'Kaj ponujamo: oblikovanje zvoka. Kaj iščemo: 3D animacijo.',
    )
    expect(slovenian.named.sort()).toEqual(['3d-animation', 'sound-design'])
    // The longest phrase wins: "3D animacijo" is not also the 2D "animacije".
    expect(slovenian.needed).toEqual(['3d-animation'])
  })

  it('does not read "partner" as a need for networking, nor a prefix of another word as a capability', async () => {
    const taxonomy = await getTaxonomy(t.ctx())
    expect(capabilitiesInText(taxonomy, 'Wir suchen Partner in Leipzig.').named).toEqual([])
    expect(capabilitiesInText(taxonomy, 'We draw animals for children.').named).toEqual([])
  })
})

describe('explaining a partner', () => {
  const none = {
    cluster_id: 'genoa',
    offers_needed: [] as string[],
    needs_offered: [] as string[],
    shared_sectors: [] as string[],
    shared_languages: [] as string[],
    size_near: false,
    active: false,
    partner_of_partner: false,
    cross_border: false,
    like_dismissed: 0,
  }
  const weights = { ...partnerWeights, crossBorder: 1 }
  const explain = (signals: Partial<typeof none>, via?: string) =>
    explainPartner({ ...none, ...signals }, { weights, textOffers: ['sound-design'], via })

  it('gives each signal its reason and points, and the score is their sum', () => {
    expect(explain({ offers_needed: ['3d-animation', 'sound-design'] })).toEqual([
      {
        code: 'offers_needed',
        points: 6,
        values: { capabilities: ['3d-animation', 'sound-design'], from_text: ['sound-design'] },
      },
    ])
    expect(explain({ offers_needed: ['a', 'b', 'c', 'd'] })[0].points).toBe(9)
    expect(explain({ needs_offered: ['venue'] })).toEqual([
      { code: 'needs_offered', points: 2, values: { capabilities: ['venue'] } },
    ])
    expect(explain({ cross_border: true })).toEqual([
      { code: 'cross_border', points: 1, values: { city: 'genoa' } },
    ])
    expect(explain({ shared_languages: ['de'] })[0]).toMatchObject({ code: 'shared_language', points: 0.5 })
    expect(explain({ shared_sectors: ['design'] })[0]).toMatchObject({ code: 'shared_sector', points: 0.5 })
    expect(explain({ size_near: true })[0]).toMatchObject({ code: 'similar_size', points: 0.3 })
    expect(explain({ active: true })[0]).toMatchObject({ code: 'active', points: 0.5 })
    expect(explain({ partner_of_partner: true }, 'Kino Ost')[0]).toEqual({
      code: 'partner_of_partner',
      points: 1,
      values: { partner: 'Kino Ost' },
    })
    expect(explain({ like_dismissed: 2 })[0]).toMatchObject({ code: 'like_dismissed', points: -0.8 })
    expect(explain({ like_dismissed: 9 })[0].points).toBe(-1.5)
    const all = explain({ offers_needed: ['x'], cross_border: true, active: true, like_dismissed: 1 })
    expect(scoreOf(all)).toBe(3 + 1 + 0.5 - 0.4)
  })

  it('gives no cross-border reason when the network admin set its weight to 0', () => {
    expect(
      explainPartner(
        { ...none, cross_border: true },
        { weights: { ...weights, crossBorder: 0 }, textOffers: [] },
      ),
    ).toEqual([])
  })
})

describe('recommended partners', () => {
  it('matches a Polish text asking for 3D animation with a Slovenian text offering it, across the border', async () => {
    const seeker = await organisation({
      city: 'gdansk',
      lang: 'pl',
      description: 'Studio gier z Gdańska. Szukamy partnera: animacja 3D oraz projektowanie dźwięku.',
      languages: ['pl', 'en'],
    })
    const provider = await organisation({
      city: 'ljubljana',
      lang: 'sl',
      description: 'Ponujamo 3D animacijo in oblikovanje zvoka za igre.',
      languages: ['sl', 'en'],
    })
    const found = await matches(seeker)
    const match = found.find((m) => m.actor?.slug === provider.slug)
    expect(match, 'the Ljubljana provider is among the top 10').toBeDefined()
    const codes = match!.reasons.map((r) => r.code)
    expect(codes).toEqual(expect.arrayContaining(['offers_needed', 'cross_border', 'shared_language']))
    const offered = match!.reasons.find((r) => r.code === 'offers_needed')!
    expect([offered.values.capabilities].flat().sort()).toEqual(['3d-animation', 'sound-design'])
    expect(offered.text).toContain('3D')
    expect(match!.score).toBe(Math.round(match!.reasons.reduce((s, r) => s + r.points, 0) * 100) / 100)
    // Every match has reasons, and the list is best first.
    for (const m of found) expect(m.reasons.length).toBeGreaterThan(0)
    expect(found.map((m) => m.score)).toEqual([...found.map((m) => m.score)].sort((a, b) => b - a))

    // The reasons come in the reader's language.
    const german = await matches(seeker, 'kind=partners&limit=10&lang=de')
    const inGerman = german.find((m) => m.actor?.slug === provider.slug)!
    expect(inGerman.reasons.find((r) => r.code === 'cross_border')!.text).toContain('grenzüberschreitend')
  })

  it('recomputes only the changed profile when a description changes', async () => {
    const org = await organisation({ city: 'pecs', lang: 'hu', description: 'Kerámia műhely Pécsett.' })
    const before = await t.db.select().from(matchProfiles).where(eq(matchProfiles.actorId, org.id))
    expect(before[0].needs).toEqual([])
    const [{ n: others }] = await t.db.select({ n: count() }).from(matchProfiles)
    const [{ id: _id, slug: _slug, createdAt, updatedAt, nameNorm, addressVisibility, search, ...actor }] =
      await t.db.select().from(actors).where(eq(actors.id, org.id))
    await updateActor(t.db, org.id, {
      ...actor,
      description: { hu: 'Kerámia műhely. Partnereket keresünk a következő területeken: hangdizájn.' },
    })
    const [after] = await t.db.select().from(matchProfiles).where(eq(matchProfiles.actorId, org.id))
    expect(after.needs).toEqual(['sound-design'])
    expect(after.textNeeds).toEqual(['sound-design'])
    expect((await t.db.select({ n: count() }).from(matchProfiles))[0].n).toBe(others)
  })

  it('does not match on needs the other side keeps private', async () => {
    const offering = await organisation({
      city: 'genoa',
      lang: 'it',
      description: 'Studio di produzione.',
      offers: ['woodworking', 'ceramics'],
    })
    const secretive = await organisation({
      city: 'leipzig',
      lang: 'de',
      description: 'Werkstatt.',
      needs: ['woodworking', 'ceramics'],
      needsVisibility: 'private',
    })
    expect(
      (await matches(offering, 'kind=partners&limit=50')).some((m) => m.actor?.slug === secretive.slug),
    ).toBe(false)
  })

  it('"not interested" removes a partner for good and ranks its like lower', async () => {
    const seeker = await organisation({
      city: 'leipzig',
      lang: 'de',
      description: 'Ein Verlag.',
      sectors: ['publishing'],
      needs: ['sound-design', 'translation'],
    })
    const provider = () =>
      organisation({
        city: 'genoa',
        lang: 'it',
        description: 'Studio musicale.',
        sectors: ['music'],
        offers: ['sound-design', 'translation'],
      })
    const [dismissed, alike] = [await provider(), await provider()]
    const listed = async () => await matches(seeker, 'kind=partners&limit=50')
    const before = await listed()
    expect(before.some((m) => m.actor?.slug === dismissed.slug)).toBe(true)
    const alikeBefore = before.find((m) => m.actor?.slug === alike.slug)!
    const res = await callApi(
      t,
      'POST',
      `/api/v1/actors/${seeker.slug}/matches/dismissals`,
      { target: 'actor', id: dismissed.id },
      seeker.admin.cookie,
    )
    expect(res.status).toBe(204)
    const after = await listed()
    expect(after.some((m) => m.actor?.slug === dismissed.slug)).toBe(false)
    const alikeAfter = after.find((m) => m.actor?.slug === alike.slug)!
    expect(alikeAfter.reasons.find((r) => r.code === 'like_dismissed')?.points).toBe(-0.4)
    expect(alikeAfter.score).toBe(Math.round((alikeBefore.score - 0.4) * 100) / 100)
  })

  it('lets the network admin tune the preference for other countries', async () => {
    const seeker = await organisation({
      city: 'genoa',
      lang: 'it',
      description: 'Cerchiamo traduzione e sound design.',
    })
    const admin = await signedInPerson(t, { networkAdmin: true })
    const viewer = await loadViewer(t.db, testConfig, new Headers({ cookie: admin.cookie }))
    await saveMatchingSettings(t.ctx('en', viewer), { cross_border_weight: 3 })
    const strong = await matches(seeker)
    const crossing = strong.flatMap((m) => m.reasons.filter((r) => r.code === 'cross_border'))
    expect(crossing.length).toBeGreaterThan(0)
    for (const r of crossing) expect(r.points).toBe(3)
    await saveMatchingSettings(t.ctx('en', viewer), { cross_border_weight: 0 })
    const flat = await matches(seeker)
    expect(flat.flatMap((m) => m.reasons).some((r) => r.code === 'cross_border')).toBe(false)
    await saveMatchingSettings(t.ctx('en', viewer), { cross_border_weight: 1 })
  })
})

describe('recommended opportunities', () => {
  it('finds a Polish request for 3D animation for a German studio offering 3D-Animation', async () => {
    const poster = await organisation({ city: 'gdansk', lang: 'pl', description: 'Wydawnictwo z Gdańska.' })
    const studio = await organisation({
      city: 'leipzig',
      lang: 'de',
      description: 'Wir bieten 3D-Animationen für Museen.',
    })
    const viewer = await loadViewer(t.db, testConfig, new Headers({ cookie: poster.admin.cookie }))
    const opportunity = await createOpportunity(t.ctx('pl', viewer), {
      organisation: poster.id,
      status: 'published',
      type: 'collaboration_request',
      original_language: 'pl',
      title: { pl: 'Szukamy studia: animacja 3D do wystawy' },
      description: { pl: 'Potrzebujemy animacji 3D do interaktywnej wystawy w muzeum w Gdańsku.' },
      sectors: ['publishing'],
      offers: [],
      needs: [],
      reach: 'network',
      details: {},
    })
    const found = await matches(studio, 'kind=opportunities&limit=50')
    const match = found.find((m) => m.opportunity?.slug === opportunity.slug)
    expect(match).toBeDefined()
    expect(match!.reasons.find((r) => r.code === 'needs_offered')!.values.capabilities).toEqual([
      '3d-animation',
    ])
    expect(match!.reasons.map((r) => r.code)).toContain('cross_border')

    // "Not interested" sets it aside; an opportunity that does not exist is not found, and nothing is written.
    const dismiss = (id: number) =>
      callApi(
        t,
        'POST',
        `/api/v1/actors/${studio.slug}/matches/dismissals`,
        { target: 'opportunity', id },
        studio.admin.cookie,
      )
    expect((await dismiss(999_999_999)).status).toBe(404)
    expect((await dismiss(opportunity.id)).status).toBe(204)
    const after = await matches(studio, 'kind=opportunities&limit=50')
    expect(after.some((m) => m.opportunity?.slug === opportunity.slug)).toBe(false)
  })
})

describe('introductions', () => {
  it('opens a conversation when the other side accepts, once', async () => {
    const asking = await organisation({ city: 'leipzig', lang: 'de', description: 'Wir suchen Sounddesign.' })
    const asked = await organisation({
      city: 'ljubljana',
      lang: 'sl',
      description: 'Ponujamo oblikovanje zvoka.',
    })
    const note = 'We would like to work with you on a game soundtrack.'
    const res = await callApi(
      t,
      'POST',
      `/api/v1/actors/${asking.slug}/introductions`,
      { partner: asked.slug, note },
      asking.admin.cookie,
    )
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: number }
    const again = await callApi(
      t,
      'POST',
      `/api/v1/actors/${asking.slug}/introductions`,
      { partner: asked.slug, note },
      asking.admin.cookie,
    )
    expect(again.status).toBe(409)
    const told = await t.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, asked.admin.id),
          eq(notifications.kind, 'matching.introduction_requested'),
        ),
      )
    expect(told).toHaveLength(1)
    // Asked once, not recommended again meanwhile.
    expect((await matches(asking, 'kind=partners&limit=50')).some((m) => m.actor?.slug === asked.slug)).toBe(
      false,
    )

    const answer = (org: Org, body: unknown) =>
      callApi(t, 'POST', `/api/v1/actors/${org.slug}/introductions/${id}/answer`, body, org.admin.cookie)
    expect((await answer(asking, { answer: 'accept' })).status).toBe(409)
    const accepted = await answer(asked, { answer: 'accept' })
    expect(accepted.status).toBe(200)
    const { conversation, status } = (await accepted.json()) as { conversation: number; status: string }
    expect(status).toBe('accepted')
    const parties = await t.db
      .select({ actorId: conversationParties.actorId })
      .from(conversationParties)
      .where(eq(conversationParties.conversationId, conversation))
    expect(parties.map((p) => Number(p.actorId)).sort((a, b) => a - b)).toEqual(
      [asking.id, asked.id].sort((a, b) => a - b),
    )
    expect((await answer(asked, { answer: 'decline' })).status).toBe(409)
    const [row] = await t.db.select().from(introductions).where(eq(introductions.id, id))
    expect(row.conversationId).toBe(conversation)
  })

  it('lets an organisation ask a limited number of times a day, then says when to try again', async () => {
    const asking = await organisation({ city: 'genoa', lang: 'it', description: 'Cerchiamo sound design.' })
    const partners = await t.db
      .select({ slug: actors.slug })
      .from(actors)
      .where(ne(actors.id, asking.id))
      .limit(introductionRequestLimit.max + 1)
    const ask = (partner: string) =>
      callApi(
        t,
        'POST',
        `/api/v1/actors/${asking.slug}/introductions`,
        { partner, note: 'We would like to meet you about sound design.' },
        asking.admin.cookie,
      )
    for (const { slug } of partners.slice(0, -1)) expect((await ask(slug)).status).toBe(201)
    const refused = await ask(partners.at(-1)!.slug)
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as any).error.message).toMatch(/Try again in 2[34] hours/)
    const asked = await t.db
      .select({ n: count() })
      .from(introductions)
      .where(eq(introductions.fromActorId, asking.id))
    expect(asked[0].n).toBe(introductionRequestLimit.max)
  })

  it('refuses bad input and strangers, and writes nothing', async () => {
    const org = await organisation({ city: 'pecs', lang: 'hu', description: 'Kerámia.' })
    const stranger = await signedInPerson(t)
    const [{ n: before }] = await t.db.select({ n: count() }).from(introductions)
    const post = (body: unknown, cookie?: string) =>
      callApi(t, 'POST', `/api/v1/actors/${org.slug}/introductions`, body, cookie)
    expect(
      (await post({ partner: org.slug, note: 'Please introduce us to ourselves.' }, org.admin.cookie)).status,
    ).toBe(422)
    expect(
      (await post({ partner: 'no-such-organisation', note: 'A long enough note here.' }, org.admin.cookie))
        .status,
    ).toBe(404)
    expect((await post({ partner: org.slug, note: 'short' }, org.admin.cookie)).status).toBe(400)
    expect((await post({ partner: 'x', note: 'A long enough note here.' })).status).toBe(401)
    expect((await post({ partner: 'x', note: 'A long enough note here.' }, stranger.cookie)).status).toBe(403)
    expect((await t.db.select({ n: count() }).from(introductions))[0].n).toBe(before)

    const get = (query: string, cookie?: string) =>
      callApi(t, 'GET', `/api/v1/actors/${org.slug}/matches?${query}`, undefined, cookie)
    expect((await get('kind=partners', undefined)).status).toBe(401)
    expect((await get('kind=partners', stranger.cookie)).status).toBe(403)
    for (const query of ['kind=friends', 'limit=0', 'limit=51', 'limit=abc', 'colour=blue'])
      expect((await get(query, org.admin.cookie)).status, query).toBe(400)
    expect(
      (await callApi(t, 'GET', '/api/v1/actors/nobody-here/matches', undefined, org.admin.cookie)).status,
    ).toBe(404)
    const dismiss = (body: unknown) =>
      callApi(t, 'POST', `/api/v1/actors/${org.slug}/matches/dismissals`, body, org.admin.cookie)
    expect((await dismiss({ target: 'actor', id: -1 })).status).toBe(400)
    expect((await dismiss({ target: 'planet', id: 1 })).status).toBe(400)
    expect((await dismiss({ target: 'actor', id: 999_999_999 })).status).toBe(404)
  })
})

describe('the weekly digest of new matches', () => {
  it('tells an organisation’s people of new recommendations once', async () => {
    const org = await organisation({
      city: 'genoa',
      lang: 'it',
      description: 'Cerchiamo partner per sound design e traduzione.',
    })
    const ofKind = async () =>
      (
        await t.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, org.admin.id), eq(notifications.kind, 'matching.new_matches')))
      ).length
    await announceNewMatches(t.db)
    expect(await ofKind()).toBe(1)
    const [told] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, org.admin.id), eq(notifications.kind, 'matching.new_matches')))
    const partners = await recommendPartners(
      { ...t.ctx(), viewer: { ...t.ctx().viewer, networkMember: true } },
      { id: org.id, slug: org.slug, name: '', kind: 'enterprise', clusterId: 'genoa' },
      5,
    )
    // The digest names what is new: the recommended partners (and opportunities) by name.
    for (const p of partners) expect(String(told.values.names)).toContain(p.actor.name)
    await announceNewMatches(t.db)
    expect(await ofKind()).toBe(1)
  })
})

describe('the demo network', () => {
  it('gives every demo organisation with people sensible recommendations, cross-border ones among them', async () => {
    const ctx = { ...t.ctx(), viewer: { ...t.ctx().viewer, networkMember: true } }
    const ids = await organisationsWithPeople(t.db)
    expect(ids.length).toBeGreaterThanOrEqual(10)
    for (const actor of await actorsByIds(t.db, ids)) {
      const top = await recommendPartners(ctx, { ...actor, id: Number(actor.id) }, 10)
      expect(top.length, actor.slug).toBeGreaterThanOrEqual(5)
      expect(
        top.some((m) => m.reasons.some((r) => r.code === 'cross_border')),
        `${actor.slug} has a cross-border recommendation`,
      ).toBe(true)
      expect(
        top.every((m) => m.reasons.some((r) => r.code === 'offers_needed' || r.code === 'needs_offered')),
      ).toBe(true)
      // The strong tier, when it answers alone, gives exactly the full ranking.
      const full = await recommendPartners(ctx, { ...actor, id: Number(actor.id) }, 10, { fullRanking: true })
      expect(top.map((m) => [m.actor.slug, m.score])).toEqual(full.map((m) => [m.actor.slug, m.score]))
    }
  })
})
