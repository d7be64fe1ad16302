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
import { getActor, getActorSummaryById } from '../actors/service'
import { recordAudit } from '../audit/service'
import { clusterManagerIds } from '../membership/service'
import { findCluster } from '../network/service'
import { defineNotificationKind, notify } from '../notifications/service'
import { checkUploads, deleteAttachments, readAttachment, type Upload, writeAttachments } from './attachments'
import {
  countUnreadConversations,
  insertAttachments,
  insertConversation,
  insertMessage,
  insertParties,
  insertReport,
  markRead,
  resolveReports,
  selectAttachment,
  selectAttachmentsOf,
  selectConversation,
  selectInbox,
  selectMessage,
  selectMessagesWrittenBy,
  selectOpenReports,
  selectParties,
  selectReport,
  selectReportsBy,
  selectThread,
  touchConversation,
} from './queries'

defineNotificationKind('messages.new_message', { email: 'immediate' })
defineNotificationKind('messages.message_reported', { email: 'immediate' })

provideViewerFacts(async (db, person) => ({
  counters: { messages: await countUnreadConversations(db, person.id) },
}))

// The person's own messages; what the other side wrote stays with the organisations.
providePersonalData('messages', async (db, personId) => ({
  written: await selectMessagesWrittenBy(db, personId),
  reports: await selectReportsBy(db, personId),
}))

// An account's deletion needs nothing here: `messages.user_id` is set null, and the thread shows the
// message as written by a former member of the organisation.

export interface NewConversation {
  /** The two organisations (actor ids). */
  parties: [number, number]
  subject: string
  /** What it came from, e.g. `{ type: 'interest', id: '12' }`. */
  origin?: { type: string; id: string }
  /** The first message, written by one of the parties. */
  first?: { actorId: number; userId: string | null; body: string }
}

/** Opens a conversation between two organisations in the caller's transaction; returns its id. */
export async function openConversation(tx: Db, input: NewConversation): Promise<number> {
  const id = await insertConversation(tx, {
    subject: input.subject,
    originType: input.origin?.type,
    originId: input.origin?.id,
  })
  await insertParties(tx, id, input.parties)
  if (input.first) await insertMessage(tx, { conversationId: id, ...input.first })
  return id
}

// ---- permissions ---------------------------------------------------------------------------

export type MessagesAction =
  /** Write to other organisations at all: people who belong to an organisation. */
  | 'write'
  /** Read a conversation and answer in it: the people of its parties. */
  | 'read'
  /** Write as one organisation of a conversation: its people. */
  | 'write_as'
  /** Report a message as abuse: people of a party other than the message's, not of the message's own. */
  | 'report'
  /** See and resolve reports of a city: its cluster managers, no one else (not the network admin). */
  | 'review_reports'

export interface MessagesSubject {
  parties?: number[]
  actorId?: number
  clusterId?: string
}

/** The one permission rule of this module. */
export function can(
  ctx: Pick<Ctx, 'viewer'>,
  action: MessagesAction,
  subject: MessagesSubject = {},
): boolean {
  const { person, orgs, managedClusters } = ctx.viewer
  if (!person) return false
  const inParty = (subject.parties ?? []).some((id) => orgs.has(id))
  switch (action) {
    case 'write':
      return orgs.size > 0
    case 'read':
      return inParty
    case 'write_as':
      return (
        subject.actorId !== undefined &&
        !!subject.parties?.includes(subject.actorId) &&
        orgs.has(subject.actorId)
      )
    case 'report':
      return (
        subject.actorId !== undefined &&
        !orgs.has(subject.actorId) &&
        (subject.parties ?? []).some((id) => id !== subject.actorId && orgs.has(id))
      )
    case 'review_reports':
      return subject.clusterId !== undefined && managedClusters.has(subject.clusterId)
  }
}

function authorize(ctx: Ctx, action: MessagesAction, subject?: MessagesSubject): SignedInPerson {
  const person = requirePerson(ctx.viewer)
  if (!can(ctx, action, subject)) throw forbidden()
  return person
}

/**
 * The conversation's parties when the viewer is one of them. Anyone else — another organisation, a
 * cluster manager, the network admin — meets the same 404 as for a conversation that does not exist.
 */
export async function checkConversationAccess(ctx: Ctx, conversationId: number) {
  requirePerson(ctx.viewer)
  const parties = await selectParties(ctx.db, [conversationId])
  if (!can(ctx, 'read', { parties: parties.map((p) => p.id) })) throw notFound()
  return parties
}

// ---- reading -------------------------------------------------------------------------------

