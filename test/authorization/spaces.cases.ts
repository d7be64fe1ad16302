import { eq } from 'drizzle-orm'
import { loadViewer } from '../../src/core/auth'
import { setClusterMembership } from '../../src/modules/actors/service'
import { orgPeople } from '../../src/modules/organisations/schema'
import { applyForSpace, decideApplication, offerSpace, reportVacancy } from '../../src/modules/spaces/service'
import { testConfig } from '../support/database'
import type { Person, Role, World } from '../support/world'
import type { RouteCase } from './cases'

const page = (path: string) => `/:lang{(?:en|de|it|pl|sl|hu)}${path}`
// The people of the world's organisation (in Pécs) manage its spaces and apply for others'.
const owners: readonly Role[] = ['org_admin', 'org_member']
const managers: readonly Role[] = ['cluster_manager', 'network_admin']

const today = () => new Date().toISOString().slice(0, 10)
const fields = {
  title: { en: 'Former printing workshop near the Zsolnay quarter' },
  description: { en: 'Ground floor workshop, empty since 2019, with a loading door onto the yard.' },
  original_language: 'en',
  address: 'Felsővámház utca 12, Pécs',
  lat: 46.0775,
  lon: 18.2462,
  type: 'workshop',
  floor_area: 140,
  condition: 'needs_repair',
  terms: 'free_for_costs',
  available_from: today(),
}
const formFields = {
  'title.en': fields.title.en,
  'description.en': fields.description.en,
  original_language: 'en',
  address: fields.address,
  lat: '46.0775',
  lon: '18.2462',
  type: 'workshop',
  floor_area: '140',
  condition: 'needs_repair',
  terms: 'free_for_costs',
  available_from: today(),
}
const application = (organisation: number) => ({
  organisation,
  proposal: 'A print studio with risograph workshops for the neighbourhood.',
  people: 4,
  hours: 'Mon–Fri 10–18',
  contribution: 'Open print evenings every month and courses with the district school.',
})

const outsideAdmin = (w: World) => (w.people as unknown as Record<'outside_admin', Person>).outside_admin
const asOutsideAdmin = async (w: World) =>
  w.ctx('en', await loadViewer(w.ctx().db, testConfig, new Headers({ cookie: outsideAdmin(w).cookie })))

/** A fresh space of the world's organisation, with an application from the Leipzig organisation if asked. */
async function spaceOf(w: World, state: 'available' | 'applied' | 'let' = 'available') {
  const space = await offerSpace(await w.as('org_admin'), { ...fields, owner: w.org.id })
  if (state === 'available') return { slug: space.slug, applicationId: 0 }
  const outside = await asOutsideAdmin(w)
  const [leipzig] = [...outside.viewer.orgs.keys()]
  const row = await applyForSpace(outside, space.slug, application(leipzig))
  if (state === 'let')
    await decideApplication(await w.as('org_admin'), space.slug, row.id, { decision: 'chosen' })
  return { slug: space.slug, applicationId: row.id }
}

/** A space of the Leipzig organisation, for the world's people to apply to. */
async function leipzigSpace(w: World) {
  const outside = await asOutsideAdmin(w)
  const [leipzig] = [...outside.viewer.orgs.keys()]
  const space = await offerSpace(outside, {
    ...fields,
    owner: leipzig,
    address: 'Georg-Schwarz-Straße 30, Leipzig',
    lat: 51.339,
    lon: 12.324,
  })
  return space.slug
}

/**
 * Only people of member organisations report vacancies: the world's organisation is made a member, and any
 * organisation an earlier case gave another role (a claim decided, a profile created) is made none, so the
 * refused roles are refused for what they are, whatever ran before.
 */
async function reportersAre(w: World, role: Role) {
  const db = w.ctx().db
  await setClusterMembership(db, w.org.id, new Date('2025-01-01'))
  if (role === 'visitor' || owners.includes(role)) return
  const theirs = await db.select().from(orgPeople).where(eq(orgPeople.userId, w.people[role].id))
  for (const { actorId } of theirs) await setClusterMembership(db, actorId, null)
}

/** A fresh open report in Pécs, by a person of the world's organisation (a member of the cluster). */
async function reportOf(w: World) {
  await setClusterMembership(w.ctx().db, w.org.id, new Date('2025-01-01'))
  const report = await reportVacancy(await w.as('org_admin'), {
    city: 'pecs',
    address: 'Király utca 40, Pécs',
    note: 'Empty since last winter, the shop window is boarded up.',
  })
  return report.id
}

const vacancy = {
  city: 'pecs',
  address: 'Rákóczi út 3, Pécs',
  note: 'The ground floor has been empty for a year.',
}

