import { eq } from 'drizzle-orm'
import type { Db } from '../../core/db/client'
import { orgPeople } from './schema'

export const selectRolesOfPerson = (db: Db, userId: string) =>
  db
    .select({ actorId: orgPeople.actorId, role: orgPeople.role })
    .from(orgPeople)
    .where(eq(orgPeople.userId, userId))