export type Party = { id: number; slug: string; name: string }

export interface InboxEntry {
  id: number
  subject: string
  lastMessageAt: Date
  /** The organisations of the conversation that the viewer does not belong to (all of them if the viewer is in every one). */
  others: Party[]
  lastMessage: { excerpt: string | null; hidden: boolean; mine: boolean } | null
  unread: number
}

const excerptOf = (body: string) => (body.length > 140 ? `${body.slice(0, 139).trimEnd()}…` : body)

/** The viewer's conversations across their organisations, newest activity first. */
export async function listConversations(ctx: Ctx, limit = 100): Promise<InboxEntry[]> {
  const person = requirePerson(ctx.viewer)
  const mine = [...ctx.viewer.orgs.keys()]
  const inbox = await selectInbox(ctx.db, person.id, mine, limit)
  const parties = await selectParties(
    ctx.db,
    inbox.map((c) => c.id),
  )
  return inbox.map((c) => {
    const all = parties.filter((p) => p.conversationId === c.id)
    const others = all.filter((p) => !ctx.viewer.orgs.has(p.id))
    return {
      id: c.id,
      subject: c.subject,
      lastMessageAt: c.lastMessageAt,
      others: (others.length ? others : all).map(({ id, slug, name }) => ({ id, slug, name })),
      lastMessage:
        c.lastActorId === null
          ? null
          : {
              excerpt: c.lastHidden || c.lastBody === null ? null : excerptOf(c.lastBody),
              hidden: c.lastHidden,
              mine: ctx.viewer.orgs.has(c.lastActorId),
            },
      unread: c.unread,
    }
  })
}

export interface ThreadMessage {
  id: number
  organisation: Party
  /** Null when the author's account is gone: "a former member". */
  author: string | null
  /** Null when a cluster manager hid the message. */
  body: string | null
  hidden: boolean
  createdAt: Date
  attachments: { id: number; fileName: string; contentType: string; size: number }[]
  /** Written by an organisation the viewer belongs to. */
  mine: boolean
  /** The viewer may report it (a person of the other side). */
  reportable: boolean
}

export interface Thread {
  id: number
  subject: string
  createdAt: Date
  parties: Party[]
  /** The parties the viewer may write as. */
  writeAs: Party[]
  messages: ThreadMessage[]
}

/** A conversation with every message, for its parties only; reading it marks it read for the viewer. */
export async function getConversation(
  ctx: Ctx,
  id: number,
  options: { markRead?: boolean } = {},
): Promise<Thread> {
  const person = requirePerson(ctx.viewer)
  const parties = await checkConversationAccess(ctx, id)
  const conversation = (await selectConversation(ctx.db, id))!
  const partyIds = parties.map((p) => p.id)
  const written = await selectThread(ctx.db, id)
  const attachments = await selectAttachmentsOf(
    ctx.db,
    written.filter((m) => !m.hidden).map((m) => m.id),
  )
  if (options.markRead !== false) await markRead(ctx.db, id, person.id)
  return {
    id,
    subject: conversation.subject,
    createdAt: conversation.createdAt,
    parties: parties.map(({ id, slug, name }) => ({ id, slug, name })),
    writeAs: parties
      .filter((p) => ctx.viewer.orgs.has(p.id))
      .map(({ id, slug, name }) => ({ id, slug, name })),
    messages: written.map((m) => ({
      id: m.id,
      organisation: { id: m.actorId, slug: m.organisationSlug, name: m.organisation },
      author: m.author,
      body: m.hidden ? null : m.body,
      hidden: m.hidden,
      createdAt: m.createdAt,
      attachments: attachments
        .filter((a) => a.messageId === m.id)
        .map(({ id, fileName, contentType, size }) => ({ id, fileName, contentType, size })),
      mine: ctx.viewer.orgs.has(m.actorId),
      reportable: !m.hidden && can(ctx, 'report', { parties: partyIds, actorId: m.actorId }),
    })),
  }
}

/** An attachment's bytes for the people of the conversation it was sent in; a 404 for anyone else. */
export async function getAttachment(ctx: Ctx, conversationId: number, attachmentId: number) {
  await checkConversationAccess(ctx, conversationId)
  const attachment = await selectAttachment(ctx.db, attachmentId)
  if (!attachment || attachment.conversationId !== conversationId || attachment.hidden) throw notFound()
  const bytes = await readAttachment(ctx.config, attachment.storageKey)
  if (!bytes) throw notFound()
  return { ...attachment, bytes }
}

// ---- writing -------------------------------------------------------------------------------

