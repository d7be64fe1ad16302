import { count, eq, or } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { signedInPerson } from '../../../test/support/people'
import { loadViewer } from '../../core/auth'
import { limitAttempts } from '../accounts/service'
import { createActor } from '../actors/service'
import { auditLog } from '../audit/schema'
import { clusterManagers } from '../membership/schema'
import { conversationParties } from '../messages/schema'
import { createOpportunity } from '../opportunities/service'
import { postForm, staffOrganisation } from '../organisations/factories'
import { introductions, matchDismissals, matchSettings } from './schema'
import { introductionRequestLimit } from './service'

const t = useTestApp()

type Person = Awaited<ReturnType<typeof signedInPerson>>
interface Org {
  id: number
  slug: string
  name: string
  admin: Person
  member: Person
}

let made = 0
/** A new organisation with an admin and a member, offering and needing what it is told. */
async function organisation(
  city: string,
  offers: string[],
  needs: string[],
  locale: 'en' | 'de' | 'hu' = 'en',
) {
  made += 1
  const name = `Pages matching studio ${made} ${city}`
  const { id, slug } = await createActor(t.db, {
    kind: 'enterprise',
    name,
    clusterId: city,
    sectors: ['software-games'],
    offers,
    needs,
    languages: ['en'],
    sizeBand: 'small',
    description: { en: `A studio in ${city}.` },
    originalLanguage: 'en',
    visibility: {},
  })
  const admin = await signedInPerson(t, { locale })
  const member = await signedInPerson(t, { locale })
  await staffOrganisation(t, id, [
    { id: admin.id, role: 'admin' },
    { id: member.id, role: 'member' },
  ])
  return { id, slug, name, admin, member } satisfies Org
}

