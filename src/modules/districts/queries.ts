import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { clusters, districts } from '../network/schema'
import { districtRenewal } from './schema'

const districtColumns = {
  district: districts,
  status: districtRenewal.status,
  boundary: districtRenewal.boundary,
  updatedAt: districtRenewal.updatedAt,
  cityName: clusters.cityName,
  cityLat: clusters.lat,
  cityLon: clusters.lon,
}

/** Districts with their renewal row (if any) and their city, by name. */
export const selectDistrictViews = (db: Db, filter: { ids?: string[]; clusterId?: string } = {}) =>
  db
    .select(districtColumns)
    .from(districts)
    .innerJoin(clusters, eq(clusters.id, districts.clusterId))
    .leftJoin(districtRenewal, eq(districtRenewal.districtId, districts.id))
    .where(
      and(
        filter.ids ? inArray(districts.id, filter.ids) : undefined,
        filter.clusterId ? eq(districts.clusterId, filter.clusterId) : undefined,
      ),
    )
    .orderBy(asc(clusters.position), asc(districts.name))
