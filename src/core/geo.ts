import { z } from '@hono/zod-openapi'
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
