import { z } from 'zod'
import {
  forbidden,
  providePersonalData,
  provideViewerFacts,
  requirePerson,
  type SignedInPerson,
} from '../../core/auth'
import { type Db, inTransaction } from '../../core/db/client'
import { AppError, notFound } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { Ctx } from '../../core/http'
import { findPeople, findPersonByEmail } from '../accounts/service'
import { getActorSummaryById, setClusterMembership } from '../actors/service'
import { recordAudit } from '../audit/service'
import { mailI18n, sendMail } from '../mail/service'
import { findCluster, listClusters, openCluster, reserveAccents } from '../network/service'
import { organisationAdminIds } from '../organisations/service'
import {
  deleteClusterManager,
  insertClusterManager,
  insertMembership,
  insertMembershipEvents,
  insertNetworkApplication,
  type ListedMembership,
  selectApplicationsOfPerson,
  selectClusterManagers,
  selectManagedClusters,
  selectManagedClustersWithDates,
  selectMembership,
  selectMembershipEvents,
  selectMembershipOfSlug,
  selectMemberships,
  selectMembershipsOfActors,
  selectNetworkApplication,
  selectNetworkApplications,
  selectNetworkApplicationsOfPerson,
  updateMembership,
  updateNetworkApplication,
} from './queries'
import type { MembershipStatus } from './schema'

provideViewerFacts(async (db, person) => ({
  managedClusters: new Set((await selectManagedClusters(db, person.id)).map((m) => m.clusterId)),
}))

providePersonalData('membership', async (db, personId) => ({
  applications: await selectApplicationsOfPerson(db, personId),
  network_applications: await selectNetworkApplicationsOfPerson(db, personId),
  managed_clusters: await selectManagedClustersWithDates(db, personId),
}))

// ---- permissions ---------------------------------------------------------------------------

export type MembershipAction =
  /** Apply for an organisation's membership: its admins. */
  | 'apply'
  /** Decide applications, suspend, import and export members of a cluster: its managers and the network admin. */
  | 'manage'
  /** Decide on one organisation's membership: whoever manages its cluster, unless they belong to it. */
  | 'decide'
  /** Ask for a new city in the network: any signed-in person. */
  | 'apply_to_network'
  /** Open clusters, decide network applications, appoint managers: the network admin. */
  | 'run_network'

/** The one permission rule of this module. */
export function can(
  ctx: Pick<Ctx, 'viewer'>,
  action: MembershipAction,
  subject: { actorId?: number; clusterId?: string } = {},
): boolean {
  const { person, orgs, managedClusters } = ctx.viewer
  if (!person) return false
  switch (action) {
    // Without an organisation named: whether the person runs any organisation at all.
    case 'apply':
      return subject.actorId === undefined
        ? [...orgs.values()].includes('admin')
        : orgs.get(subject.actorId) === 'admin'
    case 'manage':
      return (
        person.networkAdmin || (subject.clusterId !== undefined && managedClusters.has(subject.clusterId))
      )
    // No one decides on their own organisation, whatever their role there; another manager or the network admin does.
    case 'decide':
      return can(ctx, 'manage', subject) && subject.actorId !== undefined && !orgs.has(subject.actorId)
    case 'apply_to_network':
      return true
    case 'run_network':
      return person.networkAdmin
  }
}

/** A visitor is asked to sign in (401); a signed-in person without the right is refused (403). */
export function authorize(
  ctx: Pick<Ctx, 'viewer'>,
  action: MembershipAction,
  subject: { actorId?: number; clusterId?: string } = {},
): SignedInPerson {
  const person = requirePerson(ctx.viewer)
  if (!can(ctx, action, subject)) throw forbidden()
  return person
}