const get = (path: string, cookie?: string) =>
  t.request(path, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
const post = (path: string, cookie: string | undefined, body: Record<string, string>) =>
  postForm(t, path, body, cookie)

const introductionRows = async () => (await t.db.select({ n: count() }).from(introductions))[0].n
const auditRows = async () => (await t.db.select({ n: count() }).from(auditLog))[0].n
const between = (a: Org, b: Org) =>
  t.db
    .select()
    .from(introductions)
    .where(
      or(
        eq(introductions.fromActorId, a.id),
        eq(introductions.toActorId, a.id),
        eq(introductions.fromActorId, b.id),
        eq(introductions.toActorId, b.id),
      ),
    )

/** The error shown at a field of a page: the text of `#<id>-error`. */
function fieldError(html: string, id: string) {
  const match = new RegExp(`id="${id}-error"[^>]*>([^<]*)<`).exec(html)
  return match?.[1]
}

let seeker: Org
let provider: Org
let other: Org
let leipzigManager: Person
let pecsManager: Person
let admin: Person
let stranger: Person

beforeAll(async () => {
  // Leipzig needs 3D animation, sound design and game development; Pécs offers them and needs what Leipzig offers.
  seeker = await organisation(
    'leipzig',
    ['web-development', 'ux-design'],
    ['3d-animation', 'sound-design', 'game-development'],
    'de',
  )
  provider = await organisation(
    'pecs',
    ['3d-animation', 'sound-design', 'game-development'],
    ['web-development', 'ux-design'],
    'hu',
  )
  other = await organisation('genoa', ['3d-animation'], [])
  leipzigManager = await signedInPerson(t)
  pecsManager = await signedInPerson(t)
  admin = await signedInPerson(t, { networkAdmin: true })
  stranger = await signedInPerson(t)
  await t.db.insert(clusterManagers).values([
    { clusterId: 'leipzig', userId: leipzigManager.id },
    { clusterId: 'pecs', userId: pecsManager.id },
  ])
}, 60_000)

describe('the matches page', () => {
  it('shows the organisation’s people its partners with score and reasons, and the buttons to act', async () => {
    const res = await get(`/en/organisations/${seeker.slug}/matches`, seeker.member.cookie)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(provider.name)
    expect(html).toContain('a cross-border partner')
    expect(html).toContain('which you need')
    expect(html).toMatch(/Score \d/)
    expect(html).toContain('Introduce us')
    expect(html).toContain('Not interested')
    expect(html).toContain('id="introductions"')

    // In German, for the same people.
    const german = await (await get(`/de/organisations/${seeker.slug}/matches`, seeker.admin.cookie)).text()
    expect(german).toContain('grenzüberschreitender Partner')
    expect(german).toContain('Stellen Sie uns vor')
  })

  it('lets the city’s cluster manager and the network admin look without the buttons; refuses others', async () => {
    for (const person of [leipzigManager, admin]) {
      const res = await get(`/en/organisations/${seeker.slug}/matches`, person.cookie)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain(provider.name)
      expect(html).not.toContain('Introduce us')
      expect(html).not.toContain('Not interested')
    }
    for (const person of [pecsManager, stranger, provider.admin]) {
      expect((await get(`/en/organisations/${seeker.slug}/matches`, person.cookie)).status).toBe(403)
    }
    const visitor = await get(`/en/organisations/${seeker.slug}/matches`)
    expect([401, 302, 303]).toContain(visitor.status)
    expect(await visitor.text()).not.toContain(provider.name)
    expect((await get('/en/organisations/no-such-organisation/matches', seeker.admin.cookie)).status).toBe(
      404,
    )
  })

  it('shows "Recommended for you" on the account page and the own profile, to the organisation’s people only', async () => {
    const poster = await loadViewer(t.db, testConfig, new Headers({ cookie: provider.admin.cookie }))
    await createOpportunity(t.ctx('hu', poster), {
      organisation: provider.id,
      status: 'published',
      type: 'collaboration_request',
      original_language: 'en',
      title: { en: 'A web shop for our game studio' },
      description: { en: 'We are looking for web development and UX design for the shop of our next game.' },
      sectors: ['software-games'],
      offers: [],
      needs: [],
      reach: 'network',
      details: {},
    })
    const me = await (await get('/en/me', seeker.member.cookie)).text()
    expect(me).toContain(`Recommended for ${seeker.name}`)
    expect(me).toContain(`/en/organisations/${seeker.slug}/matches`)
    const profile = await (await get(`/en/actors/${seeker.slug}`, seeker.member.cookie)).text()
    expect(profile).toContain('Recommended for you')
    expect(profile).toContain(provider.name)
    expect(profile).toContain('A web shop for our game studio')
    for (const cookie of [undefined, stranger.cookie, leipzigManager.cookie]) {
      const seen = await (await get(`/en/actors/${seeker.slug}`, cookie)).text()
      expect(seen).not.toContain('Recommended for you')
    }
    expect(await (await get('/en/me', stranger.cookie)).text()).not.toContain('Recommended for')
  })
})

describe('asking for an introduction and answering it', () => {
  it('refuses a short note with 422 at the field, writes nothing, and keeps what was typed', async () => {
    const before = [await introductionRows(), await auditRows()]
    const res = await post(`/de/organisations/${seeker.slug}/matches/introductions`, seeker.member.cookie, {
      partner: provider.slug,
      note: 'Hallo',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(fieldError(html, `field-${provider.slug}-note`)).toBeTruthy()
    expect(html).toContain('>Hallo</textarea>')
    expect(html).toMatch(/<details class="match-note" open/)
    expect([await introductionRows(), await auditRows()]).toEqual(before)

    const missing = await post(
      `/en/organisations/${seeker.slug}/matches/introductions`,
      seeker.member.cookie,
      {
        note: 'We would like to meet you.',
      },
    )
    expect(missing.status).toBe(422)
    expect(await introductionRows()).toBe(before[0])
  })

  it('says on the page when an organisation has asked too often today, keeping the note', async () => {
    const busy = await organisation('genoa', ['ux-design'], ['3d-animation'])
    for (let i = 0; i < introductionRequestLimit.max; i++)
      await limitAttempts(t.db, `introduce:organisation:${busy.id}`, introductionRequestLimit)
    const before = [await introductionRows(), await auditRows()]
    const res = await post(`/en/organisations/${busy.slug}/matches/introductions`, busy.member.cookie, {
      partner: provider.slug,
      note: 'We would like to meet you in Genoa.',
    })
    expect(res.status).toBe(429)
    const html = await res.text()
    expect(html).toMatch(/Too many attempts\. Try again in 2[34] hours\./)
    expect(html).toContain('>We would like to meet you in Genoa.</textarea>')
    expect([await introductionRows(), await auditRows()]).toEqual(before)
  })

  it('refuses those who are not the organisation’s people, and requests from another site', async () => {
    const before = await introductionRows()
    const body = { partner: provider.slug, note: 'We would like to meet you in Leipzig.' }
    const path = `/en/organisations/${seeker.slug}/matches/introductions`
    expect((await post(path, leipzigManager.cookie, body)).status).toBe(403)
    expect((await post(path, admin.cookie, body)).status).toBe(403)
    expect((await post(path, provider.admin.cookie, body)).status).toBe(403)
    expect([401, 302, 303]).toContain((await post(path, undefined, body)).status)
    const crossSite = await t.request(path, {
      method: 'POST',
      headers: {
        origin: 'https://elsewhere.example',
        cookie: seeker.member.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(body).toString(),
      redirect: 'manual',
    })
    expect(crossSite.status).toBe(403)
    expect(await introductionRows()).toBe(before)
  })

  it('asks, the other side accepts in Hungarian, a conversation opens and both see it', async () => {
    const asked = await post(`/de/organisations/${seeker.slug}/matches/introductions`, seeker.member.cookie, {
      partner: provider.slug,
      note: 'Wir suchen ein Studio für 3D-Animation und Sounddesign.',
    })
    expect(asked.status).toBe(303)
    expect(asked.headers.get('location')).toBe(
      `/de/organisations/${seeker.slug}/matches?notice=requested#introductions`,
    )
    const [row] = await between(seeker, provider)
    expect(row).toMatchObject({ fromActorId: seeker.id, toActorId: provider.id, status: 'pending' })

    // Asked again while open: a 409 at the form, nothing more written.
    const again = await post(`/en/organisations/${seeker.slug}/matches/introductions`, seeker.admin.cookie, {
      partner: provider.slug,
      note: 'Another note for the same pair.',
    })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('already open')
    expect(await between(seeker, provider)).toHaveLength(1)

    const asker = await (
      await get(`/en/organisations/${seeker.slug}/matches?notice=requested`, seeker.member.cookie)
    ).text()
    expect(asker).toContain('Your request is sent')
    expect(asker).toContain(`Waiting for ${provider.name} to answer`)
    expect(asker).not.toContain(`/matches/introductions/${row.id}/answer`)

    const answering = await (
      await get(`/hu/organisations/${provider.slug}/matches`, provider.member.cookie)
    ).text()
    expect(answering).toContain('Wir suchen ein Studio')
    expect(answering).toContain('Elfogadás')
    expect(answering).toContain(`/hu/organisations/${provider.slug}/matches/introductions/${row.id}/answer`)

    const answerPath = `/hu/organisations/${provider.slug}/matches/introductions/${row.id}/answer`
    const bad = await post(answerPath, provider.member.cookie, { answer: 'maybe' })
    expect(bad.status).toBe(422)
    expect((await between(seeker, provider))[0].status).toBe('pending')
    // Only the organisation answered: the other side cannot answer for it.
    expect(
      (await post(answerPath.replace(provider.slug, seeker.slug), seeker.member.cookie, { answer: 'accept' }))
        .status,
    ).toBe(409)
    expect((await post(answerPath, seeker.member.cookie, { answer: 'accept' })).status).toBe(403)
    expect((await post(answerPath, pecsManager.cookie, { answer: 'accept' })).status).toBe(403)

    const accepted = await post(answerPath, provider.member.cookie, { answer: 'accept' })
    expect(accepted.status).toBe(303)
    expect(accepted.headers.get('location')).toBe(
      `/hu/organisations/${provider.slug}/matches?notice=opened#introduction-${row.id}`,
    )
    const [done] = await between(seeker, provider)
    expect(done.status).toBe('accepted')
    expect(done.conversationId).toBeTruthy()
    const parties = await t.db
      .select()
      .from(conversationParties)
      .where(eq(conversationParties.conversationId, done.conversationId!))
    expect(parties.map((p) => Number(p.actorId)).sort()).toEqual([seeker.id, provider.id].sort())

    for (const [org, lang] of [
      [seeker, 'de'],
      [provider, 'hu'],
    ] as const) {
      const html = await (await get(`/${lang}/organisations/${org.slug}/matches`, org.member.cookie)).text()
      expect(html).toContain(`/${lang}/messages/${done.conversationId}`)
    }
    expect((await get(`/en/messages/${done.conversationId}`, seeker.member.cookie)).status).toBe(200)

    // Answered twice: said at the introduction, with 409.
    const twice = await post(answerPath, provider.admin.cookie, { answer: 'decline' })
    expect(twice.status).toBe(409)
    expect(await twice.text()).toContain('field__error')
  })
})

describe('"Not interested"', () => {
  it('refuses a bad target with 422 and a refused person with 403, writing nothing; sets a partner aside', async () => {
    const path = `/en/organisations/${other.slug}/matches/dismissals`
    const dismissals = async () => (await t.db.select({ n: count() }).from(matchDismissals))[0].n
    const before = await dismissals()
    expect((await post(path, other.admin.cookie, { target: 'actor', id: 'abc' })).status).toBe(422)
    expect((await post(path, other.admin.cookie, { target: 'planet', id: String(seeker.id) })).status).toBe(
      422,
    )
    expect((await post(path, seeker.admin.cookie, { target: 'actor', id: String(seeker.id) })).status).toBe(
      403,
    )
    expect((await post(path, admin.cookie, { target: 'actor', id: String(seeker.id) })).status).toBe(403)
    expect(await dismissals()).toBe(before)

    const page = await (await get(`/en/organisations/${other.slug}/matches`, other.admin.cookie)).text()
    const first = /name="target" value="actor"\/><input type="hidden" name="id" value="(\d+)"/.exec(page)
    expect(first).not.toBeNull()
    const res = await post(path, other.member.cookie, { target: 'actor', id: first![1] })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(
      `/en/organisations/${other.slug}/matches?notice=dismissed#partners`,
    )
    expect(await dismissals()).toBe(before + 1)
    const after = await (await get(`/en/organisations/${other.slug}/matches`, other.admin.cookie)).text()
    expect(after).not.toContain(`name="id" value="${first![1]}"`)
  })
})

describe('suggested introductions for cluster managers', () => {
  it('lists pairs for the city’s managers, linked from the city page and the account page; refuses others', async () => {
    const res = await get('/en/clusters/leipzig/introductions', leipzigManager.cookie)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Suggested introductions')
    expect(html).toContain('Introduce them')
    for (const person of [pecsManager, seeker.admin, stranger])
      expect((await get('/en/clusters/leipzig/introductions', person.cookie)).status).toBe(403)
    expect((await get('/en/clusters/leipzig/introductions', admin.cookie)).status).toBe(200)
    expect(await (await get('/en/clusters/leipzig', leipzigManager.cookie)).text()).toContain(
      '/en/clusters/leipzig/introductions',
    )
    expect(await (await get('/en/clusters/leipzig', seeker.admin.cookie)).text()).not.toContain(
      '/en/clusters/leipzig/introductions',
    )
    expect(await (await get('/en/me', leipzigManager.cookie)).text()).toContain(
      '/en/clusters/leipzig/introductions',
    )
  })

  it('introduces two organisations: a bad note is a 422 at the field, a refused person writes nothing', async () => {
    const a = await organisation('leipzig', ['illustration'], ['printmaking'])
    const b = await organisation('genoa', ['printmaking'], ['illustration'])
    const path = '/en/clusters/leipzig/introductions'
    const before = [await introductionRows(), await auditRows()]
    // A suggested pair: the error at its note; a pair not among the suggestions: the error above the list.
    const list = await (await get(path, leipzigManager.cookie)).text()
    const [, from, to] =
      /name="from" value="([a-z0-9-]+)"\/><input type="hidden" name="to" value="([a-z0-9-]+)"/.exec(list)!
    const short = await post(path, leipzigManager.cookie, { from, to, note: 'Meet!' })
    expect(short.status).toBe(422)
    const shortPage = await short.text()
    expect(fieldError(shortPage, `field-${from}--${to}-note`)).toBeTruthy()
    expect(shortPage).toContain('>Meet!</textarea>')
    const unlisted = await post(path, leipzigManager.cookie, { from: a.slug, to: b.slug, note: 'Meet!' })
    expect(unlisted.status).toBe(422)
    expect(await unlisted.text()).toContain('class="form-message" role="alert"')
    const body = { from: a.slug, to: b.slug, note: 'You print what they draw: meet at the fair.' }
    expect((await post(path, pecsManager.cookie, body)).status).toBe(403)
    expect((await post(path, seeker.admin.cookie, body)).status).toBe(403)
    expect((await post('/en/clusters/pecs/introductions', leipzigManager.cookie, body)).status).toBe(403)
    expect([await introductionRows(), await auditRows()]).toEqual(before)

    const made = await post(path, leipzigManager.cookie, body)
    expect(made.status).toBe(303)
    expect(made.headers.get('location')).toBe('/en/clusters/leipzig/introductions?notice=introduced')
    const [row] = await between(a, b)
    expect(row).toMatchObject({ byClusterId: 'leipzig', fromAnswer: 'pending', toAnswer: 'pending' })
    const seen = await (await get(`/en/organisations/${b.slug}/matches`, b.admin.cookie)).text()
    expect(seen).toContain('introduced by the Leipzig cluster')
    expect(seen).toContain(`/matches/introductions/${row.id}/answer`)
  })
})

describe('the ranking settings', () => {
  it('only the network admin reads and saves the cross-border weight; a bad value is a 422 at the field', async () => {
    for (const person of [leipzigManager, seeker.admin])
      expect((await get('/en/admin/matching', person.cookie)).status).toBe(403)
    const page = await get('/en/admin/matching', admin.cookie)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Weight of a partner across a border')
    expect(await (await get('/en/me', admin.cookie)).text()).toContain('/en/admin/matching')

    const stored = async () => (await t.db.select().from(matchSettings))[0]?.crossBorderWeight
    const before = await stored()
    for (const value of ['7', '1.25', '', 'much']) {
      const res = await post('/de/admin/matching', admin.cookie, { cross_border_weight: value })
      expect(res.status, value).toBe(422)
      expect(fieldError(await res.text(), 'field-cross_border_weight'), value).toBeTruthy()
    }
    expect(
      (await post('/en/admin/matching', leipzigManager.cookie, { cross_border_weight: '2' })).status,
    ).toBe(403)
    expect(await stored()).toBe(before)

    const saved = await post('/en/admin/matching', admin.cookie, { cross_border_weight: '2.5' })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe('/en/admin/matching?notice=saved')
    expect(await stored()).toBe(2.5)
    const shown = await (await get('/en/admin/matching', admin.cookie)).text()
    expect(shown).toMatch(/<option value="2.5" selected/)
    await post('/en/admin/matching', admin.cookie, { cross_border_weight: '1' })
  })
})
