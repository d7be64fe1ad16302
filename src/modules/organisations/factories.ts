import { and, desc, eq, max, notExists, sql } from 'drizzle-orm'
import type { useTestApp } from '../../../test/support/app'
import { testConfig } from '../../../test/support/database'
import { actors } from '../actors/schema'
import { auditLog } from '../audit/schema'
import { outbox } from '../mail/schema'
import { type OrgRole, orgPeople } from './schema'

type TestApp = ReturnType<typeof useTestApp>

/** Posts a form as a browser on the site does; `FormData` for files, else urlencoded. */
export function postForm(
  t: TestApp,
  path: string,
  body: Record<string, string | string[]> | FormData,
  cookie?: string,
) {
  const headers: Record<string, string> = { origin: testConfig.publicUrl }
  if (cookie) headers.cookie = cookie
  let payload: BodyInit
  if (body instanceof FormData) payload = body
  else {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    const form = new URLSearchParams()
    for (const [k, v] of Object.entries(body)) for (const x of [v].flat()) form.append(k, x)
    payload = form.toString()
  }
  return t.request(path, { method: 'POST', headers, body: payload, redirect: 'manual' })
}

/** A JSON request to the API with a session cookie. */
export function callApi(t: TestApp, method: string, path: string, json?: unknown, cookie?: string) {
  const headers: Record<string, string> = { origin: testConfig.publicUrl }
  if (cookie) headers.cookie = cookie
  if (json !== undefined) headers['content-type'] = 'application/json'
  return t.request(path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) })
}

/** A generated actor of a city that nobody runs yet, a different one at every call. */
export async function unclaimedActor(t: TestApp, city: string, offset = 0) {
  const [actor] = await t.db
    .select({ id: actors.id, slug: actors.slug, name: actors.name, clusterId: actors.clusterId })
    .from(actors)
    .where(
      and(
        eq(actors.clusterId, city),
        eq(actors.demo, true),
        notExists(t.db.select().from(orgPeople).where(eq(orgPeople.actorId, actors.id))),
      ),
    )
    .orderBy(desc(actors.id))
    .offset(offset)
    .limit(1)
  return actor
}

/** Puts people into an organisation with the given roles, joined one day after another in this order. */
export async function staffOrganisation(
  t: TestApp,
  actorId: number,
  people: { id: string; role: OrgRole }[],
) {
  const start = Date.UTC(2024, 0, 1)
  await t.db.insert(orgPeople).values(
    people.map((p, i) => ({
      actorId,
      userId: p.id,
      role: p.role,
      createdAt: new Date(start + i * 86_400_000),
    })),
  )
}

export const roleIn = async (t: TestApp, actorId: number, userId: string) =>
  (
    await t.db
      .select({ role: orgPeople.role })
      .from(orgPeople)
      .where(and(eq(orgPeople.actorId, actorId), eq(orgPeople.userId, userId)))
  )[0]?.role

export const lastAuditId = async (t: TestApp) =>
  (await t.db.select({ id: max(auditLog.id) }).from(auditLog))[0]?.id ?? 0

export const auditSince = (t: TestApp, id: number) =>
  t.db.select().from(auditLog).where(sql`${auditLog.id} > ${id}`).orderBy(auditLog.id)

export const actorCount = async (t: TestApp) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(actors))[0].n

/** The newest e-mail to an address, from the outbox (tests run without SMTP_URL). */
export async function lastMailTo(t: TestApp, email: string) {
  const [mail] = await t.db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, email))
    .orderBy(desc(outbox.id))
    .limit(1)
  return mail
}