/** Mail to people in each one's own language; a mail that cannot go out does not undo the decision made. */
async function tellPeople(
  ctx: Ctx,
  userIds: string[],
  kind: string,
  write: (i18n: ReturnType<typeof mailI18n>) => { subject: string; body: string },
) {
  for (const person of await findPeople(ctx.db, [...new Set(userIds)])) {
    const text = write(mailI18n(person.locale))
    await sendMail(ctx, { to: person.email, locale: mailI18n(person.locale).locale, kind, ...text }).catch(
      (err) => console.error(`[${ctx.requestId}] mail "${kind}" to ${person.email} failed:`, err),
    )
  }
}

// ---- applying ------------------------------------------------------------------------------

const motivation = z.string().trim().min(20).max(2000)

export const applicationSchema = z.object({
  organisation: z.coerce.number().int().positive(),
  motivation,
})

/** The viewer's organisations in a city that they may apply for, with where each one stands. */
export async function joinOptions(ctx: Ctx, clusterId: string) {
  requirePerson(ctx.viewer)
  const adminOf = [...ctx.viewer.orgs].filter(([, role]) => role === 'admin').map(([id]) => id)
  const [summaries, memberships] = await Promise.all([
    Promise.all(adminOf.map((id) => getActorSummaryById(ctx, id))),
    selectMembershipsOfActors(ctx.db, adminOf),
  ])
  return summaries
    .filter((a) => a?.clusterId === clusterId)
    .map((a) => ({
      ...a!,
      status: memberships.find((m) => m.actorId === a!.id && m.clusterId === clusterId)?.status,
    }))
}

const blocking: MembershipStatus[] = ['pending', 'member', 'suspended']

/**
 * An organisation's admin applies for its membership of its city's cluster. After a decline or a
 * withdrawal it may apply again; a pending or running membership blocks a second one.
 */
export async function applyForMembership(
  ctx: Ctx,
  clusterId: string,
  input: z.infer<typeof applicationSchema>,
) {
  const person = authorize(ctx, 'apply', { actorId: input.organisation })
  const cluster = await findCluster(ctx, clusterId)
  const actor = await getActorSummaryById(ctx, input.organisation)
  if (!actor || actor.clusterId !== cluster.id)
    throw fieldError(
      'organisation',
      'other_city',
      ctx.i18n.t('membership.error.other_city', { city: cluster.cityName }),
    )
  const membership = await inTransaction(ctx, async (tx) => {
    const existing = await selectMembership(tx, actor.id, cluster.id)
    if (existing && blocking.includes(existing.status))
      throw fieldError(
        'organisation',
        'membership_exists',
        ctx.i18n.t(`membership.error.exists_${existing.status}`),
        409,
      )
    const values = { status: 'pending' as const, motivation: input.motivation, appliedBy: person.id }
    const row = existing
      ? await updateMembership(tx, existing.id, values)
      : await insertMembership(tx, { ...values, actorId: actor.id, clusterId: cluster.id })
    await insertMembershipEvents(tx, [{ membershipId: row.id, status: 'pending', userId: person.id }])
    await recordAudit(tx, ctx, {
      action: 'membership.applied',
      subjectType: 'membership',
      subjectId: row.id,
      clusterId: cluster.id,
      before: existing ? { status: existing.status } : null,
      after: { status: 'pending', actor: actor.slug, motivation: input.motivation },
    })
    return row
  })
  const managers = await selectClusterManagers(ctx.db, cluster.id)
  await tellPeople(
    ctx,
    managers.map((m) => m.userId),
    'membership_application',
    (i18n) => ({
      subject: i18n.t('membership.mail.applied.subject', { organisation: actor.name }),
      body: i18n.t('membership.mail.applied.body', {
        organisation: actor.name,
        city: cluster.cityName,
        link: `${ctx.config.publicUrl}/${i18n.locale}/clusters/${cluster.id}/applications`,
      }),
    }),
  )
  return { ...membership, actor }
}

// ---- deciding ------------------------------------------------------------------------------

export const decisions = ['approve', 'decline', 'suspend', 'reinstate'] as const
export type Decision = (typeof decisions)[number]

