import { loadViewer } from '../../src/core/auth'
import { closeOpportunity, createOpportunity, expressInterest } from '../../src/modules/opportunities/service'
import { testConfig } from '../support/database'
import type { Person, Role, World } from '../support/world'
import type { RouteCase } from './cases'

const page = (path: string) => `/:lang{(?:en|de|it|pl|sl|hu)}${path}`
const posters: readonly Role[] = ['org_admin', 'org_member']
const managers: readonly Role[] = ['cluster_manager', 'network_admin']

const fields = {
  type: 'collaboration_request',
  title: { en: 'Partner wanted for a festival stage' },
  description: { en: 'We look for a partner to design and light a small festival stage in summer.' },
  original_language: 'en',
  sectors: ['visual-performing-arts'],
  needs: ['stage-design'],
  reach: 'network',
}
const message = 'Our studio designs festival stages; we would gladly work with you.'

// The Leipzig organisation's admin: the organisation that is not the world's, to post or to be interested.
const outsideAdmin = (w: World) => (w.people as unknown as Record<'outside_admin', Person>).outside_admin
const asOutsideAdmin = async (w: World) =>
  w.ctx('en', await loadViewer(w.ctx().db, testConfig, new Headers({ cookie: outsideAdmin(w).cookie })))

/** A fresh opportunity of the world's organisation in the given state, so each attempt meets the same. */
async function opportunityOf(w: World, status: 'draft' | 'published' | 'closed') {
  const ctx = await w.as('org_admin')
  const row = await createOpportunity(ctx, {
    ...fields,
    organisation: w.org.id,
    status: status === 'draft' ? 'draft' : 'published',
  })
  if (status === 'closed') await closeOpportunity(ctx, row.slug)
  return row.slug
}

const formFields = {
  type: 'collaboration_request',
  original_language: 'en',
  'title.en': 'Partner wanted for a festival stage',
  'description.en': 'We look for a partner to design and light a small festival stage in summer.',
  sectors: 'visual-performing-arts',
  reach: 'network',
}

export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: page('/opportunities/new'),
    allowed: posters,
    request: (w) => ({
      path: '/en/opportunities/new',
      body: { ...formFields, poster: `organisation:${w.org.id}`, status: 'draft' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/opportunities',
    allowed: posters,
    request: (w) => ({ path: '/api/v1/opportunities', json: { ...fields, organisation: w.org.id } }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/opportunities/:slug',
    allowed: posters,
    request: async (w) => ({
      path: `/api/v1/opportunities/${await opportunityOf(w, 'published')}`,
      json: { status: 'closed' },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/opportunities/:slug',
    allowed: posters,
    request: async (w) => ({ path: `/api/v1/opportunities/${await opportunityOf(w, 'draft')}` }),
  },
  {
    method: 'POST',
    route: page('/opportunities/:slug/edit'),
    allowed: posters,
    request: async (w) => ({
      path: `/en/opportunities/${await opportunityOf(w, 'draft')}/edit`,
      body: formFields,
    }),
  },
  {
    method: 'POST',
    route: page('/opportunities/:slug/publish'),
    allowed: posters,
    request: async (w) => ({
      path: `/en/opportunities/${await opportunityOf(w, 'draft')}/publish`,
      body: {},
    }),
  },
  {
    method: 'POST',
    route: page('/opportunities/:slug/close'),
    allowed: posters,
    request: async (w) => ({
      path: `/en/opportunities/${await opportunityOf(w, 'published')}/close`,
      body: {},
    }),
  },
  {
    method: 'POST',
    route: page('/opportunities/:slug/reopen'),
    allowed: posters,
    request: async (w) => ({
      path: `/en/opportunities/${await opportunityOf(w, 'closed')}/reopen`,
      body: {},
    }),
  },
  {
    method: 'POST',
    route: page('/opportunities/:slug/delete'),
    allowed: posters,
    request: async (w) => ({ path: `/en/opportunities/${await opportunityOf(w, 'draft')}/delete`, body: {} }),
  },
  {
    method: 'POST',
    route: page('/opportunities/:slug/pin'),
    allowed: managers,
    request: async (w) => ({
      path: `/en/opportunities/${await opportunityOf(w, 'published')}/pin`,
      body: { pinned: 'true' },
    }),
  },
  {
    method: 'POST',
    route: page('/opportunities/:slug/interest'),
    // The people of the world's organisation, in an opportunity of another one.
    allowed: posters,
    request: async (w) => {
      const ctx = await asOutsideAdmin(w)
      const [leipzig] = [...ctx.viewer.orgs.keys()]
      const row = await createOpportunity(ctx, { ...fields, organisation: leipzig, status: 'published' })
      return {
        path: `/en/opportunities/${row.slug}/interest`,
        body: { organisation: String(w.org.id), message },
      }
    },
  },
  {
    method: 'POST',
    route: page('/opportunities/:slug/interests/:id'),
    allowed: posters,
    request: async (w) => {
      const slug = await opportunityOf(w, 'published')
      const ctx = await asOutsideAdmin(w)
      const [leipzig] = [...ctx.viewer.orgs.keys()]
      const interest = await expressInterest(ctx, slug, { organisation: leipzig, message })
      return { path: `/en/opportunities/${slug}/interests/${interest.id}`, body: { decision: 'shortlisted' } }
    },
  },
]