const body = z.string().trim().min(1).max(5000)
const subject = z.string().trim().min(3).max(200)
const organisationId = z.coerce.number().int().positive()
const optionalId = z.preprocess((v) => (v === '' ? undefined : v), organisationId.optional())

export const newConversationSchema = z.object({
  from: organisationId,
  to: z.string().trim().min(1).max(120),
  subject,
  body,
})

export const replySchema = z.object({ body, as: optionalId })

/** What the viewer chooses from when starting a conversation with an organisation: their other organisations. */
export async function conversationStart(ctx: Ctx, toSlug: string) {
  authorize(ctx, 'write')
  const to = await getActor(ctx, toSlug)
  const from = (
    await Promise.all(
      [...ctx.viewer.orgs.keys()].filter((id) => id !== to.id).map((id) => getActorSummaryById(ctx, id)),
    )
  ).filter((a) => a !== null)
  if (!from.length) throw forbidden()
  return { to: { id: to.id, slug: to.slug, name: to.name }, from }
}

/**
 * A person starts a conversation between one of their organisations and another organisation. The other
 * organisation's people are told; the subject and the text stay out of the audit log.
 */
export async function startConversation(ctx: Ctx, input: z.infer<typeof newConversationSchema>) {
  const person = authorize(ctx, 'write')
  if (!ctx.viewer.orgs.has(input.from)) throw forbidden()
  const from = (await getActorSummaryById(ctx, input.from))!
  const to = await getActor(ctx, input.to.toLowerCase()).catch(() => null)
  if (!to) throw fieldError('to', 'unknown_organisation', ctx.i18n.t('messages.error.unknown_organisation'))
  if (to.id === from.id)
    throw fieldError('to', 'same_organisation', ctx.i18n.t('messages.error.same_organisation'))
  return inTransaction(ctx, async (tx) => {
    const id = await openConversation(tx, {
      parties: [from.id, to.id],
      subject: input.subject,
      first: { actorId: from.id, userId: person.id, body: input.body },
    })
    await markRead(tx, id, person.id)
    await recordAudit(tx, ctx, {
      action: 'conversation.started',
      subjectType: 'conversation',
      subjectId: id,
      after: { from: from.slug, to: to.slug },
    })
    await notify(
      tx,
      { actorIds: [to.id], except: person.id },
      {
        kind: 'messages.new_message',
        values: { organisation: from.name, subject: input.subject },
        link: `/messages/${id}`,
      },
    )
    return { id }
  })
}

/** Which party the viewer writes as: the one named, or the only one they belong to. */
function senderOf(ctx: Ctx, parties: Party[], chosen: number | undefined): Party {
  const ids = parties.map((p) => p.id)
  if (chosen !== undefined) {
    if (!can(ctx, 'write_as', { parties: ids, actorId: chosen }))
      throw fieldError('as', 'not_a_party', ctx.i18n.t('messages.error.choose_party'))
    return parties.find((p) => p.id === chosen)!
  }
  const mine = parties.filter((p) => ctx.viewer.orgs.has(p.id))
  if (mine.length !== 1) throw fieldError('as', 'choose_party', ctx.i18n.t('messages.error.choose_party'))
  return mine[0]
}

/**
 * A person of one party answers in a conversation, with up to three attachments. Every file is checked
 * before anything is written; a failure after the files were stored removes them again. The people of
 * the other party are told (one notification per message); the author's own side is not. The audit log
 * records who wrote as which party, without the text.
 */
export async function replyToConversation(
  ctx: Ctx,
  conversationId: number,
  input: z.infer<typeof replySchema>,
  uploads: Upload[] = [],
) {
  const person = requirePerson(ctx.viewer)
  const parties = await checkConversationAccess(ctx, conversationId)
  const sender = senderOf(ctx, parties, input.as)
  const files = await checkUploads(ctx.i18n, uploads)
  const keys = await writeAttachments(ctx.config, files)
  try {
    return await inTransaction(ctx, async (tx) => {
      const conversation = (await selectConversation(tx, conversationId))!
      const message = await insertMessage(tx, {
        conversationId,
        actorId: sender.id,
        userId: person.id,
        body: input.body,
      })
      await insertAttachments(
        tx,
        files.map((f, i) => ({
          messageId: message.id,
          fileName: f.fileName,
          contentType: f.contentType,
          size: f.bytes.byteLength,
          storageKey: keys[i],
        })),
      )
      await touchConversation(tx, conversationId, message.createdAt)
      await markRead(tx, conversationId, person.id)
      // Who wrote as which party, not what: the text stays with the organisations.
      await recordAudit(tx, ctx, {
        action: 'message.sent',
        subjectType: 'conversation',
        subjectId: conversationId,
        after: { message: message.id, as: sender.slug, attachments: files.length },
      })
      await notify(
        tx,
        { actorIds: parties.filter((p) => p.id !== sender.id).map((p) => p.id), except: person.id },
        {
          kind: 'messages.new_message',
          values: { organisation: sender.name, subject: conversation.subject },
          link: `/messages/${conversationId}`,
        },
      )
      return { id: message.id }
    })
  } catch (err) {
    await deleteAttachments(ctx.config, keys)
    throw err
  }
}

