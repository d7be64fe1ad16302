import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { signedInPerson } from '../../../test/support/people'
import { anonymousViewer, type Viewer } from '../../core/auth'
import { clusterManagers } from '../membership/schema'
import { staffOrganisation, unclaimedActor } from '../organisations/factories'
import { actors } from './schema'
import { visibilityScope, visibleLevels } from './service'

const t = useTestApp()

const secret = {
  email: 'studio@hidden.example',
  website: 'https://open.example',
  address: 'Széchenyi tér 99',
  lat: 46.07,
  lon: 18.23,
  employees: 77,
  foundedYear: 1999,
  needs: ['copywriting'],
}

const kinds = [
  'visitor',
  'signed-in person',
  'network member',
  'its member',
  'its city’s cluster manager',
  'another city’s cluster manager',
  'network admin',
] as const
type Kind = (typeof kinds)[number]

// What each kind of viewer sees of a profile whose email and needs are for members, address and staff private.
const sees: Record<Kind, 'public' | 'members' | 'private'> = {
  visitor: 'public',
  'signed-in person': 'public',
  'network member': 'members',
  'its member': 'private',
  'its city’s cluster manager': 'private',
  'another city’s cluster manager': 'public',
  'network admin': 'private',
}

let actor: { id: number; slug: string; name: string }
const cookies = new Map<Kind, string | undefined>()

beforeAll(async () => {
  actor = await unclaimedActor(t, 'pecs')
  await t.db
    .update(actors)
    .set({
      ...secret,
      visibility: {
        email: 'members',
        needs: 'members',
        foundedYear: 'members',
        address: 'private',
        employees: 'private',
      },
    })
    .where(eq(actors.id, actor.id))
  const [person, member, own, manager, otherManager, admin] = await Promise.all([
    signedInPerson(t),
    signedInPerson(t),
    signedInPerson(t),
    signedInPerson(t),
    signedInPerson(t),
    signedInPerson(t, { networkAdmin: true }),
  ])
  // A person of an organisation that is a member of its cluster is a member of the network.
  const memberOrg = await unclaimedActor(t, 'leipzig')
  await t.db.update(actors).set({ memberSince: new Date() }).where(eq(actors.id, memberOrg.id))
  await staffOrganisation(t, memberOrg.id, [{ id: member.id, role: 'member' }])
  await staffOrganisation(t, actor.id, [{ id: own.id, role: 'member' }])
  await t.db.insert(clusterManagers).values([
    { clusterId: 'pecs', userId: manager.id },
    { clusterId: 'genoa', userId: otherManager.id },
  ])
  const people = [person, member, own, manager, otherManager, admin]
  cookies.set('visitor', undefined)
  for (const [i, kind] of kinds.slice(1).entries()) cookies.set(kind, people[i].cookie)
}, 60_000)

const get = (path: string, kind: Kind) => {
  const cookie = cookies.get(kind)
  return t.request(path, { headers: cookie ? { cookie } : {} })
}

describe('per-field visibility, one rule for every viewer', () => {
  const viewer = (over: Partial<Viewer>): Viewer => ({
    ...anonymousViewer(),
    person: { id: 'p', email: 'p@test.example', name: 'P', locale: 'en', networkAdmin: false },
    ...over,
  })
  it('gives each kind of viewer its levels', () => {
    const subject = { id: 7, clusterId: 'pecs' }
    expect(visibleLevels(anonymousViewer(), subject)).toEqual(['public'])
    expect(visibilityScope(viewer({ orgs: new Map([[7, 'admin']]) }))).toEqual({
      levels: ['public'],
      actorIds: [7],
      clusterIds: [],
    })
    expect(visibleLevels(viewer({}), subject)).toEqual(['public'])
    expect(visibleLevels(viewer({ networkMember: true }), subject)).toEqual(['public', 'members'])
    expect(visibleLevels(viewer({ orgs: new Map([[7, 'member']]) }), subject)).toHaveLength(3)
    expect(visibleLevels(viewer({ managedClusters: new Set(['pecs']) }), subject)).toHaveLength(3)
    expect(visibleLevels(viewer({ managedClusters: new Set(['genoa']) }), subject)).toEqual(['public'])
    expect(
      visibleLevels(viewer({ person: { ...viewer({}).person!, networkAdmin: true } }), subject),
    ).toHaveLength(3)
  })

  it.each(kinds)('%s: the API, the directory, the map and the profile page agree', async (kind) => {
    const level = sees[kind]
    const members = level !== 'public'
    const all = level === 'private'

    const detail = (await (await get(`/api/v1/actors/${actor.slug}`, kind)).json()) as Record<string, unknown>
    expect(detail).toMatchObject({
      website: secret.website,
      email: members ? secret.email : null,
      needs: members ? secret.needs : [],
      founded_year: members ? secret.foundedYear : null,
      address: all ? secret.address : null,
      location: all ? { lat: secret.lat, lon: secret.lon } : null,
      employees: all ? secret.employees : null,
    })

    const list = (await (
      await get(`/api/v1/actors?q=${encodeURIComponent(actor.name)}&per_page=100`, kind)
    ).json()) as {
      items: Record<string, unknown>[]
    }
    expect(list.items.find((i) => i.slug === actor.slug)).toMatchObject({
      needs: members ? secret.needs : [],
      founded_year: members ? secret.foundedYear : null,
      location: all ? { lat: secret.lat, lon: secret.lon } : null,
    })
    // Needs hidden from a viewer do not find the actor either.
    const byNeed = (await (
      await get('/api/v1/actors?needs=copywriting&city=pecs&per_page=100', kind)
    ).json()) as {
      items: { slug: string }[]
    }
    expect(byNeed.items.some((i) => i.slug === actor.slug)).toBe(members)

    const geo = (await (await get('/api/v1/geo/actors?city=pecs', kind)).json()) as {
      features: { properties: { slug: string } }[]
    }
    expect(geo.features.some((f) => f.properties.slug === actor.slug)).toBe(all)

    const html = await (await get(`/en/actors/${actor.slug}`, kind)).text()
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1])
    expect(jsonLd.sameAs).toEqual([secret.website])
    expect(jsonLd.email).toBe(members ? secret.email : undefined)
    expect(jsonLd.address.streetAddress).toBe(all ? secret.address : undefined)
    expect(jsonLd.geo).toEqual(
      all ? { '@type': 'GeoCoordinates', latitude: secret.lat, longitude: secret.lon } : undefined,
    )
    expect(html.includes(secret.email)).toBe(members)
    expect(html.includes(secret.address)).toBe(all)
    expect(html.includes('data-point=')).toBe(all)
    expect(html.includes('77 people')).toBe(all)
  })
})
