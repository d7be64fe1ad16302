import { randomBytes } from 'node:crypto'
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { z } from 'zod'
import { forbidden, requirePerson, type SignedInPerson } from '../../core/auth'
import { type Db, inTransaction } from '../../core/db/client'
import { notFound } from '../../core/errors'
import { fieldError, storableDate } from '../../core/forms'
import type { Bbox } from '../../core/geo'
import type { Ctx } from '../../core/http'
import { type Localized, locales } from '../../core/i18n'
import { reencodeAsWebp, sniffImageType } from '../../core/images'
import { actorsInDistrict, districtActorFigures } from '../actors/service'
import { recordAudit } from '../audit/service'
import type { District } from '../network/service'
import { boundaryCentre, boundaryMeets, parseBoundary } from './boundary'
import {
  deleteMilestoneRow,
  insertMilestones,
  type MilestoneRow,
  selectDistrictViews,
  selectMilestone,
  selectMilestones,
  selectRenewal,
  updateMilestoneRow,
  upsertRenewal,
} from './queries'
import { type DistrictBoundary, type DistrictStatus, datePrecisions, districtStatuses } from './schema'

export type { DistrictBoundary, DistrictStatus } from './schema'
export type { MilestoneRow }
export { datePrecisions, districtStatuses }

/** A district of the network with where it stands in its renewal, its boundary (if known) and its city. */
export interface DistrictView extends District {
  status: DistrictStatus
  boundary: DistrictBoundary | null
  city: { id: string; name: string; lat: number; lon: number }
}

type DistrictSection = (ctx: Ctx, district: DistrictView) => Promise<JSX.Element | null>
const districtSections: DistrictSection[] = []

/**
 * Other capabilities add a section to every district page (e.g. the district's spaces); each renders
 * what it knows of the district for this viewer, or nothing.
 */
export function provideDistrictSection(section: DistrictSection) {
  districtSections.push(section)
}

export function renderDistrictSections(ctx: Ctx, district: DistrictView) {
  return Promise.all(districtSections.map((section) => section(ctx, district)))
}

/**
 * A figure charted on the district page, one value per month end. Its label is the message `key` in the
 * providing module's locales (e.g. 'spaces.offered').
 */
export interface DistrictIndicator {
  key: string
  districtId: string
  values: number[]
}

/** Reads indicators for the given districts at the given month ends ('YYYY-MM'), one value per month. */
export type DistrictIndicatorReader = (
  db: Db,
  districtIds: string[],
  months: string[],
) => Promise<DistrictIndicator[]>
const indicatorReaders: DistrictIndicatorReader[] = []

/** Other capabilities add indicators to the charts of every district page (e.g. spaces offered). */
export function provideDistrictIndicators(reader: DistrictIndicatorReader) {
  indicatorReaders.push(reader)
}

export async function readProvidedIndicators(db: Db, districtIds: string[], months: string[]) {
  return (await Promise.all(indicatorReaders.map((read) => read(db, districtIds, months)))).flat()
}

type DistrictViewRow = Awaited<ReturnType<typeof selectDistrictViews>>[number]

function toDistrictView(row: DistrictViewRow): DistrictView {
  return {
    ...row.district,
    // The cluster manager's text per language wins over the seeded one; languages they left alone keep it.
    description: { ...row.district.description, ...row.editedDescription },
    status: row.status ?? 'vacant',
    boundary: row.boundary ?? null,
    city: { id: row.district.clusterId, name: row.cityName, lat: row.cityLat, lon: row.cityLon },
  }
}

/** The districts of one city, or of the whole network, by city and name. */
export async function listDistrictViews(ctx: Pick<Ctx, 'db'>, clusterId?: string): Promise<DistrictView[]> {
  return (await selectDistrictViews(ctx.db, { clusterId })).map(toDistrictView)
}

/** A district by its slug (its id, e.g. 'leipzig-lindenau'); a 404 when there is none. */
export async function getDistrict(ctx: Pick<Ctx, 'db'>, slug: string): Promise<DistrictView> {
  const [row] = await selectDistrictViews(ctx.db, { ids: [slug] })
  if (!row) throw notFound()
  return toDistrictView(row)
}

// ---- permissions ---------------------------------------------------------------------------

/** The one permission rule: a district's cluster managers and the network admin change it and its story. */
export function can(ctx: Pick<Ctx, 'viewer'>, _action: 'manage', district: { clusterId: string }): boolean {
  const { person, managedClusters } = ctx.viewer
  return !!person && (person.networkAdmin || managedClusters.has(district.clusterId))
}

