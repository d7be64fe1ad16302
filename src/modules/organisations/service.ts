import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import {
  forbidden,
  onAccountDeletion,
  providePersonalData,
  provideViewerFacts,
  signInRequired,
  type Viewer,
} from '../../core/auth'
import { type Db, inTransaction } from '../../core/db/client'
import { AppError, notFound, validationError } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { Ctx } from '../../core/http'
import { findPersonByEmail, limitAttempts } from '../accounts/service'
import type { ActorRow } from '../actors/service'
import { clusterMembersAmong, createActor, getActor, updateActor } from '../actors/service'
import { recordAudit } from '../audit/service'
import { type Mail, mailI18n, sendMail } from '../mail/service'
import { findCluster } from '../network/service'
import { deleteLogo, storeLogo } from './logos'
import { applyPatch, fieldsOf, parsePatch, parseProfile, profileOf, toActorFields } from './profile'
import {
  deleteOrgPerson,
  insertClaim,
  insertDemoPeople,
  insertInvitation,
  insertOrgPerson,
  lockInvitationsTo,
  markInvitationAccepted,
  renewInvitation,
  selectActorsWithAdmins,
  selectAdminIds,
  selectClaim,
  selectClaimsOfPerson,
  selectInvitationByHash,
  selectInvitationsSentBy,
  selectOpenInvitations,
  selectOrganisationsOfPerson,
  selectOrganisationsWithPeople,
  selectPendingClaimOf,
  selectPendingClaimsInCluster,
  selectPeople,
  selectRole,
  selectRolesOfPerson,
  selectUnacceptedInvitation,
  updateClaimDecision,
  updateOrgRole,
} from './queries'
import { type OrgRole, orgRoles } from './schema'

export type { OrgRole }
export { orgRoles }

provideViewerFacts(async (db, person) => {
  const roles = await selectRolesOfPerson(db, person.id)
  const ids = roles.map((r) => Number(r.actorId))
  return {
    orgs: new Map(roles.map((r) => [Number(r.actorId), r.role])),
    networkMember: (await clusterMembersAmong(db, ids)).length > 0,
  }
})

providePersonalData('organisations', async (db, personId) => ({
  roles: (await selectOrganisationsOfPerson(db, personId)).map((r) => ({
    organisation: r.slug,
    name: r.name,
    role: r.role,
    since: r.since,
  })),
  claims: await selectClaimsOfPerson(db, personId),
  invitations_sent: await selectInvitationsSentBy(db, personId),
}))

// ---- permissions ---------------------------------------------------------------------------

export type OrgAction =
  | 'create'
  | 'claim'
  | 'edit'
  | 'see_people'
  | 'manage_people'
  | 'remove_person'
  | 'decide_claims'

export interface OrgSubject {
  actorId?: number
  clusterId?: string
  /** The person acted upon (removing oneself is leaving). */
  personId?: string
}

/**
 * Who may do what with organisations. Any signed-in person creates one or claims one they are not in;
 * its admins (and the network admin) edit it and manage its people; its people see who else is in it
 * and may leave; its city's cluster managers (and the network admin) decide claims.
 */
export function can(ctx: Pick<Ctx, 'viewer'>, action: OrgAction, subject: OrgSubject = {}): boolean {
  const { person, orgs, managedClusters } = ctx.viewer
  if (!person) return false
  const role = subject.actorId === undefined ? undefined : orgs.get(subject.actorId)
  switch (action) {
    case 'create':
      return true
    case 'claim':
      return role === undefined
    case 'edit':
    case 'manage_people':
      return role === 'admin' || person.networkAdmin
    case 'see_people':
      return role !== undefined || person.networkAdmin
    case 'remove_person':
      return role === 'admin' || person.networkAdmin || (role !== undefined && subject.personId === person.id)
    case 'decide_claims':
      return person.networkAdmin || (!!subject.clusterId && managedClusters.has(subject.clusterId))
  }
}

/** Refuses what `can` does not allow: 401 for a visitor, 403 for a signed-in person. */
export function authorize(ctx: Ctx, action: OrgAction, subject?: OrgSubject) {
  if (!can(ctx, action, subject)) throw ctx.viewer.person ? forbidden() : signInRequired()
}

function parse<T extends z.ZodType>(ctx: Ctx, schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  return parsed.data
}

const actorSubject = (actor: ActorRow) => ({ actorId: Number(actor.id), clusterId: actor.clusterId })
const profileUrl = (ctx: Ctx, locale: string, slug: string) =>
  `${ctx.config.publicUrl}/${locale}/actors/${slug}`

