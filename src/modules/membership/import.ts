import { parse as parseCsv } from 'csv-parse/sync'
import { readSheet } from 'read-excel-file/node'
import { anonymousViewer } from '../../core/auth'
import { type Db, inTransaction } from '../../core/db/client'
import { AppError, notFound } from '../../core/errors'
import { fieldError } from '../../core/forms'
import type { Ctx } from '../../core/http'
import { i18nFor, isLocale, type Locale, locales } from '../../core/i18n'
import { defineJob, jobQueue } from '../../core/jobs'
import {
  checkImportRows,
  exportableFields,
  findActorsBySlugs,
  type ImportedChanges,
  insertActors,
  type NewActor,
  type RowProblem,
  setClusterMembership,
  updateImportedActor,
} from '../actors/service'
import { recordAudit } from '../audit/service'
import { findCluster } from '../network/service'
import { organisationsWithAdmins } from '../organisations/service'
import {
  insertMemberImport,
  insertMembership,
  insertMembershipEvents,
  type MemberImportRow,
  selectMemberImport,
  selectMembersForExport,
  selectMembership,
  updateMemberImport,
  updateMembership,
} from './queries'
import { authorize } from './service'

export const maxImportBytes = 2 * 1024 * 1024
export const maxImportRows = 2000
/** The columns without which no row can be valid; the others are optional (see the actors import). */
export const requiredColumns = ['name', 'kind', 'sectors', 'languages', 'size'] as const

/**
 * What the import does with a row: a new actor; an update of an actor no one runs (only the fields the
 * row carries, see ImportedChanges); only the membership of an actor that has admins, whose profile is
 * theirs to keep; or nothing, for a row with problems.
 */
export type ImportAction = 'create' | 'update' | 'member' | 'reject'

interface ImportItem {
  row: number
  name: string
  action: ImportAction
  problems: RowProblem[]
  actor?: NewActor
  /** What the row changes in an existing actor; missing in previews kept before it existed (they change nothing). */
  changes?: ImportedChanges
}

/** What a preview keeps for the job: the checked rows, and the language of the person who will read the report. */
interface ImportPayload {
  locale: Locale
  items: ImportItem[]
}

export interface ImportReport {
  created: number
  updated: number
  /** Actors with admins that were made members and whose profiles were left as they are. */
  membersOnly?: number
  rejected: { row: number; name: string; problems: RowProblem[] }[]
}

export interface MemberImport {
  id: number
  clusterId: string
  fileName: string
  status: MemberImportRow['status']
  total: number
  processed: number
  items: ImportItem[]
  report: ImportReport | null
  createdAt: Date
  finishedAt: Date | null
}

const toMemberImport = (row: MemberImportRow): MemberImport => ({
  id: row.id,
  clusterId: row.clusterId,
  fileName: row.fileName,
  status: row.status,
  total: row.total,
  processed: row.processed,
  items: (row.rows as ImportPayload).items,
  report: row.report as ImportReport | null,
  createdAt: row.createdAt,
  finishedAt: row.finishedAt,
})

// ---- reading a file ------------------------------------------------------------------------

const unreadable = (ctx: Ctx) =>
  fieldError('file', 'unreadable_file', ctx.i18n.t('membership.import.error.unreadable'))

const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04

function cellValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'boolean') return String(value)
  // The apostrophe an export puts before = + - @ (see csvCell) is not part of the value.
  if (typeof value === 'string') return value.replace(/^'(?=[=+\-@\t\r])/, '')
  return value
}