/** A visitor is asked to sign in (401); a signed-in person without the right is refused (403). */
export function authorize(ctx: Pick<Ctx, 'viewer'>, district: { clusterId: string }): SignedInPerson {
  const person = requirePerson(ctx.viewer)
  if (!can(ctx, 'manage', district)) throw forbidden()
  return person
}

/** The district for a change: a 404 first when there is none, then the permission. */
async function districtToChange(ctx: Ctx, slug: string) {
  const district = await getDistrict(ctx, slug)
  authorize(ctx, district)
  return district
}

// ---- status, description, boundary ---------------------------------------------------------

// Any of the six languages, none required: an empty text says nothing in that language.
const optionalLocalized = z.partialRecord(z.enum(locales), z.string().trim().max(4000))

export const districtPatchSchema = z
  .object({
    status: z.enum(districtStatuses).optional(),
    /** Text per language; an empty text falls back to the seeded one. */
    description: optionalLocalized.optional(),
    /** GeoJSON (a Polygon or MultiPolygon geometry, or a Feature holding one) as text; empty removes it. */
    boundary: z.string().max(2_000_000).optional(),
  })
  .strict()

export type DistrictPatch = z.infer<typeof districtPatchSchema>

const withoutBlanks = (text: Partial<Localized>): Localized =>
  Object.fromEntries(Object.entries(text).filter((entry): entry is [string, string] => !!entry[1]?.trim()))

/** Changes a district's status, description or boundary; a boundary that does not pass writes nothing. */
export async function updateDistrict(ctx: Ctx, slug: string, change: DistrictPatch): Promise<DistrictView> {
  const district = await districtToChange(ctx, slug)
  const boundary =
    change.boundary === undefined
      ? undefined
      : change.boundary.trim()
        ? parseBoundary(ctx.i18n, change.boundary, district.city)
        : null
  await inTransaction(ctx, async (tx) => {
    const before = await selectRenewal(tx, district.id)
    const after = {
      status: change.status ?? before?.status ?? 'vacant',
      boundary: boundary === undefined ? (before?.boundary ?? null) : boundary,
      description:
        change.description === undefined ? (before?.description ?? null) : withoutBlanks(change.description),
    }
    await upsertRenewal(tx, { districtId: district.id, ...after, updatedBy: ctx.viewer.person!.id })
    await recordAudit(tx, ctx, {
      action: 'districts.updated',
      subjectType: 'district',
      subjectId: district.id,
      clusterId: district.clusterId,
      before: before
        ? { status: before.status, description: before.description, boundary: before.boundary }
        : null,
      after,
    })
  })
  return getDistrict(ctx, slug)
}

// ---- milestones ----------------------------------------------------------------------------

export const maxMilestoneImageBytes = 5 * 1024 * 1024
const milestoneImagePixels = 1600
/** Where milestone images are stored under DATA_DIR/uploads and served. */
export const milestoneImageFolder = 'districts'
export const milestoneImagePath = `/uploads/${milestoneImageFolder}/`

export const milestoneSchema = z
  .object({
    happened_on: storableDate(),
    precision: z.enum(datePrecisions).default('day'),
    text: optionalLocalized,
    source: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
  })
  .strict()

export type MilestoneInput = z.infer<typeof milestoneSchema>

/** A milestone as pages and the API show it. */
export interface Milestone extends MilestoneRow {
  imageUrl: string | null
}

const toMilestone = (row: MilestoneRow): Milestone => ({
  ...row,
  imageUrl: row.imageKey ? milestoneImagePath + row.imageKey : null,
})

export async function listMilestones(ctx: Pick<Ctx, 'db'>, districtId: string): Promise<Milestone[]> {
  return (await selectMilestones(ctx.db, districtId)).map(toMilestone)
}

/** The text of a milestone needs at least one language; the writer's own comes first as the original. */
function milestoneText(ctx: Ctx, text: Partial<Localized>) {
  const written = withoutBlanks(text)
  const languages = Object.keys(written)
  if (!languages.length) throw fieldError('text', 'text_missing', ctx.i18n.t('districts.error.text_missing'))
  return { text: written, originalLanguage: written[ctx.i18n.locale] ? ctx.i18n.locale : languages[0] }
}

/**
 * Checks an uploaded image by its bytes and re-encodes it as WebP (dropping EXIF, GPS and anything hidden
 * in it); returns the stored file's name.
 */
