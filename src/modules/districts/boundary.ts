import { fieldError } from '../../core/forms'
import type { I18n } from '../../core/i18n'
import type { DistrictBoundary } from './schema'

/** More points than a hand-drawn or traced district needs; a larger file is a whole map, not a boundary. */
export const maxBoundaryPoints = 5000
/** How far from its city's point a district's boundary may reach. */
export const maxDistanceKm = 50

type Position = number[]
type Ring = Position[]

const invalid = (i18n: I18n, code: string, values?: Record<string, number>) =>
  fieldError('boundary', `boundary_${code}`, i18n.t(`districts.error.boundary_${code}`, values))

/** Great-circle distance in km (haversine). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.sqrt(h))
}

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) &&
  (p.length === 2 || p.length === 3) &&
  p.every((n) => typeof n === 'number' && Number.isFinite(n))

function checkRing(i18n: I18n, ring: unknown): Ring {
  if (!Array.isArray(ring) || !ring.every(isPosition)) throw invalid(i18n, 'shape')
  if (ring.length < 4) throw invalid(i18n, 'too_few')
  const [first, last] = [ring[0], ring[ring.length - 1]]
  if (first[0] !== last[0] || first[1] !== last[1]) throw invalid(i18n, 'not_closed')
  return ring
}

const checkPolygon = (i18n: I18n, polygon: unknown): Ring[] => {
  if (!Array.isArray(polygon) || polygon.length === 0) throw invalid(i18n, 'shape')
  return polygon.map((ring) => checkRing(i18n, ring))
}

/**
 * Reads a district's boundary from pasted or uploaded GeoJSON: a Polygon or a MultiPolygon geometry, or a
 * Feature (or a FeatureCollection of one feature) holding one, as drawing tools export them. Every ring
 * closes and has at least four positions, every position lies on Earth and within `maxDistanceKm` of the
 * city. Returns the bare geometry with positions cut to longitude and latitude.
 */
export function parseBoundary(
  i18n: I18n,
  text: string,
  city: { lat: number; lon: number },
): DistrictBoundary {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw invalid(i18n, 'not_json')
  }
  const geometry = unwrapGeometry(value)
  let polygons: Ring[][]
  if (geometry?.type === 'Polygon') polygons = [checkPolygon(i18n, geometry.coordinates)]
  else if (geometry?.type === 'MultiPolygon') {
    if (!Array.isArray(geometry.coordinates) || geometry.coordinates.length === 0)
      throw invalid(i18n, 'shape')
    polygons = geometry.coordinates.map((polygon: unknown) => checkPolygon(i18n, polygon))
  } else throw invalid(i18n, 'type')
  const positions = polygons.flat(2)
  if (positions.length > maxBoundaryPoints) throw invalid(i18n, 'too_many', { max: maxBoundaryPoints })
  for (const [lon, lat] of positions)
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) throw invalid(i18n, 'out_of_range')
  for (const [lon, lat] of positions)
    if (distanceKm(city, { lat, lon }) > maxDistanceKm) throw invalid(i18n, 'too_far', { km: maxDistanceKm })
  const cut = polygons.map((polygon) => polygon.map((ring) => ring.map(([lon, lat]) => [lon, lat])))
  return cut.length === 1 && geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: cut[0] }
    : { type: 'MultiPolygon', coordinates: cut }
}

function unwrapGeometry(value: unknown): any {
  if (!value || typeof value !== 'object') return null
  const object = value as { type?: unknown; geometry?: unknown; features?: unknown }
  if (object.type === 'Feature') return unwrapGeometry(object.geometry)
  if (object.type === 'FeatureCollection' && Array.isArray(object.features) && object.features.length === 1)
    return unwrapGeometry(object.features[0])
  return object
}

/** A point to show a boundary's middle by (the mean of its outer rings' positions). */
export function boundaryCentre(boundary: DistrictBoundary): { lat: number; lon: number } {
  const rings =
    boundary.type === 'Polygon' ? [boundary.coordinates[0]] : boundary.coordinates.map((p) => p[0])
  const positions = rings.flatMap((ring) => ring.slice(1))
  const sum = positions.reduce((s, [lon, lat]) => ({ lon: s.lon + lon, lat: s.lat + lat }), {
    lon: 0,
    lat: 0,
  })
  return { lon: sum.lon / positions.length, lat: sum.lat / positions.length }
}

/** Whether a boundary's extent meets a box. */
export function boundaryMeets(
  boundary: DistrictBoundary,
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number },
) {
  const positions = (boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates).flat(2)
  const lons = positions.map((p) => p[0])
  const lats = positions.map((p) => p[1])
  return (
    Math.min(...lons) <= box.maxLon &&
    Math.max(...lons) >= box.minLon &&
    Math.min(...lats) <= box.maxLat &&
    Math.max(...lats) >= box.minLat
  )
}
