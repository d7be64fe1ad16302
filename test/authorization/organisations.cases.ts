import type { Role } from '../support/world'
import { type RouteCase, signedIn } from './cases'

const L = '/:lang{(?:en|de|it|pl|sl|hu)}'
const orgAdmins: readonly Role[] = ['org_admin', 'network_admin']
const claimDeciders: readonly Role[] = ['cluster_manager', 'network_admin']
// A founding partner in Leipzig: no one runs it, so anyone signed in may claim it.
const unclaimed = 'partner-aufbauwerk'
// No such claim: deciders get 404 after the permission check, everyone else is refused before it.
const noClaim = 999_999_999

const profile = (role: Role) => ({
  kind: 'enterprise',
  name: `Matrix Studio ${role}`,
  city: 'pecs',
  sectors: ['design'],
  offers: [],
  needs: [],
  languages: ['en'],
  size: 'micro',
  description: { en: 'Made by the authorization matrix.' },
})

/**
 * Who may change organisations. Subjects are the world's organisation; changes that would take its
 * people away target someone outside it instead, so that later cases still meet the same world.
 */
export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: `${L}/organisations/new`,
    allowed: signedIn,
    request: (_w, role) => {
      const { description, ...fields } = profile(role)
      return { path: '/en/organisations/new', body: { ...fields, 'description.en': description.en } }
    },
  },
  {
    method: 'POST',
    route: '/api/v1/organisations',
    allowed: signedIn,
    request: (_w, role) => ({ path: '/api/v1/organisations', json: profile(role) }),
  },
  {
    method: 'POST',
    route: `${L}/organisations/:slug/edit`,
    allowed: orgAdmins,
    // An incomplete form: allowed people get it back (422), others are refused before it is read.
    request: (w) => ({ path: `/en/organisations/${w.org.slug}/edit`, body: { name: 'Renamed' } }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/actors/:slug',
    allowed: orgAdmins,
    request: (w) => ({
      path: `/api/v1/actors/${w.org.slug}`,
      json: { visibility: { employees: 'members' } },
    }),
  },
  {
    method: 'PUT',
    route: '/api/v1/actors/:slug/logo',
    allowed: orgAdmins,
    request: (w) => ({ path: `/api/v1/actors/${w.org.slug}/logo`, json: { not: 'an image' } }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/actors/:slug/logo',
    allowed: orgAdmins,
    request: (w) => ({ path: `/api/v1/actors/${w.org.slug}/logo` }),
  },
  {
    method: 'POST',
    route: `${L}/actors/:slug/claim`,
    allowed: signedIn,
    request: () => ({ path: `/en/actors/${unclaimed}/claim`, body: { message: 'We run this place.' } }),
  },
  {
    method: 'POST',
    route: '/api/v1/actors/:slug/claims',
    allowed: signedIn,
    request: () => ({ path: `/api/v1/actors/${unclaimed}/claims`, json: { message: 'We run this place.' } }),
  },
  {
    method: 'POST',
    route: `${L}/clusters/:city/claims/:id`,
    allowed: claimDeciders,
    request: (w) => ({
      path: `/en/clusters/${w.org.clusterId}/claims/${noClaim}`,
      body: { decision: 'approve' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/clusters/:city/claims/:id/decision',
    allowed: claimDeciders,
    request: (w) => ({
      path: `/api/v1/clusters/${w.org.clusterId}/claims/${noClaim}/decision`,
      json: { decision: 'approve' },
    }),
  },
  {
    method: 'POST',
    route: `${L}/organisations/:slug/people`,
    allowed: orgAdmins,
    request: (w, role) => ({
      path: `/en/organisations/${w.org.slug}/people`,
      body: { email: `invited-${role}@test.example`, role: 'member' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/actors/:slug/invitations',
    allowed: orgAdmins,
    request: (w, role) => ({
      path: `/api/v1/actors/${w.org.slug}/invitations`,
      json: { email: `invited-api-${role}@test.example` },
    }),
  },
  {
    method: 'POST',
    route: `${L}/organisations/:slug/people/:person/role`,
    allowed: orgAdmins,
    request: (w) => ({
      path: `/en/organisations/${w.org.slug}/people/${w.people.org_member.id}/role`,
      body: { role: 'member' },
    }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/actors/:slug/people/:person',
    allowed: orgAdmins,
    request: (w) => ({
      path: `/api/v1/actors/${w.org.slug}/people/${w.people.org_member.id}`,
      json: { role: 'member' },
    }),
  },
  {
    method: 'POST',
    route: `${L}/organisations/:slug/people/:person/remove`,
    allowed: orgAdmins,
    request: (w) => ({ path: `/en/organisations/${w.org.slug}/people/${w.people.person.id}/remove` }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/actors/:slug/people/:person',
    allowed: orgAdmins,
    request: (w) => ({ path: `/api/v1/actors/${w.org.slug}/people/${w.people.person.id}` }),
  },
  {
    method: 'POST',
    route: `${L}/invitations/accept`,
    allowed: signedIn,
    // Whose invitation it is shows only with a real token; without one, anyone signed in gets a 400.
    request: () => ({ path: '/en/invitations/accept', body: { token: 'not-a-token' } }),
  },
  {
    method: 'POST',
    route: '/api/v1/invitations/accept',
    allowed: signedIn,
    request: () => ({ path: '/api/v1/invitations/accept', json: { token: 'not-a-token' } }),
  },
]
