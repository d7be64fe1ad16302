import { provideViewerFacts } from '../../core/auth'
import { clusterMembersAmong } from '../actors/service'
import { selectRolesOfPerson } from './queries'

provideViewerFacts(async (db, person) => {
  const roles = await selectRolesOfPerson(db, person.id)
  const ids = roles.map((r) => Number(r.actorId))
  return {
    orgs: new Map(roles.map((r) => [Number(r.actorId), r.role])),
    networkMember: (await clusterMembersAmong(db, ids)).length > 0,
  }
})
