import { introductions } from '../../src/modules/matching/schema'
import type { World } from '../support/world'
import { freshOrganisations, type RouteCase } from './cases'

const page = (path: string) => `/:lang{(?:en|de|it|pl|sl|hu)}${path}`
/** A Gdańsk organisation no case used before. */
const otherOrganisation = freshOrganisations('gdansk')

/** An introduction another organisation asked of the world's organisation, waiting for its answer. */
async function introductionToWorld(w: World) {
  const other = await otherOrganisation(w)
  const [row] = await w
    .ctx()
    .db.insert(introductions)
    .values({
      fromActorId: other.id,
      toActorId: w.org.id,
      note: 'We would like to work with you.',
      fromAnswer: 'accepted',
    })
    .returning({ id: introductions.id })
  return row.id
}

// An organisation's people act on its recommendations; its city's managers (and the network admin) only look.
// Introducing two organisations is the cluster managers' (of either side's city) and the network admin's.
export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: page('/organisations/:slug/matches/dismissals'),
    allowed: ['org_member', 'org_admin'],
    request: async (w) => ({
      path: `/en/organisations/${w.org.slug}/matches/dismissals`,
      body: { target: 'actor', id: String((await otherOrganisation(w)).id) },
    }),
  },
  {
    method: 'POST',
    route: page('/organisations/:slug/matches/introductions'),
    allowed: ['org_member', 'org_admin'],
    request: async (w) => ({
      path: `/en/organisations/${w.org.slug}/matches/introductions`,
      body: { partner: (await otherOrganisation(w)).slug, note: 'We would like to meet you.' },
    }),
  },
  {
    method: 'POST',
    route: page('/organisations/:slug/matches/introductions/:id/answer'),
    allowed: ['org_member', 'org_admin'],
    request: async (w) => ({
      path: `/en/organisations/${w.org.slug}/matches/introductions/${await introductionToWorld(w)}/answer`,
      body: { answer: 'decline' },
    }),
  },
  {
    method: 'POST',
    route: page('/clusters/:city/introductions'),
    allowed: ['cluster_manager', 'network_admin'],
    request: async (w) => ({
      path: '/en/clusters/pecs/introductions',
      body: {
        from: (await w.unclaimedOrganisation()).slug,
        to: (await otherOrganisation(w)).slug,
        note: 'You two should meet at the fair.',
      },
    }),
  },
  {
    method: 'POST',
    route: page('/admin/matching'),
    allowed: ['network_admin'],
    request: () => ({ path: '/en/admin/matching', body: { cross_border_weight: '1.5' } }),
  },
  {
    method: 'POST',
    route: '/api/v1/actors/:slug/matches/dismissals',
    allowed: ['org_member', 'org_admin'],
    request: async (w) => ({
      path: `/api/v1/actors/${w.org.slug}/matches/dismissals`,
      json: { target: 'actor', id: Number((await otherOrganisation(w)).id) },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/actors/:slug/introductions',
    allowed: ['org_member', 'org_admin'],
    request: async (w) => ({
      path: `/api/v1/actors/${w.org.slug}/introductions`,
      json: { partner: (await otherOrganisation(w)).slug, note: 'We would like to meet you.' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/actors/:slug/introductions/:id/answer',
    allowed: ['org_member', 'org_admin'],
    request: async (w) => ({
      path: `/api/v1/actors/${w.org.slug}/introductions/${await introductionToWorld(w)}/answer`,
      json: { answer: 'accept' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/clusters/:city/introductions',
    allowed: ['cluster_manager', 'network_admin'],
    request: async (w) => ({
      path: '/api/v1/clusters/pecs/introductions',
      json: {
        from: (await w.unclaimedOrganisation()).slug,
        to: (await otherOrganisation(w)).slug,
        note: 'You two should meet at the fair.',
      },
    }),
  },
]