/** The rows of an uploaded CSV (comma, semicolon or tab separated, UTF-8) or XLSX file, keyed by lower-case column name. */
async function readRows(ctx: Ctx, fileName: string, bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  const xlsx = /\.xlsx$/i.test(fileName)
  if (!xlsx && !/\.csv$/i.test(fileName))
    throw fieldError('file', 'file_type', ctx.i18n.t('membership.import.error.type'))
  if (!bytes.length) throw fieldError('file', 'empty_file', ctx.i18n.t('membership.import.error.empty'))
  if (bytes.length > maxImportBytes)
    throw fieldError(
      'file',
      'file_too_large',
      ctx.i18n.t('membership.import.error.too_large', { megabytes: 2 }),
    )
  let table: unknown[][]
  if (xlsx) {
    if (!isZip(bytes)) throw unreadable(ctx)
    // The parser meets whatever bytes were uploaded; any failure of it means the file is not a workbook.
    table = await readSheet(Buffer.from(bytes)).catch(() => {
      throw unreadable(ctx)
    })
  } else {
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      throw fieldError('file', 'not_utf8', ctx.i18n.t('membership.import.error.encoding'))
    }
    if (text.includes('\u0000')) throw unreadable(ctx)
    const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]
    const delimiter = [',', ';', '\t'].reduce((best, d) =>
      header.split(d).length > header.split(best).length ? d : best,
    )
    try {
      table = parseCsv(text, {
        bom: true,
        delimiter,
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
      })
    } catch {
      throw unreadable(ctx)
    }
  }
  const [head = [], ...body] = table
  const columns = head.map((h) =>
    String(h ?? '')
      .trim()
      .toLowerCase(),
  )
  const missing = requiredColumns.filter((c) => !columns.includes(c))
  if (missing.length)
    throw fieldError(
      'file',
      'missing_columns',
      ctx.i18n.t('membership.import.error.columns', { columns: missing.join(', ') }),
    )
  const rows = body
    .filter((cells) => cells.some((v) => v !== null && v !== undefined && String(v).trim() !== ''))
    .map((cells) => Object.fromEntries(columns.map((c, i) => [c, cellValue(cells[i])]).filter(([c]) => c)))
  if (!rows.length) throw fieldError('file', 'empty_file', ctx.i18n.t('membership.import.error.empty'))
  if (rows.length > maxImportRows)
    throw fieldError(
      'file',
      'too_many_rows',
      ctx.i18n.t('membership.import.error.too_many', { max: maxImportRows }),
    )
  return rows
}

// ---- preview, confirm, progress ------------------------------------------------------------

/**
 * Reads and checks an uploaded member list for a cluster and keeps the result for the manager to look at;
 * nothing in the directory changes until they confirm.
 */
export async function previewMemberImport(
  ctx: Ctx,
  clusterId: string,
  file: { name: string; bytes: Uint8Array },
) {
  const person = authorize(ctx, 'manage', { clusterId })
  const cluster = await findCluster(ctx, clusterId)
  const raw: Record<string, unknown>[] = (await readRows(ctx, file.name, file.bytes)).map((r) => ({
    ...r,
    city: r.city || cluster.id,
  }))
  const { valid, rejected } = await checkImportRows(ctx, raw)
  const existing = new Map(
    (
      await findActorsBySlugs(
        ctx.db,
        valid.map((v) => v.actor.slug),
      )
    ).map((a) => [a.slug, a]),
  )
  const runByAdmins = await organisationsWithAdmins(
    ctx.db,
    [...existing.values()].map((a) => a.id),
  )
  const emails = new Set<string>()
  const items = raw.map(
    (r, index): ImportItem => ({
      row: index + 1,
      name: String(r.name ?? '').slice(0, 160),
      action: 'reject',
      problems: rejected.find((x) => x.row === index + 1)?.problems ?? [],
    }),
  )
  for (const { row, actor, changes } of valid) {
    const item = items[row - 1]
    const problems: RowProblem[] = []
    if (actor.clusterId !== cluster.id)
      problems.push({
        field: 'city',
        message: ctx.i18n.t('membership.import.problem.other_city', { city: cluster.cityName }),
      })
    const found = existing.get(actor.slug)
    if (found && found.clusterId !== cluster.id)
      problems.push({
        field: 'slug',
        message: ctx.i18n.t('membership.import.problem.slug_elsewhere', { slug: actor.slug }),
      })
    const email = actor.email?.toLowerCase()
    if (email && emails.has(email))
      problems.push({ field: 'email', message: ctx.i18n.t('membership.import.problem.email_twice') })
    if (email) emails.add(email)
    item.problems = problems
    if (problems.length) continue
    const action: ImportAction = !found ? 'create' : runByAdmins.has(found.id) ? 'member' : 'update'
    Object.assign(item, { action, actor, changes })
  }
  const payload: ImportPayload = { locale: ctx.i18n.locale, items }
  const id = await inTransaction(ctx, async (tx) => {
    const importId = await insertMemberImport(tx, {
      clusterId: cluster.id,
      userId: person.id,
      fileName: file.name.slice(0, 200),
      status: 'previewed',
      rows: payload,
      total: items.length,
    })
    await recordAudit(tx, ctx, {
      action: 'membership.import_previewed',
      subjectType: 'member_import',
      subjectId: importId,
      clusterId: cluster.id,
      after: { file: file.name, rows: items.length },
    })
    return importId
  })
  return getMemberImport(ctx, cluster.id, id)
}

