import type { MiddlewareHandler } from 'hono'
import type { Config } from './config'
import type { Db } from './db/client'
import { AppError } from './errors'
import type { Locale } from './i18n'

export interface SignedInPerson {
  id: string
  email: string
  name: string
  locale: Locale
  networkAdmin: boolean
}

/** Who is asking: everything a permission check needs, loaded once per request. */
export interface Viewer {
  person: SignedInPerson | null
  sessionId: string | null
  /** The organisations (actor ids) the person belongs to, with the role there. */
  orgs: Map<number, 'admin' | 'member'>
  /** The clusters (city ids) the person manages. */
  managedClusters: Set<string>
  /** True when one of the person's organisations is a member of a cluster: they see "members only" fields. */
  networkMember: boolean
  /** What waits for the person, shown in the header: unread notifications and unread conversations. */
  counters: { notifications: number; messages: number }
}

export const anonymousViewer = (): Viewer => ({
  person: null,
  sessionId: null,
  orgs: new Map(),
  managedClusters: new Set(),
  networkMember: false,
  counters: { notifications: 0, messages: 0 },
})

export type ViewerFacts = Partial<Pick<Viewer, 'orgs' | 'managedClusters' | 'networkMember'>> & {
  counters?: Partial<Viewer['counters']>
}
type SessionReader = (
  db: Db,
  config: Config,
  headers: Headers,
) => Promise<{ person: SignedInPerson; sessionId: string } | null>
type FactsReader = (db: Db, person: SignedInPerson) => Promise<ViewerFacts>

let readSession: SessionReader = async () => null
const factReaders: FactsReader[] = []

/** The accounts module tells the core how to read a session from a request. */
export function provideSessionReader(reader: SessionReader) {
  readSession = reader
}

/** Modules that know roles (organisations, clusters) add what they know of a signed-in person. */
export function provideViewerFacts(reader: FactsReader) {
  factReaders.push(reader)
}

export async function loadViewer(db: Db, config: Config, headers: Headers): Promise<Viewer> {
  const viewer = anonymousViewer()
  if (!headers.get('cookie')) return viewer
  const session = await readSession(db, config, headers)
  if (!session) return viewer
  viewer.person = session.person
  viewer.sessionId = session.sessionId
  for (const { counters, ...facts } of await Promise.all(
    factReaders.map((read) => read(db, session.person)),
  )) {
    Object.assign(viewer, facts)
    if (counters) viewer.counters = { ...viewer.counters, ...counters }
  }
  return viewer
}

type PersonalData = (db: Db, personId: string) => Promise<unknown>
type DeletionHook = (tx: Db, personId: string, ctx: { requestId: string; viewer: Viewer }) => Promise<void>
export const personalDataSections = new Map<string, PersonalData>()
export const accountDeletionHooks: DeletionHook[] = []

/** A module that keeps data about a person adds its part to the person's download (GDPR Art. 15 and 20). */
export function providePersonalData(section: string, reader: PersonalData) {
  personalDataSections.set(section, reader)
}

/** A module that must settle something before a person's account goes (e.g. an organisation's last admin). */
export function onAccountDeletion(hook: DeletionHook) {
  accountDeletionHooks.push(hook)
}

export const signInRequired = () => new AppError('unauthenticated', 401, 'core.error.unauthenticated')
export const forbidden = () => new AppError('forbidden', 403, 'core.error.forbidden')

/** The signed-in person, or a 401 that the pages turn into the sign-in form. */
export function requirePerson(viewer: Viewer): SignedInPerson {
  if (!viewer.person) throw signInRequired()
  return viewer.person
}

/** The network admin, or a 401 for a visitor and a 403 for anyone else. */
export function requireNetworkAdmin(viewer: Viewer): SignedInPerson {
  const person = requirePerson(viewer)
  if (!person.networkAdmin) throw forbidden()
  return person
}

/**
 * Refuses state-changing requests that a browser sent from another site. Browsers name the page's origin
 * on every POST; a request without Origin and without Sec-Fetch-Site comes from a program, which holds no
 * one else's cookies. Session cookies are SameSite=Lax as a second line.
 */
export function crossSiteGuard(publicUrl: string): MiddlewareHandler {
  const allowed = new URL(publicUrl).origin
  return async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next()
    const origin = c.req.header('origin')
    const own = new URL(c.req.url).origin
    const site = c.req.header('sec-fetch-site')
    const crossSite = origin
      ? origin !== allowed && origin !== own
      : !!site && site !== 'same-origin' && site !== 'none'
    if (crossSite) throw new AppError('cross_site_request', 403, 'core.error.cross_site')
    return next()
  }
}
