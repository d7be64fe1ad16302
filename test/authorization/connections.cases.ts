import { connections } from '../../src/modules/connections/schema'
import type { World } from '../support/world'
import { freshOrganisations, type RouteCase } from './cases'

const page = (path: string) => `/:lang{(?:en|de|it|pl|sl|hu)}${path}`
/** A Genoa organisation no case used before. */
const otherOrganisation = freshOrganisations('genoa')

/** A relation between the world's organisation and a fresh one, in the state the route acts on. */
async function connectionWithWorld(w: World, status: 'pending' | 'confirmed') {
  const other = await otherOrganisation(w)
  const [row] = await w
    .ctx()
    .db.insert(connections)
    .values({ fromActorId: other.id, toActorId: w.org.id, kind: 'partner', status })
    .returning({ id: connections.id })
  return row.id
}

// Only the admins of an organisation speak for it: the network admin and cluster managers do not.
export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: page('/organisations/:slug/connections/new'),
    allowed: ['org_admin'],
    request: async (w) => ({
      path: `/en/organisations/${(await otherOrganisation(w)).slug}/connections/new`,
      body: { organisation: String(w.org.id), kind: 'partner' },
    }),
  },
  {
    method: 'POST',
    route: page('/organisations/:slug/connections/:id/decision'),
    allowed: ['org_admin'],
    request: async (w) => ({
      path: `/en/organisations/${w.org.slug}/connections/${await connectionWithWorld(w, 'pending')}/decision`,
      body: { decision: 'confirm' },
    }),
  },
  {
    method: 'POST',
    route: page('/organisations/:slug/connections/:id/end'),
    allowed: ['org_admin'],
    request: async (w) => ({
      path: `/en/organisations/${w.org.slug}/connections/${await connectionWithWorld(w, 'confirmed')}/end`,
      body: {},
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/organisations/:slug/connections',
    allowed: ['org_admin'],
    request: async (w) => ({
      path: `/api/v1/organisations/${(await otherOrganisation(w)).slug}/connections`,
      json: { organisation: w.org.id, kind: 'co_applicant', note: 'We applied together.' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/organisations/:slug/connections/:id/decision',
    allowed: ['org_admin'],
    request: async (w) => ({
      path: `/api/v1/organisations/${w.org.slug}/connections/${await connectionWithWorld(w, 'pending')}/decision`,
      json: { decision: 'decline' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/organisations/:slug/connections/:id/end',
    allowed: ['org_admin'],
    request: async (w) => ({
      path: `/api/v1/organisations/${w.org.slug}/connections/${await connectionWithWorld(w, 'confirmed')}/end`,
    }),
  },
]