export async function getMemberImport(ctx: Ctx, clusterId: string, id: number): Promise<MemberImport> {
  authorize(ctx, 'manage', { clusterId })
  const row = await selectMemberImport(ctx.db, id)
  if (!row || row.clusterId !== clusterId) throw notFound()
  return toMemberImport(row)
}

/** The manager confirms a previewed import: it is queued in the same transaction that records the decision. */
export async function confirmMemberImport(ctx: Ctx, clusterId: string, id: number) {
  const record = await getMemberImport(ctx, clusterId, id)
  if (!record.items.some((i) => i.action !== 'reject'))
    throw new AppError('nothing_to_import', 422, 'membership.import.error.nothing')
  const queue = await jobQueue(ctx.db)
  await inTransaction(ctx, async (tx) => {
    if (!(await updateMemberImport(tx, id, ['previewed'], { status: 'queued' })))
      throw new AppError('import_state', 409, 'membership.import.error.confirmed')
    await queue.send(tx, memberImportJob, { importId: id })
    await recordAudit(tx, ctx, {
      action: 'membership.import_run',
      subjectType: 'member_import',
      subjectId: id,
      clusterId,
      after: { file: record.fileName, rows: record.total },
    })
  })
}

// ---- the background job --------------------------------------------------------------------

const batchSize = 50

/** Makes an imported actor a member unless it is one, or suspended: an import does not overrule a manager. */
async function makeMember(tx: Db, actorId: number, clusterId: string, userId: string | null, reason: string) {
  const current = await selectMembership(tx, actorId, clusterId)
  if (current && (current.status === 'member' || current.status === 'suspended')) return
  const membership = current
    ? await updateMembership(tx, current.id, { status: 'member' })
    : await insertMembership(tx, {
        actorId,
        clusterId,
        status: 'member',
        motivation: reason,
        appliedBy: userId,
      })
  await insertMembershipEvents(tx, [{ membershipId: membership.id, status: 'member', reason, userId }])
  await setClusterMembership(tx, actorId, new Date())
}

/**
 * Creates or updates the checked rows' actors in batches, each batch one transaction that also records
 * the progress, so the page can show it and a retried job resumes where the last one stopped.
 */
async function runMemberImport(db: Db, { importId }: { importId: number }) {
  const record = await selectMemberImport(db, importId)
  if (!record || !(await updateMemberImport(db, importId, ['queued', 'running'], { status: 'running' })))
    return
  const { locale, items } = record.rows as ImportPayload
  const i18n = i18nFor(isLocale(locale) ? locale : 'en')
  const reason = i18n.t('membership.import.event_reason', { file: record.fileName })
  // The job's audit rows name no person; the request id leads to the import and who confirmed it.
  const auditCtx = { viewer: anonymousViewer(), requestId: `job:membership.import:${importId}` }
  const report = (record.report as ImportReport | null) ?? {
    created: 0,
    updated: 0,
    membersOnly: 0,
    rejected: items
      .filter((i) => i.action === 'reject')
      .map(({ row, name, problems }) => ({ row, name, problems })),
  }
  try {
    for (let start = record.processed; start < items.length; start += batchSize) {
      const batch = items.slice(start, start + batchSize)
      await inTransaction({ db }, async (tx) => {
        const wanted = batch.flatMap((i) => (i.actor ? [i.actor.slug] : []))
        const existing = new Map((await findActorsBySlugs(tx, wanted)).map((a) => [a.slug, a]))
        // Asked again here: someone may have claimed an organisation since the preview.
        const runByAdmins = await organisationsWithAdmins(
          tx,
          [...existing.values()].map((a) => a.id),
        )
        for (const item of batch) {
          if (!item.actor) continue
          const found = existing.get(item.actor.slug)
          if (found && found.clusterId !== record.clusterId) {
            const message = i18n.t('membership.import.problem.slug_elsewhere', { slug: item.actor.slug })
            report.rejected.push({ row: item.row, name: item.name, problems: [{ field: 'slug', message }] })
            continue
          }
          let actorId = found?.id
          if (actorId && (item.action === 'member' || runByAdmins.has(actorId))) {
            report.membersOnly = (report.membersOnly ?? 0) + 1
          } else if (actorId) {
            const { before, after } = await updateImportedActor(tx, actorId, item.changes ?? {})
            if (Object.keys(after).length)
              await recordAudit(tx, auditCtx, {
                action: 'organisation.updated',
                subjectType: 'actor',
                subjectId: actorId,
                clusterId: record.clusterId,
                before,
                after,
              })
            report.updated += 1
          } else {
            ;[actorId] = await insertActors(tx, [item.actor])
            existing.set(item.actor.slug, { id: actorId, slug: item.actor.slug, clusterId: record.clusterId })
            report.created += 1
          }
          await makeMember(tx, actorId, record.clusterId, record.userId, reason)
        }
        await updateMemberImport(tx, importId, ['running'], { processed: start + batch.length, report })
      })
      // PGlite runs in this thread: between batches, requests get their turn.
      await new Promise((resolve) => setImmediate(resolve))
    }
    report.rejected.sort((a, b) => a.row - b.row)
    await inTransaction({ db }, async (tx) => {
      await updateMemberImport(tx, importId, ['running'], {
        status: 'done',
        processed: items.length,
        report,
        finishedAt: new Date(),
      })
      await recordAudit(tx, auditCtx, {
        action: 'membership.import_finished',
        subjectType: 'member_import',
        subjectId: importId,
        clusterId: record.clusterId,
        after: {
          created: report.created,
          updated: report.updated,
          membersOnly: report.membersOnly ?? 0,
          rejected: report.rejected.length,
        },
      })
    })
  } catch (err) {
    await updateMemberImport(db, importId, ['running'], { status: 'failed', finishedAt: new Date() })
    throw err
  }
}

