import { addMilestone } from '../../src/modules/districts/service'
import type { Role, World } from '../support/world'
import type { RouteCase } from './cases'

const page = (path: string) => `/:lang{(?:en|de|it|pl|sl|hu)}${path}`
// The world's city is Pécs: its cluster manager and the network admin look after its districts.
const managers: readonly Role[] = ['cluster_manager', 'network_admin']
const district = 'pecs-zsolnay'
const milestoneInput = {
  happened_on: '2024-02-01',
  precision: 'day' as const,
  text: { en: 'A case milestone.' },
}

/** A fresh milestone for each attempt, so that one role's removal leaves the next role something to meet. */
async function freshMilestone(w: World) {
  return addMilestone(await w.as('network_admin'), district, milestoneInput)
}

export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: page('/districts/:slug/edit'),
    allowed: managers,
    request: () => ({ path: `/en/districts/${district}/edit`, body: { status: 'renewed' } }),
  },
  {
    method: 'POST',
    route: page('/districts/:slug/milestones'),
    allowed: managers,
    request: () => ({
      path: `/en/districts/${district}/milestones`,
      body: { happened_on: '2024-03-01', text_en: 'A milestone from the matrix.' },
    }),
  },
  {
    method: 'POST',
    route: page('/districts/:slug/milestones/:id'),
    allowed: managers,
    request: async (w) => ({
      path: `/en/districts/${district}/milestones/${(await freshMilestone(w)).id}`,
      body: { happened_on: '2024-04-01', text_en: 'Changed by the matrix.' },
    }),
  },
  {
    method: 'POST',
    route: page('/districts/:slug/milestones/:id/delete'),
    allowed: managers,
    request: async (w) => ({
      path: `/en/districts/${district}/milestones/${(await freshMilestone(w)).id}/delete`,
      body: {},
    }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/districts/:slug',
    allowed: managers,
    request: () => ({ path: `/api/v1/districts/${district}`, json: { status: 'in_transition' } }),
  },
  {
    method: 'POST',
    route: '/api/v1/districts/:slug/milestones',
    allowed: managers,
    request: () => ({ path: `/api/v1/districts/${district}/milestones`, json: milestoneInput }),
  },
  {
    method: 'PUT',
    route: '/api/v1/districts/:slug/milestones/:id',
    allowed: managers,
    request: async (w) => ({
      path: `/api/v1/districts/${district}/milestones/${(await freshMilestone(w)).id}`,
      json: { ...milestoneInput, text: { en: 'Changed through the API.' } },
    }),
  },
  {
    method: 'PUT',
    route: '/api/v1/districts/:slug/milestones/:id/image',
    allowed: managers,
    // Not an image: allowed roles get the field error, refused roles their 401/403 before the bytes are read.
    request: async (w) => ({
      path: `/api/v1/districts/${district}/milestones/${(await freshMilestone(w)).id}/image`,
      json: { not: 'an image' },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/districts/:slug/milestones/:id',
    allowed: managers,
    request: async (w) => ({
      path: `/api/v1/districts/${district}/milestones/${(await freshMilestone(w)).id}`,
    }),
  },
]