/**
 * Sends a mail about a change already committed: a mail that cannot go out (SMTP down) is logged and does
 * not turn the committed change into an error, which people would retry. It can be sent again.
 */
const mailAfterCommit = (ctx: Ctx, mail: Mail) =>
  sendMail(ctx, mail).catch((err) =>
    console.error(`[${ctx.requestId}] mail "${mail.kind}" to ${mail.to} failed:`, err),
  )

// ---- profiles ------------------------------------------------------------------------------

/** Adds an organisation to the directory with the signed-in person as its admin. */
export async function createOrganisation(ctx: Ctx, input: unknown) {
  authorize(ctx, 'create')
  const fields = await toActorFields(ctx, parseProfile(ctx, input))
  return inTransaction(ctx, async (tx) => {
    const created = await createActor(tx, fields)
    await insertOrgPerson(tx, created.id, ctx.viewer.person!.id, 'admin')
    await recordAudit(tx, ctx, {
      action: 'organisation.created',
      subjectType: 'actor',
      subjectId: created.id,
      clusterId: fields.clusterId,
      after: { slug: created.slug, ...fields },
    })
    return created
  })
}

/** An organisation's whole profile, for its editors. */
export async function organisationForEditing(ctx: Ctx, slug: string) {
  const actor = await getActor(ctx, slug)
  authorize(ctx, 'edit', actorSubject(actor))
  return { actor, profile: profileOf(actor) }
}

export interface ProfileChange {
  /** Fields to change; the rest stay. */
  profile?: unknown
  /** A new logo's bytes, or null to remove the logo. */
  logo?: Uint8Array | null
}

/** Changes an organisation's profile, its fields' visibility and its logo, all or nothing. */
export async function updateOrganisation(ctx: Ctx, slug: string, change: ProfileChange) {
  const actor = await getActor(ctx, slug)
  authorize(ctx, 'edit', actorSubject(actor))
  // Editors see every field, so the profile read above is whole.
  // A new logo alone leaves the fields as they are, even where they would not pass today's checks.
  const fields =
    change.profile === undefined
      ? fieldsOf(actor)
      : await toActorFields(
          ctx,
          parseProfile(ctx, applyPatch(profileOf(actor), parsePatch(ctx, change.profile))),
          actor.originalLanguage,
        )
  const logoUrl = change.logo ? await storeLogo(ctx.config, ctx.i18n, change.logo) : change.logo
  const before: Record<string, unknown> = { ...profileOf(actor), logoUrl: actor.logoUrl }
  const after: Record<string, unknown> = { ...profileOf({ ...actor, ...fields }), logoUrl: actor.logoUrl }
  if (logoUrl !== undefined) after.logoUrl = logoUrl
  const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
  try {
    await inTransaction(ctx, async (tx) => {
      await updateActor(tx, actor.id, { ...fields, ...(logoUrl !== undefined ? { logoUrl } : {}) })
      await recordAudit(tx, ctx, {
        action: 'organisation.updated',
        subjectType: 'actor',
        subjectId: actor.id,
        clusterId: actor.clusterId,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      })
    })
  } catch (err) {
    if (logoUrl) await deleteLogo(ctx.config, logoUrl)
    throw err
  }
  if (logoUrl !== undefined && actor.logoUrl !== logoUrl) await deleteLogo(ctx.config, actor.logoUrl)
  return { logoUrl: logoUrl === undefined ? actor.logoUrl : logoUrl }
}

// ---- claims --------------------------------------------------------------------------------

export const claimSchema = z.object({ message: z.string().trim().min(10).max(2000) }).strict()

const hasAdmins = async (db: Db, actorId: number) =>
  (await selectPeople(db, actorId)).some((p) => p.role === 'admin')

/** What the claim page shows a person: whether the organisation can be claimed, and their own claim. */
export async function claimState(ctx: Ctx, slug: string) {
  const actor = await getActor(ctx, slug)
  const person = ctx.viewer.person
  if (!person) throw signInRequired()
  const [admins, pending] = await Promise.all([
    hasAdmins(ctx.db, actor.id),
    selectPendingClaimOf(ctx.db, actor.id, person.id),
  ])
  return { actor, hasAdmins: admins, pending: !!pending, member: ctx.viewer.orgs.has(Number(actor.id)) }
}

