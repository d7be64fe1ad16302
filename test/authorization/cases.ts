import { asc, eq } from 'drizzle-orm'
import { actors } from '../../src/modules/actors/schema'
import { type Role, roles, type World } from '../support/world'

/** A concrete request to a mutating route, built for one attempt. */
export interface RouteRequest {
  path: string
  /** A form (sent urlencoded) or, with `json`, a JSON body. */
  body?: Record<string, string | string[]>
  json?: unknown
  /** A session of its own instead of the role's, for a request that ends the session it is sent with. */
  cookie?: string
}

/**
 * One mutating route of the API or of a form, with who may use it. `route` is the pattern as registered
 * (the test fails for any registered route without a case). `request` runs before every attempt and may
 * create a fresh subject, so that one role's success does not change what the next role meets.
 */
export interface RouteCase {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  route: string
  allowed: readonly Role[]
  /**
   * Refused roles meet the 404 of a missing subject, so that they learn nothing of it (a conversation of
   * other organisations): here a 404 counts as a refusal.
   */
  hidesExistence?: boolean
  request(world: World, role: Role): Promise<RouteRequest> | RouteRequest
}

export const signedIn: readonly Role[] = roles.filter((r) => r !== 'visitor')
export const everyone: readonly Role[] = roles

/** Organisations of a city, a different one at every call: a fresh other side for every attempt of a case. */
export function freshOrganisations(city: string) {
  let served = 0
  return async (w: World) => {
    const [actor] = await w
      .ctx()
      .db.select({ id: actors.id, slug: actors.slug })
      .from(actors)
      .where(eq(actors.clusterId, city))
      .orderBy(asc(actors.id))
      .offset(served++)
      .limit(1)
    return actor
  }
}
