import type { Role } from '../support/world'
import { type RouteCase, signedIn } from './cases'

const page = (path: string) => `/:lang{(?:en|de|it|pl|sl|hu)}${path}`
const managers: readonly Role[] = ['cluster_manager', 'network_admin']
const motivation = 'We would like to meet the other members of the cluster.'
let opened = 0

// The world's organisation is a founding partner in Pécs, a member in the demo data: the cluster
// manager suspends it and the network admin (the next allowed role) reinstates it.
const decisionFor = (role: Role): Record<string, string> =>
  role === 'network_admin'
    ? { decision: 'reinstate' }
    : { decision: 'suspend', reason: 'Checking who may do this.' }

export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: page('/clusters/:city/join'),
    allowed: ['org_admin'],
    request: (w) => ({
      path: '/en/clusters/pecs/join',
      body: { organisation: String(w.org.id), motivation },
    }),
  },
  {
    method: 'POST',
    route: page('/clusters/:city/members/:slug/decision'),
    allowed: managers,
    request: (w, role) => ({
      path: `/en/clusters/pecs/members/${w.org.slug}/decision`,
      body: decisionFor(role),
    }),
  },
  {
    method: 'POST',
    route: page('/clusters/:city/imports'),
    allowed: managers,
    // No file: the allowed roles get the form back with its error.
    request: () => ({ path: '/en/clusters/pecs/imports', body: {} }),
  },
  {
    method: 'POST',
    route: page('/clusters/:city/imports/:id/confirm'),
    allowed: managers,
    // The cluster is checked before the import: refused roles never learn whether it exists.
    request: () => ({ path: '/en/clusters/pecs/imports/999999/confirm', body: {} }),
  },
  {
    method: 'POST',
    route: page('/network/join'),
    allowed: signedIn,
    request: () => ({
      path: '/en/network/join',
      body: { organisation_name: 'Ateliér Brno', city: 'Brno', country: 'CZ', motivation },
    }),
  },
  {
    method: 'POST',
    route: page('/admin/network-applications/:id/decline'),
    allowed: ['network_admin'],
    request: () => ({
      path: '/en/admin/network-applications/999999/decline',
      body: { reason: 'Not this year.' },
    }),
  },
  {
    method: 'POST',
    route: page('/admin/clusters'),
    allowed: ['network_admin'],
    request: () => {
      opened += 1
      return {
        path: '/en/admin/clusters',
        body: {
          id: `new-city-${opened}`,
          city_name: `New City ${opened}`,
          city_name_en: `New City ${opened}`,
          country: 'CZ',
          language: 'cs',
          lat: '49.2',
          lon: '16.6',
          accent: '#006d77',
        },
      }
    },
  },
  {
    method: 'POST',
    route: page('/admin/clusters/:city/managers'),
    allowed: ['network_admin'],
    request: (w) => ({ path: '/en/admin/clusters/pecs/managers', body: { email: w.people.person.email } }),
  },
  {
    method: 'POST',
    route: page('/admin/clusters/:city/managers/:user/remove'),
    allowed: ['network_admin'],
    request: (w) => ({ path: `/en/admin/clusters/pecs/managers/${w.people.person.id}/remove`, body: {} }),
  },
  {
    method: 'POST',
    route: '/api/v1/clusters/:city/applications',
    allowed: ['org_admin'],
    request: (w) => ({
      path: '/api/v1/clusters/pecs/applications',
      json: { organisation: w.org.id, motivation },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/clusters/:city/members/:actor/decision',
    allowed: managers,
    request: (w, role) => ({
      path: `/api/v1/clusters/pecs/members/${w.org.slug}/decision`,
      json: decisionFor(role),
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/network/applications',
    allowed: signedIn,
    request: () => ({
      path: '/api/v1/network/applications',
      json: { organisation_name: 'Ateliér Brno', city: 'Brno', country: 'CZ', motivation },
    }),
  },
]
