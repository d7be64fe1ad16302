// The schema index: every module's tables, for Drizzle's relational queries and drizzle-kit.
import * as accounts from '../../modules/accounts/schema'
import * as actors from '../../modules/actors/schema'
import * as audit from '../../modules/audit/schema'
import * as connections from '../../modules/connections/schema'
import * as districts from '../../modules/districts/schema'
import * as mail from '../../modules/mail/schema'
import * as matching from '../../modules/matching/schema'
import * as membership from '../../modules/membership/schema'
import * as messages from '../../modules/messages/schema'
import * as network from '../../modules/network/schema'
import * as notifications from '../../modules/notifications/schema'
import * as opportunities from '../../modules/opportunities/schema'
import * as organisations from '../../modules/organisations/schema'
import * as spaces from '../../modules/spaces/schema'
import * as taxonomy from '../../modules/taxonomy/schema'

export const schema = {
  ...taxonomy,
  ...network,
  ...actors,
  ...accounts,
  ...mail,
  ...audit,
  ...organisations,
  ...membership,
  ...opportunities,
  ...messages,
  ...notifications,
  ...connections,
  ...districts,
  ...spaces,
  ...matching,
}