// ---- reports -------------------------------------------------------------------------------

export const reportSchema = z.object({ reason: z.string().trim().min(10).max(1000) })

/**
 * A person of the other side reports a message as abuse. The report goes to the cluster managers of the
 * reporter's organisation's city, who see that message only.
 */
export async function reportMessage(
  ctx: Ctx,
  conversationId: number,
  messageId: number,
  input: z.infer<typeof reportSchema>,
) {
  const person = requirePerson(ctx.viewer)
  const parties = await checkConversationAccess(ctx, conversationId)
  const message = await selectMessage(ctx.db, messageId)
  if (!message || message.conversationId !== conversationId) throw notFound()
  const partyIds = parties.map((p) => p.id)
  if (!can(ctx, 'report', { parties: partyIds, actorId: message.actorId }))
    throw new AppError('own_message', 403, 'messages.error.own_side')
  if (message.hidden) throw new AppError('message_hidden', 409, 'messages.error.already_hidden')
  const reporter = parties.find((p) => p.id !== message.actorId && ctx.viewer.orgs.has(p.id))!
  const cluster = await findCluster(ctx, reporter.clusterId)
  return inTransaction(ctx, async (tx) => {
    const report = await insertReport(tx, {
      messageId: message.id,
      reportedBy: person.id,
      clusterId: cluster.id,
      reason: input.reason,
    })
    if (!report)
      throw fieldError('reason', 'already_reported', ctx.i18n.t('messages.error.already_reported'), 409)
    await recordAudit(tx, ctx, {
      action: 'message.reported',
      subjectType: 'message_report',
      subjectId: report.id,
      clusterId: cluster.id,
      after: { message: message.id, reporter: reporter.slug, reason: input.reason },
    })
    await notify(
      tx,
      { userIds: await clusterManagerIds(tx, cluster.id), except: person.id },
      {
        kind: 'messages.message_reported',
        values: { organisation: reporter.name, city: cluster.cityName },
        link: `/clusters/${cluster.id}/reports`,
      },
    )
    return { id: report.id }
  })
}

/** The open reports of a city, each with the reported message only (author, organisation, text, date). */
export async function listOpenReports(ctx: Ctx, clusterId: string) {
  authorize(ctx, 'review_reports', { clusterId })
  const cluster = await findCluster(ctx, clusterId)
  return { cluster, reports: await selectOpenReports(ctx.db, cluster.id) }
}

export const reportDecisions = ['dismiss', 'hide'] as const
export const reportDecisionSchema = z.object({ decision: z.enum(reportDecisions) })

/**
 * A cluster manager dismisses a report, or hides the message: its parties then read that a cluster
 * manager removed it, and every open report of it is answered.
 */
export async function resolveReport(
  ctx: Ctx,
  clusterId: string,
  reportId: number,
  input: z.infer<typeof reportDecisionSchema>,
) {
  const person = authorize(ctx, 'review_reports', { clusterId })
  return inTransaction(ctx, async (tx) => {
    const report = await selectReport(tx, reportId)
    if (!report || report.clusterId !== clusterId) throw notFound()
    if (report.status !== 'open') throw new AppError('report_resolved', 409, 'messages.error.report_resolved')
    const resolution = input.decision === 'hide' ? 'hidden' : 'dismissed'
    const resolved = await resolveReports(
      tx,
      report,
      { resolution, resolvedBy: person.id },
      resolution === 'hidden',
    )
    await recordAudit(tx, ctx, {
      action: resolution === 'hidden' ? 'message.hidden' : 'message.report_dismissed',
      subjectType: 'message_report',
      subjectId: report.id,
      clusterId,
      before: { status: 'open' },
      after: {
        status: 'resolved',
        resolution,
        message: report.messageId,
        reports: resolved.map((r) => r.id),
      },
    })
    return { id: report.id, resolution }
  })
}