/** Asks the cluster manager of the organisation's city to make the signed-in person its admin. */
export async function claimOrganisation(ctx: Ctx, slug: string, input: unknown) {
  const actor = await getActor(ctx, slug)
  authorize(ctx, 'claim', actorSubject(actor))
  const { message } = parse(ctx, claimSchema, input)
  const person = ctx.viewer.person!
  if (await hasAdmins(ctx.db, actor.id))
    throw new AppError('has_admins', 409, 'organisations.claim.has_admins')
  if (await selectPendingClaimOf(ctx.db, actor.id, person.id))
    throw new AppError('claim_pending', 409, 'organisations.claim.pending')
  return inTransaction(ctx, async (tx) => {
    const claim = await insertClaim(tx, { actorId: actor.id, userId: person.id, message })
    await recordAudit(tx, ctx, {
      action: 'organisation.claim_submitted',
      subjectType: 'actor',
      subjectId: actor.id,
      clusterId: actor.clusterId,
      after: { claim: claim.id, message },
    })
    return { id: claim.id, status: claim.status }
  })
}

/** The claims waiting for a decision in a city, oldest first. */
export async function listPendingClaims(ctx: Ctx, clusterId: string) {
  authorize(ctx, 'decide_claims', { clusterId })
  const cluster = await findCluster(ctx, clusterId)
  return { cluster, claims: await selectPendingClaimsInCluster(ctx.db, clusterId) }
}

export const decisionSchema = z
  .object({
    decision: z.enum(['approve', 'decline']),
    reason: z.preprocess(
      (v) => (typeof v === 'string' && !v.trim() ? undefined : v),
      z.string().trim().max(2000).optional(),
    ),
  })
  .strict()

/**
 * Approves a claim (the claimant becomes admin) or declines it with a reason; the claimant is told by e-mail.
 * No one decides their own claim: another of the city's managers or the network admin does.
 */
export async function decideClaim(ctx: Ctx, clusterId: string, claimId: number, input: unknown) {
  authorize(ctx, 'decide_claims', { clusterId })
  const { decision, reason } = parse(ctx, decisionSchema, input)
  if (decision === 'decline' && !reason)
    throw fieldError('reason', 'reason_missing', ctx.i18n.t('organisations.error.reason_missing'), 400)
  const claim = await selectClaim(ctx.db, claimId)
  if (!claim || claim.clusterId !== clusterId) throw notFound()
  if (claim.userId === ctx.viewer.person!.id) throw new AppError('own_claim', 403, 'organisations.claim.own')
  if (claim.status !== 'pending') throw new AppError('claim_decided', 409, 'organisations.claim.decided')
  if (decision === 'approve' && (await hasAdmins(ctx.db, claim.actorId)))
    throw new AppError('has_admins', 409, 'organisations.claim.has_admins')
  const status = decision === 'approve' ? 'approved' : 'declined'
  await inTransaction(ctx, async (tx) => {
    await updateClaimDecision(tx, claim.id, {
      status,
      reason: reason ?? null,
      decidedBy: ctx.viewer.person!.id,
    })
    if (status === 'approved') {
      // The claimant may have joined by invitation in the meantime.
      if (await selectRole(tx, claim.actorId, claim.userId))
        await updateOrgRole(tx, claim.actorId, claim.userId, 'admin')
      else await insertOrgPerson(tx, claim.actorId, claim.userId, 'admin')
    }
    await recordAudit(tx, ctx, {
      action: `organisation.claim_${status}`,
      subjectType: 'actor',
      subjectId: claim.actorId,
      clusterId,
      before: { claim: claim.id, status: 'pending' },
      after: { claim: claim.id, status, person: claim.userId, reason: reason ?? null },
    })
  })
  const mail = mailI18n(claim.claimantLocale)
  const values = {
    organisation: claim.actorName,
    reason: reason ?? '',
    link: profileUrl(ctx, mail.locale, claim.actorSlug),
  }
  await mailAfterCommit(ctx, {
    to: claim.claimantEmail,
    locale: mail.locale,
    kind: `org_claim_${status}`,
    subject: mail.t(`organisations.mail.claim_${status}.subject`, values),
    body: mail.t(`organisations.mail.claim_${status}.body`, values),
  })
}

// ---- people --------------------------------------------------------------------------------

/** The people of an organisation and, for those who manage them, the invitations still open. */
export async function listPeople(ctx: Ctx, slug: string) {
  const actor = await getActor(ctx, slug)
  const subject = actorSubject(actor)
  authorize(ctx, 'see_people', subject)
  const manage = can(ctx, 'manage_people', subject)
  const [people, invitations] = await Promise.all([
    selectPeople(ctx.db, actor.id),
    manage ? selectOpenInvitations(ctx.db, actor.id) : [],
  ])
  return { actor, people, invitations, manage }
}

export const invitationSchema = z
  .object({ email: z.email().max(254), role: z.enum(orgRoles).default('member') })
  .strict()

export const invitationDays = 14
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

