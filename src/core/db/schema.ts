// The schema index: every module's tables, for Drizzle's relational queries and drizzle-kit.
import * as accounts from '../../modules/accounts/schema'
import * as actors from '../../modules/actors/schema'
import * as audit from '../../modules/audit/schema'
import * as mail from '../../modules/mail/schema'
import * as membership from '../../modules/membership/schema'
import * as network from '../../modules/network/schema'
import * as organisations from '../../modules/organisations/schema'
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
}
