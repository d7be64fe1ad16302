import type { Db } from '../../core/db/client'
import type { Locale } from '../../core/i18n'
import { demoPasswordHash } from '../accounts/demo'
import { createVerifiedPerson } from '../accounts/service'
import { insertDemoPeople, selectFirstDemoActor, updateDemoVisibility } from './queries'
import type { OrgRole } from './schema'

const domain = 'demo.creative-cities.example'

/**
 * The demo organisations' people, listed in the README: an admin and a member of the first generated
 * organisation of every founding city, each writing in their city's language. Password: `demoPassword`.
 */
export const demoOrganisationAccounts: {
  email: string
  name: string
  role: OrgRole
  city: string
  locale: Locale
}[] = [
  { email: `orgadmin.pecs@${domain}`, name: 'Eszter Kovács', role: 'admin', city: 'pecs', locale: 'hu' },
  { email: `member.pecs@${domain}`, name: 'Bence Szabó', role: 'member', city: 'pecs', locale: 'hu' },
  { email: `orgadmin.leipzig@${domain}`, name: 'Jana Richter', role: 'admin', city: 'leipzig', locale: 'de' },
  { email: `member.leipzig@${domain}`, name: 'Felix Wagner', role: 'member', city: 'leipzig', locale: 'de' },
  { email: `orgadmin.genoa@${domain}`, name: 'Giulia Ferrari', role: 'admin', city: 'genoa', locale: 'it' },
  { email: `member.genoa@${domain}`, name: 'Marco Bruno', role: 'member', city: 'genoa', locale: 'it' },
  {
    email: `orgadmin.ljubljana@${domain}`,
    name: 'Nina Kovač',
    role: 'admin',
    city: 'ljubljana',
    locale: 'sl',
  },
  {
    email: `member.ljubljana@${domain}`,
    name: 'Luka Novak',
    role: 'member',
    city: 'ljubljana',
    locale: 'sl',
  },
  { email: `orgadmin.gdansk@${domain}`, name: 'Anna Nowak', role: 'admin', city: 'gdansk', locale: 'pl' },
  {
    email: `member.gdansk@${domain}`,
    name: 'Piotr Wiśniewski',
    role: 'member',
    city: 'gdansk',
    locale: 'pl',
  },
]

// The admin joined first: it is the admin who stays longest when people leave.
const joined: Record<OrgRole, Date> = {
  admin: new Date('2025-01-15T09:00:00Z'),
  member: new Date('2025-03-03T09:00:00Z'),
}

export async function loadDemoOrganisations(db: Db) {
  const passwordHash = await demoPasswordHash()
  for (const account of demoOrganisationAccounts) {
    const actor = await selectFirstDemoActor(db, account.city)
    if (!actor) continue
    const userId = await createVerifiedPerson(db, { ...account, passwordHash })
    await insertDemoPeople(db, [
      { actorId: actor.id, userId, role: account.role, createdAt: joined[account.role] },
    ])
  }
  // One profile shows per-field visibility: a visitor sees less of it than the network's members.
  const pecs = await selectFirstDemoActor(db, 'pecs')
  if (pecs)
    await updateDemoVisibility(db, pecs.id, { email: 'members', address: 'members', employees: 'private' })
}