const hour = 3600 * 1000
/** How many invitations may go out per window: from one person, and for one organisation. */
export const invitationLimits = {
  perPerson: { max: 20, windowMs: hour },
  perOrganisation: { max: 40, windowMs: hour },
}

/**
 * Invites someone by e-mail; the link holds a token of which only a hash is kept. An address has at most one
 * open invitation per organisation: inviting it again renews that one (new link, role and expiry) and sends
 * it again. Invitations are mail to any address, so each person and each organisation may send only so many
 * an hour.
 */
export async function invitePerson(ctx: Ctx, slug: string, input: unknown) {
  const actor = await getActor(ctx, slug)
  authorize(ctx, 'manage_people', actorSubject(actor))
  const { role, ...rest } = parse(ctx, invitationSchema, input)
  const email = rest.email.toLowerCase()
  const inviter = ctx.viewer.person!
  const existing = await findPersonByEmail(ctx.db, email)
  if (existing && (await selectRole(ctx.db, actor.id, existing.id)))
    throw fieldError('email', 'already_member', ctx.i18n.t('organisations.error.already_member'), 409)
  await limitAttempts(ctx.db, `invite:person:${inviter.id}`, invitationLimits.perPerson)
  await limitAttempts(ctx.db, `invite:organisation:${actor.id}`, invitationLimits.perOrganisation)
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + invitationDays * 24 * 3600 * 1000)
  const invitation = await inTransaction(ctx, async (tx) => {
    await lockInvitationsTo(tx, actor.id, email)
    const open = await selectUnacceptedInvitation(tx, actor.id, email)
    const values = { role, tokenHash: tokenHash(token), invitedBy: inviter.id, expiresAt }
    const row = open
      ? await renewInvitation(tx, open.id, values)
      : await insertInvitation(tx, { actorId: actor.id, email, ...values })
    await recordAudit(tx, ctx, {
      action: 'organisation.person_invited',
      subjectType: 'actor',
      subjectId: actor.id,
      clusterId: actor.clusterId,
      before: open ? { invitation: open.id, email, role: open.role } : undefined,
      after: { invitation: row.id, email, role },
    })
    return row
  })
  // Someone without an account yet gets the invitation in the inviter's language.
  const mail = mailI18n(existing?.locale ?? inviter.locale)
  const values = {
    organisation: actor.name,
    inviter: inviter.name,
    role: mail.t(`organisations.role.${role}`),
    link: `${ctx.config.publicUrl}/${mail.locale}/invitations/accept?token=${token}`,
    days: invitationDays,
  }
  await mailAfterCommit(ctx, {
    to: email,
    locale: mail.locale,
    kind: 'org_invitation',
    subject: mail.t('organisations.mail.invitation.subject', values),
    body: mail.t('organisations.mail.invitation.body', values),
  })
  return { id: invitation.id, email, role, expiresAt }
}

/** An invitation by its token, if it can still be accepted. */
export async function findInvitation(ctx: Ctx, token: string) {
  const invitation = token ? await selectInvitationByHash(ctx.db, tokenHash(token)) : undefined
  if (!invitation || invitation.acceptedAt || invitation.expiresAt < new Date())
    throw new AppError('invalid_invitation', 400, 'organisations.invitation.invalid')
  return invitation
}

export const acceptSchema = z.object({ token: z.string().min(1).max(200) }).strict()

/** Joins the organisation of an invitation sent to the signed-in person's address. */
export async function acceptInvitation(ctx: Ctx, input: unknown) {
  const person = ctx.viewer.person
  if (!person) throw signInRequired()
  const invitation = await findInvitation(ctx, parse(ctx, acceptSchema, input).token)
  if (invitation.email.toLowerCase() !== person.email.toLowerCase())
    throw new AppError('wrong_account', 403, 'organisations.invitation.wrong_account', {
      email: invitation.email,
    })
  await inTransaction(ctx, async (tx) => {
    await markInvitationAccepted(tx, invitation.id)
    if (await selectRole(tx, invitation.actorId, person.id)) return
    await insertOrgPerson(tx, invitation.actorId, person.id, invitation.role)
    await recordAudit(tx, ctx, {
      action: 'organisation.person_joined',
      subjectType: 'actor',
      subjectId: invitation.actorId,
      clusterId: invitation.clusterId,
      after: { invitation: invitation.id, person: person.id, role: invitation.role },
    })
  })
  return { slug: invitation.actorSlug, role: invitation.role }
}

export const roleSchema = z.object({ role: z.enum(orgRoles) }).strict()

