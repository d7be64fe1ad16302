import type { JSX } from 'hono/jsx/jsx-runtime'
import type { Db } from '../../core/db/client'
import { notFound } from '../../core/errors'
import type { Ctx } from '../../core/http'
import type { District } from '../network/service'
import { selectDistrictViews } from './queries'
import type { DistrictBoundary, DistrictStatus } from './schema'

export type { DistrictBoundary, DistrictStatus } from './schema'

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
