import { desc, eq } from 'drizzle-orm'
import { outbox } from '../../src/modules/mail/schema'
import { claimOrganisation, invitePerson } from '../../src/modules/organisations/service'
import type { Role, World } from '../support/world'
import { type RouteCase, signedIn } from './cases'

const L = '/:lang{(?:en|de|it|pl|sl|hu)}'
const orgAdmins: readonly Role[] = ['org_admin', 'network_admin']
const claimDeciders: readonly Role[] = ['cluster_manager', 'network_admin']
// A founding partner in Leipzig: no one runs it, so anyone signed in may claim it.
const unclaimed = 'partner-aufbauwerk'

/** A new pending claim, by the world's plain person, on an organisation no one runs. */
async function freshClaim(w: World) {
  const organisation = await w.unclaimedOrganisation()
  return (
    await claimOrganisation(await w.as('person'), organisation.slug, { message: 'We run this studio.' })
  ).id
}

/** An invitation from the network admin to another organisation, and its token, read from the outbox. */
async function freshInvitation(w: World, email: string) {
  const organisation = await w.unclaimedOrganisation()
  const admin = await w.as('network_admin')
  await invitePerson(admin, organisation.slug, { email, role: 'member' })
  const [mail] = await admin.db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, email))
    .orderBy(desc(outbox.id))
    .limit(1)
  return mail.body.match(/token=([\w-]+)/)![1]
}

const emailOf = (w: World, role: Role) => (role === 'visitor' ? 'visitor@test.example' : w.people[role].email)

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
    request: async (w) => ({
      path: `/en/clusters/pecs/claims/${await freshClaim(w)}`,
      body: { decision: 'decline', reason: 'We could not confirm who runs it.' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/clusters/:city/claims/:id/decision',
    allowed: claimDeciders,
    request: async (w) => ({
      path: `/api/v1/clusters/pecs/claims/${await freshClaim(w)}/decision`,
      json: { decision: 'decline', reason: 'We could not confirm who runs it.' },
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
    request: async (w) => ({
      path: `/en/organisations/${w.org.slug}/people/${(await w.addMember()).id}/remove`,
    }),
  },
  {
    method: 'DELETE',
    route: '/api/v1/actors/:slug/people/:person',
    allowed: orgAdmins,
    request: async (w) => ({ path: `/api/v1/actors/${w.org.slug}/people/${(await w.addMember()).id}` }),
  },
  {
    method: 'POST',
    route: `${L}/invitations/accept`,
    allowed: signedIn,
    // Each role accepts an invitation of its own to an organisation outside the world.
    request: async (w, role) => ({
      path: '/en/invitations/accept',
      body: { token: await freshInvitation(w, emailOf(w, role)) },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/invitations/accept',
    allowed: signedIn,
    request: async (w, role) => ({
      path: '/api/v1/invitations/accept',
      json: { token: await freshInvitation(w, emailOf(w, role)) },
    }),
  },
]