async function roleOf(db: Db, actorId: number, personId: string) {
  const role = await selectRole(db, actorId, personId)
  if (!role) throw notFound()
  return role
}

/** Makes someone admin or member; the last admin cannot step down (they may leave, see removePerson). */
export async function changeRole(ctx: Ctx, slug: string, personId: string, input: unknown) {
  const actor = await getActor(ctx, slug)
  authorize(ctx, 'manage_people', actorSubject(actor))
  const { role } = parse(ctx, roleSchema, input)
  const current = await roleOf(ctx.db, actor.id, personId)
  if (current === role) return
  const admins = (await selectPeople(ctx.db, actor.id)).filter((p) => p.role === 'admin')
  if (current === 'admin' && admins.length === 1)
    throw fieldError('role', 'last_admin', ctx.i18n.t('organisations.error.last_admin'), 409)
  await inTransaction(ctx, async (tx) => {
    await updateOrgRole(tx, actor.id, personId, role)
    await recordAudit(tx, ctx, {
      action: 'organisation.role_changed',
      subjectType: 'actor',
      subjectId: actor.id,
      clusterId: actor.clusterId,
      before: { person: personId, role: current },
      after: { person: personId, role },
    })
  })
}

/**
 * Takes a person out of an organisation and settles what that leaves: when the last admin goes and others
 * remain, the longest-standing of them becomes admin; when no one remains, the organisation stays in the
 * directory without people and can be claimed again.
 */
async function departAndSettle(
  tx: Db,
  ctx: Pick<Ctx, 'viewer' | 'requestId'>,
  actor: { id: number; clusterId: string },
  personId: string,
  action: 'organisation.person_left' | 'organisation.person_removed',
) {
  const role = await roleOf(tx, actor.id, personId)
  await deleteOrgPerson(tx, actor.id, personId)
  await recordAudit(tx, ctx, {
    action,
    subjectType: 'actor',
    subjectId: actor.id,
    clusterId: actor.clusterId,
    before: { person: personId, role },
  })
  const remaining = await selectPeople(tx, actor.id)
  if (role !== 'admin' || !remaining.length || remaining.some((p) => p.role === 'admin')) return
  const successor = remaining[0]
  await updateOrgRole(tx, actor.id, successor.userId, 'admin')
  await recordAudit(tx, ctx, {
    action: 'organisation.admin_succession',
    subjectType: 'actor',
    subjectId: actor.id,
    clusterId: actor.clusterId,
    before: { person: successor.userId, role: successor.role },
    after: { person: successor.userId, role: 'admin' },
  })
}

/** Removes someone from an organisation; removing oneself is leaving it. */
export async function removePerson(ctx: Ctx, slug: string, personId: string) {
  const actor = await getActor(ctx, slug)
  authorize(ctx, 'remove_person', { ...actorSubject(actor), personId })
  const self = personId === ctx.viewer.person!.id
  await inTransaction(ctx, (tx) =>
    departAndSettle(
      tx,
      ctx,
      actor,
      personId,
      self ? 'organisation.person_left' : 'organisation.person_removed',
    ),
  )
}

// A deleted account leaves each of its organisations as if the person had left; the audit keeps that it
// happened, not who it was.
onAccountDeletion(async (tx, personId, ctx) => {
  const anonymous: Pick<Ctx, 'viewer' | 'requestId'> = {
    requestId: ctx.requestId,
    viewer: { ...ctx.viewer, person: null } satisfies Viewer,
  }
  for (const org of await selectOrganisationsOfPerson(tx, personId)) {
    await departAndSettle(
      tx,
      anonymous,
      { id: Number(org.actorId), clusterId: org.clusterId },
      personId,
      'organisation.person_left',
    )
  }
})

/** The organisations a person belongs to, with name, city and role (for demo data and other modules). */
export const organisationsOfPerson = (db: Db, userId: string) => selectOrganisationsOfPerson(db, userId)

/** People put into organisations by other modules' demo loaders (no invitation, no audit). */
export const addDemoPeople = (db: Db, rows: Parameters<typeof insertDemoPeople>[1]) =>
  insertDemoPeople(db, rows)

/** The admins of an organisation (person ids): they hear about its membership of a cluster. */
/** The organisations that have people (someone to tell about them), by id. */
export const organisationsWithPeople = (db: Db) => selectOrganisationsWithPeople(db)

export const organisationAdminIds = (db: Db, actorId: number) => selectAdminIds(db, actorId)

/** Which of these organisations someone runs (they have an admin): their profiles are theirs to keep. */
export const organisationsWithAdmins = async (db: Db, actorIds: number[]) =>
  new Set(await selectActorsWithAdmins(db, actorIds))