async function storeMilestoneImage(ctx: Ctx, bytes: Uint8Array): Promise<string> {
  const { i18n } = ctx
  if (bytes.byteLength > maxMilestoneImageBytes)
    throw fieldError('image', 'image_too_large', i18n.t('districts.error.image_too_large', { mb: 5 }))
  if (!sniffImageType(bytes)) throw fieldError('image', 'image_type', i18n.t('districts.error.image_type'))
  const webp = await reencodeAsWebp(bytes, milestoneImagePixels)
  if (!webp) throw fieldError('image', 'image_unreadable', i18n.t('districts.error.image_unreadable'))
  const name = `${randomBytes(16).toString('hex')}.webp`
  await mkdir(imageDir(ctx), { recursive: true })
  await writeFile(join(imageDir(ctx), name), webp)
  return name
}

const imageDir = (ctx: Pick<Ctx, 'config'>) => join(ctx.config.dataDir, 'uploads', milestoneImageFolder)
const removeImageFile = (ctx: Pick<Ctx, 'config'>, name: string | null) =>
  name ? unlink(join(imageDir(ctx), name)).catch(() => {}) : Promise.resolve()

// Stored names are random hex, so a name from the address cannot leave the folder.
const imageName = /^[0-9a-f]{32}\.webp$/

export async function readMilestoneImage(ctx: Pick<Ctx, 'config'>, name: string): Promise<Uint8Array | null> {
  if (!imageName.test(name)) return null
  return readFile(join(imageDir(ctx), name)).catch(() => null)
}

/** Runs a change that may store an image; when the change fails, the stored image goes again. */
async function withImage<T>(ctx: Ctx, bytes: Uint8Array | undefined, change: (image?: string) => Promise<T>) {
  const image = bytes ? await storeMilestoneImage(ctx, bytes) : undefined
  try {
    return await change(image)
  } catch (err) {
    await removeImageFile(ctx, image ?? null)
    throw err
  }
}

const auditedMilestone = (m: MilestoneRow) => ({
  happened_on: m.happenedOn,
  precision: m.datePrecision,
  text: m.text,
  source: m.source,
  image: m.imageKey,
})

/** Adds a dated entry to a district's story, with an optional image (PNG, JPEG or WebP, at most 5 MB). */
export async function addMilestone(
  ctx: Ctx,
  slug: string,
  input: MilestoneInput,
  imageBytes?: Uint8Array,
): Promise<Milestone> {
  const district = await districtToChange(ctx, slug)
  const text = milestoneText(ctx, input.text)
  return withImage(ctx, imageBytes, (imageKey) =>
    inTransaction(ctx, async (tx) => {
      const [row] = await insertMilestones(tx, [
        {
          districtId: district.id,
          happenedOn: input.happened_on,
          datePrecision: input.precision,
          ...text,
          source: input.source ?? null,
          imageKey: imageKey ?? null,
          createdBy: ctx.viewer.person!.id,
        },
      ])
      await recordAudit(tx, ctx, {
        action: 'districts.milestone_added',
        subjectType: 'district_milestone',
        subjectId: row.id,
        clusterId: district.clusterId,
        after: { district: district.id, ...auditedMilestone(row) },
      })
      return toMilestone(row)
    }),
  )
}

async function milestoneToChange(ctx: Ctx, slug: string, id: number) {
  const district = await districtToChange(ctx, slug)
  const milestone = await selectMilestone(ctx.db, district.id, id)
  if (!milestone) throw notFound()
  return { district, milestone }
}

/**
 * Changes a milestone; `image` replaces its image (null removes it, undefined keeps it). An edited entry
 * is no longer the demo's: the person who changed it stands for it.
 */
export async function updateMilestone(
  ctx: Ctx,
  slug: string,
  id: number,
  input: MilestoneInput,
  image?: Uint8Array | null,
): Promise<Milestone> {
  const { district, milestone } = await milestoneToChange(ctx, slug, id)
  const text = milestoneText(ctx, input.text)
  const updated = await withImage(ctx, image ?? undefined, (imageKey) =>
    inTransaction(ctx, async (tx) => {
      const row = await updateMilestoneRow(tx, milestone.id, {
        happenedOn: input.happened_on,
        datePrecision: input.precision,
        ...text,
        source: input.source ?? null,
        imageKey: image === undefined ? milestone.imageKey : (imageKey ?? null),
        demo: false,
      })
      await recordAudit(tx, ctx, {
        action: 'districts.milestone_changed',
        subjectType: 'district_milestone',
        subjectId: row.id,
        clusterId: district.clusterId,
        before: auditedMilestone(milestone),
        after: auditedMilestone(row),
      })
      return toMilestone(row)
    }),
  )
  if (updated.imageKey !== milestone.imageKey) await removeImageFile(ctx, milestone.imageKey)
  return updated
}

