import { inArray } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { orgPeople } from '../organisations/schema'
import { notifications } from './schema'

/**
 * What happened, stored as data and written in each reader's language when shown or mailed.
 * `kind` is `<module>.<name>`; its text is the message `<module>.notification.<name>` of that module's
 * locale files, formatted with `values`. `link` is the page it is about, without the language prefix.
 */
export interface NotificationInput {
  kind: string
  values: Record<string, string | number>
  link: string
}

export interface Recipients {
  /** People, by id. */
  userIds?: string[]
  /** Every person of these organisations. */
  actorIds?: number[]
  /** The person who acted hears nothing of their own act. */
  except?: string | null
}

/** Tells people about something, in the caller's transaction: rolled back with it, never half sent. */
export async function notify(tx: Db, to: Recipients, notification: NotificationInput): Promise<void> {
  const ids = new Set(to.userIds ?? [])
  if (to.actorIds?.length) {
    const people = await tx
      .select({ userId: orgPeople.userId })
      .from(orgPeople)
      .where(inArray(orgPeople.actorId, to.actorIds))
    for (const p of people) ids.add(p.userId)
  }
  if (to.except) ids.delete(to.except)
  if (ids.size === 0) return
  await tx.insert(notifications).values([...ids].map((userId) => ({ userId, ...notification })))
}