export const decisionSchema = z.object({
  decision: z.enum(decisions),
  reason: z.preprocess(
    (v) => (typeof v === 'string' && !v.trim() ? undefined : v),
    z.string().trim().max(1000).optional(),
  ),
})

/** Which state a decision starts from, where it leads, and whether it needs a reason. */
const transitions: Record<Decision, { from: MembershipStatus; to: MembershipStatus; reason: boolean }> = {
  approve: { from: 'pending', to: 'member', reason: false },
  decline: { from: 'pending', to: 'declined', reason: true },
  suspend: { from: 'member', to: 'suspended', reason: true },
  reinstate: { from: 'suspended', to: 'member', reason: false },
}

const auditActions: Record<Decision, string> = {
  approve: 'membership.approved',
  decline: 'membership.declined',
  suspend: 'membership.suspended',
  reinstate: 'membership.reinstated',
}

/**
 * Since when the membership has run without a break, from its events newest first (as
 * selectMembershipEvents gives them): a suspension pauses it, a reinstatement continues it, only a new
 * application starts it again. Null when it never began.
 */
function memberSinceOf(newestFirst: { status: MembershipStatus; at: Date }[]): Date | null {
  let since: Date | null = null
  for (const e of [...newestFirst].reverse()) {
    if (e.status === 'member') since ??= e.at
    else if (e.status !== 'suspended') since = null
  }
  return since
}

async function membershipOf(ctx: Ctx, clusterId: string, slug: string): Promise<ListedMembership> {
  const membership = await selectMembershipOfSlug(ctx.db, clusterId, slug)
  if (!membership) throw notFound()
  return membership
}

/**
 * A cluster manager (or the network admin) approves or declines an application, suspends a member or
 * reinstates one. The member badge follows; the organisation's admins are told in their languages.
 */
export async function decideMembership(
  ctx: Ctx,
  clusterId: string,
  slug: string,
  input: z.infer<typeof decisionSchema>,
) {
  const person = authorize(ctx, 'manage', { clusterId })
  const cluster = await findCluster(ctx, clusterId)
  const step = transitions[input.decision]
  if (step.reason && !input.reason)
    throw fieldError('reason', 'reason_required', ctx.i18n.t('membership.error.reason_required'))
  const listed = await membershipOf(ctx, cluster.id, slug)
  if (!can(ctx, 'decide', { clusterId: cluster.id, actorId: listed.actorId }))
    throw new AppError('own_organisation', 403, 'membership.error.own_organisation')
  const updated = await inTransaction(ctx, async (tx) => {
    const current = await selectMembership(tx, listed.actorId, cluster.id)
    if (current?.status !== step.from)
      throw new AppError('membership_state', 409, `membership.error.not_${step.from}`)
    const row = await updateMembership(tx, current.id, { status: step.to })
    await insertMembershipEvents(tx, [
      { membershipId: current.id, status: step.to, reason: input.reason ?? null, userId: person.id },
    ])
    // A reinstated member keeps the date it first became one; the badge was only paused.
    const since =
      input.decision === 'reinstate'
        ? (memberSinceOf(await selectMembershipEvents(tx, current.id)) ?? new Date())
        : step.to === 'member'
          ? new Date()
          : null
    await setClusterMembership(tx, listed.actorId, since)
    await recordAudit(tx, ctx, {
      action: auditActions[input.decision],
      subjectType: 'membership',
      subjectId: current.id,
      clusterId: cluster.id,
      before: { status: current.status },
      after: { status: step.to, reason: input.reason ?? null },
    })
    return row
  })
  const admins = await organisationAdminIds(ctx.db, listed.actorId)
  const applicant = updated.appliedBy ? [updated.appliedBy] : []
  await tellPeople(ctx, [...admins, ...applicant], 'membership_decision', (i18n) => {
    const values = { organisation: listed.name, city: cluster.cityName, reason: input.reason ?? '' }
    return {
      subject: i18n.t(`membership.mail.${input.decision}.subject`, values),
      body: i18n.t(`membership.mail.${input.decision}.body`, values),
    }
  })
  return { ...updated, actor: { id: listed.actorId, slug: listed.slug, name: listed.name } }
}

