import { z } from '@hono/zod-openapi'
import { type SQL, sql } from 'drizzle-orm'
import { AppError } from './errors'
import type { I18n } from './i18n'

/** A bounding box in RFC 7946 order: west, south, east, north, in degrees. */
export interface Bbox {
  minLon: number
  minLat: number
  maxLon: number
  maxLat: number
}

/** The `bbox` query parameter of the map's GeoJSON endpoints; `parseBbox` reads it. */
export const bboxParam = z.string().max(200).optional().openapi({
  description:
    'Only what lies in this box: `minLon,minLat,maxLon,maxLat` in degrees (longitudes −180…180, latitudes −90…90, each minimum below its maximum)',
  example: '12.25,51.28,12.5,51.4',
})

const decimal = /^-?\d{1,3}(\.\d{1,20})?$/

/** The box of a `bbox` parameter; anything but four numbers in range with min < max is a translated 400. */
export function parseBbox(i18n: I18n, value: string | undefined): Bbox | undefined {
  if (value === undefined || !value.trim()) return undefined
  const parts = value.split(',').map((p) => p.trim())
  const [minLon, minLat, maxLon, maxLat] = parts.map(Number)
  const valid =
    parts.length === 4 &&
    parts.every((p) => decimal.test(p)) &&
    minLon >= -180 &&
    maxLon <= 180 &&
    minLat >= -90 &&
    maxLat <= 90 &&
    minLon < maxLon &&
    minLat < maxLat
  if (!valid) {
    throw new AppError('invalid_request', 400, 'core.error.invalid_request', undefined, [
      { field: 'bbox', message: i18n.t('core.validation.bbox') },
    ])
  }
  return { minLon, minLat, maxLon, maxLat }
}

/** The box as a `bbox` parameter value, for links and tests. */
export const bboxText = (b: Bbox) => [b.minLon, b.minLat, b.maxLon, b.maxLat].join(',')

/** A box too full for points is cut into about this many grid cells along its longer side. */
export const mapGridCells = 48

/**
 * The side in degrees of the grid cells a box's points are counted in: a power of two (so a cell is the same
 * wherever the map pans at one zoom, and groups keep their place) near the box's longer side / `cells`.
 */
export function gridCellSize(box: Bbox, cells = mapGridCells): number {
  const side = Math.max(box.maxLon - box.minLon, box.maxLat - box.minLat) / cells
  return 2 ** Math.ceil(Math.log2(side))
}

/** What a grid cell's group is: its members' mean position and how many they are. */
export interface PointGroupRow {
  lat: number
  lon: number
  n: number
}

/**
 * The select list and the grouping of a grid-cell count over a table's `lat` and `lon` (the cell aligned to
 * 0,0), for `SELECT ${columns} FROM … WHERE … GROUP BY ${groupBy}` returning PointGroupRow.
 */
export function cellGroups(lat: SQL, lon: SQL, cell: number) {
  return {
    columns: sql`round(avg(${lat})::numeric, 5)::float8 AS lat, round(avg(${lon})::numeric, 5)::float8 AS lon,
          count(*)::int AS n`,
    groupBy: sql`floor(${lon} / ${cell}::float8), floor(${lat} / ${cell}::float8)`,
  }
}

/** A group as a GeoJSON Feature: a Point at its mean position with `cluster: true` and its `count`. */
export const groupFeature = (g: PointGroupRow) => ({
  type: 'Feature' as const,
  geometry: { type: 'Point' as const, coordinates: [g.lon, g.lat] },
  properties: { cluster: true as const, count: g.n },
})

/** The OpenAPI response of a map endpoint: a FeatureCollection, grouped or capped, saying which. */
export const geoCollectionResponse = {
  description:
    'A GeoJSON FeatureCollection; with `bbox` also `clustered` and `total`, and Points with `cluster: true` and `count` when clustered',
  content: {
    'application/geo+json': {
      schema: z
        .object({
          type: z.literal('FeatureCollection'),
          truncated: z.boolean().optional(),
          clustered: z.boolean().optional(),
          total: z.number().int().optional(),
        })
        .passthrough(),
    },
  },
}