/** Sets a milestone's image, keeping what it says. */
export async function setMilestoneImage(ctx: Ctx, slug: string, id: number, bytes: Uint8Array) {
  const { milestone } = await milestoneToChange(ctx, slug, id)
  const input = {
    happened_on: milestone.happenedOn,
    precision: milestone.datePrecision,
    text: milestone.text,
    source: milestone.source ?? undefined,
  }
  return updateMilestone(ctx, slug, id, input, bytes)
}

export async function removeMilestone(ctx: Ctx, slug: string, id: number): Promise<void> {
  const { district, milestone } = await milestoneToChange(ctx, slug, id)
  await inTransaction(ctx, async (tx) => {
    await deleteMilestoneRow(tx, milestone.id)
    await recordAudit(tx, ctx, {
      action: 'districts.milestone_removed',
      subjectType: 'district_milestone',
      subjectId: milestone.id,
      clusterId: district.clusterId,
      before: { district: district.id, ...auditedMilestone(milestone) },
    })
  })
  await removeImageFile(ctx, milestone.imageKey)
}

// ---- indicators ----------------------------------------------------------------------------

export const indicatorMonths = 24

/** The last `count` month ends as 'YYYY-MM', oldest first, the current month last. */
export function lastMonths(now: Date, count = indicatorMonths): string[] {
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - i), 1))
    return d.toISOString().slice(0, 7)
  })
}

/** A district's figures month by month: the actors module's and those other capabilities provide. */
export interface DistrictIndicators {
  months: string[]
  series: { key: string; values: number[] }[]
}

export async function districtIndicators(
  ctx: Pick<Ctx, 'db'>,
  districtId: string,
  now = new Date(),
): Promise<DistrictIndicators> {
  const months = lastMonths(now)
  const [[actors], provided] = await Promise.all([
    districtActorFigures(ctx.db, [districtId], months),
    readProvidedIndicators(ctx.db, [districtId], months),
  ])
  return {
    months,
    series: [
      { key: 'districts.indicator.actors', values: actors.actors },
      { key: 'districts.indicator.jobs', values: actors.jobs },
      ...provided.filter((i) => i.districtId === districtId).map(({ key, values }) => ({ key, values })),
    ],
  }
}

/** The creative actors located in a district, as the viewer may see them. */
export const districtActors = (ctx: Ctx, districtId: string) => actorsInDistrict(ctx, districtId)

// ---- map -----------------------------------------------------------------------------------

export interface DistrictFeature {
  type: 'Feature'
  geometry: DistrictBoundary | { type: 'Point'; coordinates: [number, number] }
  properties: {
    id: string
    name: string
    city: string
    status: DistrictStatus
    url: string
    approximate: boolean
  }
}

/** Where to show a district: its boundary, else its point, else (marked approximate) its city's point. */
export function districtGeometry(district: DistrictView): DistrictFeature['geometry'] {
  if (district.boundary) return district.boundary
  if (district.lat !== null && district.lon !== null)
    return { type: 'Point', coordinates: [district.lon, district.lat] }
  return { type: 'Point', coordinates: [district.city.lon, district.city.lat] }
}

/** Districts as GeoJSON features, of one city or all, those meeting the box when one is given. */
export async function districtFeatures(
  ctx: Ctx,
  filter: { bbox?: Bbox; city?: string },
): Promise<{ type: 'FeatureCollection'; features: DistrictFeature[] }> {
  const districts = await listDistrictViews(ctx, filter.city)
  const features = districts
    .map(
      (d): DistrictFeature => ({
        type: 'Feature',
        geometry: districtGeometry(d),
        properties: {
          id: d.id,
          name: d.name,
          city: d.city.id,
          status: d.status,
          url: `/${ctx.i18n.locale}/districts/${d.id}`,
          approximate: !d.boundary && (d.lat === null || d.lon === null),
        },
      }),
    )
    .filter(({ geometry }) => {
      const box = filter.bbox
      if (!box) return true
      if (geometry.type === 'Point') {
        const [lon, lat] = geometry.coordinates
        return lon >= box.minLon && lon <= box.maxLon && lat >= box.minLat && lat <= box.maxLat
      }
      return boundaryMeets(geometry, box)
    })
  return { type: 'FeatureCollection', features }
}

export { boundaryCentre }