export const cases: RouteCase[] = [
  {
    method: 'POST',
    route: page('/spaces/new'),
    allowed: owners,
    request: (w) => ({ path: '/en/spaces/new', body: { ...formFields, owner: String(w.org.id) } }),
  },
  {
    method: 'POST',
    route: '/api/v1/spaces',
    allowed: owners,
    request: (w) => ({ path: '/api/v1/spaces', json: { ...fields, owner: w.org.id } }),
  },
  {
    method: 'POST',
    route: page('/spaces/:slug/edit'),
    allowed: owners,
    request: async (w) => ({ path: `/en/spaces/${(await spaceOf(w)).slug}/edit`, body: formFields }),
  },
  {
    method: 'PATCH',
    route: '/api/v1/spaces/:slug',
    allowed: owners,
    request: async (w) => ({ path: `/api/v1/spaces/${(await spaceOf(w)).slug}`, json: { floor_area: 150 } }),
  },
  {
    method: 'POST',
    route: '/api/v1/spaces/:slug/photos',
    // The owner's people reach the photo check (a JSON body is no image: 422); everyone else is refused first.
    allowed: owners,
    request: async (w) => ({ path: `/api/v1/spaces/${(await spaceOf(w)).slug}/photos`, json: {} }),
  },
  {
    method: 'POST',
    route: page('/spaces/:slug/withdraw'),
    allowed: owners,
    request: async (w) => ({ path: `/en/spaces/${(await spaceOf(w)).slug}/withdraw`, body: {} }),
  },
  {
    method: 'POST',
    route: '/api/v1/spaces/:slug/withdraw',
    allowed: owners,
    request: async (w) => ({ path: `/api/v1/spaces/${(await spaceOf(w)).slug}/withdraw` }),
  },
  {
    method: 'POST',
    route: page('/spaces/:slug/end-tenancy'),
    allowed: owners,
    request: async (w) => ({ path: `/en/spaces/${(await spaceOf(w, 'let')).slug}/end-tenancy`, body: {} }),
  },
  {
    method: 'POST',
    route: '/api/v1/spaces/:slug/end-tenancy',
    allowed: owners,
    request: async (w) => ({ path: `/api/v1/spaces/${(await spaceOf(w, 'let')).slug}/end-tenancy` }),
  },
  {
    method: 'POST',
    route: page('/spaces/:slug/apply'),
    allowed: owners,
    request: async (w) => {
      const { organisation, people, ...rest } = application(w.org.id)
      return {
        path: `/en/spaces/${await leipzigSpace(w)}/apply`,
        body: { ...rest, organisation: String(organisation), people: String(people) },
      }
    },
  },
  {
    method: 'POST',
    route: '/api/v1/spaces/:slug/applications',
    allowed: owners,
    request: async (w) => ({
      path: `/api/v1/spaces/${await leipzigSpace(w)}/applications`,
      json: application(w.org.id),
    }),
  },
  {
    method: 'POST',
    route: page('/spaces/:slug/applications/:id'),
    allowed: owners,
    request: async (w) => {
      const { slug, applicationId } = await spaceOf(w, 'applied')
      return { path: `/en/spaces/${slug}/applications/${applicationId}`, body: { decision: 'shortlisted' } }
    },
  },
  {
    method: 'POST',
    route: '/api/v1/spaces/:slug/applications/:id/decision',
    allowed: owners,
    request: async (w) => {
      const { slug, applicationId } = await spaceOf(w, 'applied')
      return {
        path: `/api/v1/spaces/${slug}/applications/${applicationId}/decision`,
        json: { decision: 'chosen' },
      }
    },
  },
  {
    method: 'POST',
    route: page('/spaces/:slug/applications/:id/ask'),
    allowed: owners,
    request: async (w) => {
      const { slug, applicationId } = await spaceOf(w, 'applied')
      return { path: `/en/spaces/${slug}/applications/${applicationId}/ask`, body: {} }
    },
  },
  {
    method: 'POST',
    route: '/api/v1/spaces/:slug/applications/:id/conversation',
    allowed: owners,
    request: async (w) => {
      const { slug, applicationId } = await spaceOf(w, 'applied')
      return { path: `/api/v1/spaces/${slug}/applications/${applicationId}/conversation` }
    },
  },
  {
    method: 'POST',
    route: page('/spaces/report'),
    // People of the network's member organisations: the world's organisation is made one here.
    allowed: owners,
    request: async (w, role) => {
      await reportersAre(w, role)
      return { path: '/en/spaces/report', body: vacancy }
    },
  },
  {
    method: 'POST',
    route: '/api/v1/vacancy-reports',
    allowed: owners,
    request: async (w, role) => {
      await reportersAre(w, role)
      return { path: '/api/v1/vacancy-reports', json: vacancy }
    },
  },
  {
    method: 'POST',
    route: page('/clusters/:city/vacancies/:id'),
    allowed: managers,
    request: async (w) => ({
      path: `/en/clusters/pecs/vacancies/${await reportOf(w)}`,
      body: { decision: 'reject', reason: 'It is being renovated by its owner.' },
    }),
  },
  {
    method: 'POST',
    route: '/api/v1/vacancy-reports/:id/decision',
    allowed: managers,
    request: async (w) => ({
      path: `/api/v1/vacancy-reports/${await reportOf(w)}/decision`,
      json: { decision: 'verify' },
    }),
  },
]