// ---- reading -------------------------------------------------------------------------------

export async function listApplications(ctx: Ctx, clusterId: string) {
  authorize(ctx, 'manage', { clusterId })
  return selectMemberships(ctx.db, clusterId, ['pending'])
}

export async function listMembers(ctx: Ctx, clusterId: string) {
  authorize(ctx, 'manage', { clusterId })
  return selectMemberships(ctx.db, clusterId, ['member', 'suspended'])
}

/** An organisation's membership with every change of it, newest first. */
export async function membershipHistory(ctx: Ctx, clusterId: string, slug: string) {
  authorize(ctx, 'manage', { clusterId })
  const membership = await membershipOf(ctx, clusterId, slug)
  return { membership, events: await selectMembershipEvents(ctx.db, membership.id) }
}

// ---- network applications and new clusters -------------------------------------------------

export const networkApplicationSchema = z.object({
  organisation_name: z.string().trim().min(2).max(160),
  city: z.string().trim().min(2).max(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/),
  motivation,
})

/** An organisation from a city outside the network asks to join it. */
export async function applyToNetwork(ctx: Ctx, input: z.infer<typeof networkApplicationSchema>) {
  const person = authorize(ctx, 'apply_to_network')
  return inTransaction(ctx, async (tx) => {
    const row = await insertNetworkApplication(tx, {
      userId: person.id,
      organisationName: input.organisation_name,
      city: input.city,
      country: input.country,
      motivation: input.motivation,
    })
    await recordAudit(tx, ctx, {
      action: 'network.applied',
      subjectType: 'network_application',
      subjectId: row.id,
      after: { organisation: row.organisationName, city: row.city, country: row.country },
    })
    return row
  })
}

export async function listNetworkApplications(ctx: Ctx) {
  authorize(ctx, 'run_network')
  return selectNetworkApplications(ctx.db)
}

export async function getNetworkApplication(ctx: Ctx, id: number) {
  authorize(ctx, 'run_network')
  const application = await selectNetworkApplication(ctx.db, id)
  if (!application) throw notFound()
  return application
}

export const declineSchema = z.object({ reason: z.string().trim().min(5).max(1000) })

/** The network admin declines a network application with a reason; the applicant hears it in their language. */
export async function declineNetworkApplication(ctx: Ctx, id: number, input: z.infer<typeof declineSchema>) {
  authorize(ctx, 'run_network')
  const application = await inTransaction(ctx, async (tx) => {
    const current = await selectNetworkApplication(tx, id)
    if (!current) throw notFound()
    if (current.status !== 'pending')
      throw new AppError('application_state', 409, 'membership.error.not_pending')
    const row = await updateNetworkApplication(tx, id, {
      status: 'declined',
      reason: input.reason,
      decidedAt: new Date(),
    })
    await recordAudit(tx, ctx, {
      action: 'network.declined',
      subjectType: 'network_application',
      subjectId: id,
      before: { status: current.status },
      after: { status: 'declined', reason: input.reason },
    })
    return row
  })
  await tellPeople(ctx, [application.userId], 'network_decision', (i18n) => ({
    subject: i18n.t('membership.mail.network_declined.subject'),
    body: i18n.t('membership.mail.network_declined.body', {
      organisation: application.organisationName,
      city: application.city,
      reason: input.reason,
    }),
  }))
  return application
}

const coordinate = (limit: number) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(-limit).max(limit))

export const clusterSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(40),
  city_name: z.string().trim().min(2).max(100),
  city_name_en: z.string().trim().min(2).max(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/),
  language: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2}$/),
  lat: coordinate(90),
  lon: coordinate(180),
  accent: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/),
  application: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().optional()),
})

/** The accent a new city is offered: the first of the reserve that no cluster wears yet. */
export async function suggestedAccent(ctx: Ctx) {
  const taken = new Set((await listClusters(ctx)).map((c) => c.accent.toLowerCase()))
  return reserveAccents.find((a) => !taken.has(a)) ?? reserveAccents[0]
}