export const memberImportJob = defineJob('membership.import', runMemberImport)

// ---- export --------------------------------------------------------------------------------

/**
 * Every column the import reads, in its order, then the membership's own; one description column per
 * language of the platform and any other language a member wrote in.
 */
const exportColumns = (descriptionLanguages: string[]) => [
  'name',
  'slug',
  'kind',
  'city',
  'district',
  'address',
  'lat',
  'lon',
  'sectors',
  'offers',
  'needs',
  'languages',
  'size',
  'employees',
  'founded_year',
  'website',
  'email',
  'original_language',
  ...descriptionLanguages.map((l) => `description_${l}`),
  'status',
  'member_since',
]

/**
 * A CSV cell: quoted when needed; a leading = + - @ is defused with an apostrophe so that spreadsheets
 * show it as text (the import takes the apostrophe off again). A plain number, like a negative
 * longitude, is no formula and stays as it is.
 */
function csvCell(value: string): string {
  const formula = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value)
  const text = formula ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const text = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '' : String(value)

/**
 * The cluster's members (and suspended members) as CSV in the columns the import reads, with a byte
 * order mark so that Excel reads UTF-8; importing it again changes nothing. A field the actors service
 * does not let leave the platform (a private one) is left empty, which the import reads as "as it is".
 */
export async function exportMembersCsv(ctx: Ctx, clusterId: string): Promise<string> {
  authorize(ctx, 'manage', { clusterId })
  const cluster = await findCluster(ctx, clusterId)
  const members = await selectMembersForExport(ctx.db, cluster.id)
  const written = new Set(members.flatMap((m) => Object.keys(m.description)))
  const languages = [
    ...locales,
    ...[...written].filter((l) => !(locales as readonly string[]).includes(l)).sort(),
  ]
  const lines = members.map((m) => {
    const shown = exportableFields(ctx.viewer, m)
    const address = shown.has('address')
    return [
      m.name,
      m.slug,
      m.kind,
      cluster.id,
      text(m.districtId),
      address ? text(m.address) : '',
      address ? text(m.lat) : '',
      address ? text(m.lon) : '',
      m.sectors.join(';'),
      m.offers.join(';'),
      shown.has('needs') ? m.needs.join(';') : '',
      m.languages.join(';'),
      m.sizeBand,
      shown.has('employees') ? text(m.employees) : '',
      shown.has('foundedYear') ? text(m.foundedYear) : '',
      shown.has('website') ? text(m.website) : '',
      shown.has('email') ? text(m.email) : '',
      m.originalLanguage,
      ...languages.map((l) => m.description[l] ?? ''),
      m.status,
      m.memberSince ? m.memberSince.toISOString().slice(0, 10) : '',
    ]
      .map(csvCell)
      .join(',')
  })
  return `\uFEFF${[exportColumns(languages).join(','), ...lines].join('\r\n')}\r\n`
}