/**
 * The network admin opens a cluster for a new city; when it answers a network application, that
 * application is accepted and its applicant told in their language.
 */
export async function openNewCluster(ctx: Ctx, input: z.infer<typeof clusterSchema>) {
  authorize(ctx, 'run_network')
  const application = await inTransaction(ctx, async (tx) => {
    const pending = input.application ? await selectNetworkApplication(tx, input.application) : undefined
    if (input.application && pending?.status !== 'pending')
      throw fieldError('application', 'application_state', ctx.i18n.t('membership.error.not_pending'), 409)
    const opened = await openCluster(tx, {
      id: input.id,
      cityName: input.city_name,
      cityNameEn: input.city_name_en,
      country: input.country,
      language: input.language,
      lat: input.lat,
      lon: input.lon,
      accent: input.accent.toLowerCase(),
    })
    if (!opened) throw fieldError('id', 'cluster_exists', ctx.i18n.t('membership.error.cluster_exists'), 409)
    if (pending)
      await updateNetworkApplication(tx, pending.id, {
        status: 'accepted',
        clusterId: input.id,
        decidedAt: new Date(),
      })
    await recordAudit(tx, ctx, {
      action: 'cluster.opened',
      subjectType: 'cluster',
      subjectId: input.id,
      clusterId: input.id,
      after: { ...input },
    })
    return pending
  })
  if (application)
    await tellPeople(ctx, [application.userId], 'network_decision', (i18n) => ({
      subject: i18n.t('membership.mail.network_accepted.subject', { city: input.city_name }),
      body: i18n.t('membership.mail.network_accepted.body', {
        organisation: application.organisationName,
        city: input.city_name,
        link: `${ctx.config.publicUrl}/${i18n.locale}/clusters/${input.id}`,
      }),
    }))
  return { id: input.id }
}

// ---- cluster managers ----------------------------------------------------------------------

export const managerSchema = z.object({ email: z.email().max(254) })

/** Who manages a city's cluster (user ids), for modules that send its managers something to decide. */
export const clusterManagerIds = async (db: Db, clusterId: string) =>
  (await selectClusterManagers(db, clusterId)).map((m) => m.userId)

export async function listClusterManagers(ctx: Ctx, clusterId: string) {
  authorize(ctx, 'run_network')
  await findCluster(ctx, clusterId)
  return selectClusterManagers(ctx.db, clusterId)
}

/** The network admin makes the person with this e-mail a manager of the cluster. */
export async function appointManager(ctx: Ctx, clusterId: string, input: z.infer<typeof managerSchema>) {
  authorize(ctx, 'run_network')
  const cluster = await findCluster(ctx, clusterId)
  const person = await findPersonByEmail(ctx.db, input.email)
  if (!person) throw fieldError('email', 'unknown_person', ctx.i18n.t('membership.error.unknown_person'))
  await inTransaction(ctx, async (tx) => {
    if (!(await insertClusterManager(tx, cluster.id, person.id)))
      throw fieldError('email', 'manager_exists', ctx.i18n.t('membership.error.manager_exists'), 409)
    await recordAudit(tx, ctx, {
      action: 'cluster.manager_appointed',
      subjectType: 'person',
      subjectId: person.id,
      clusterId: cluster.id,
      after: { email: person.email },
    })
  })
  return { userId: person.id, name: person.name, email: person.email }
}

export async function removeManager(ctx: Ctx, clusterId: string, userId: string) {
  authorize(ctx, 'run_network')
  const cluster = await findCluster(ctx, clusterId)
  await inTransaction(ctx, async (tx) => {
    if (!(await deleteClusterManager(tx, cluster.id, userId))) throw notFound()
    await recordAudit(tx, ctx, {
      action: 'cluster.manager_removed',
      subjectType: 'person',
      subjectId: userId,
      clusterId: cluster.id,
    })
  })
}
