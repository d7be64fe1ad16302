// The schema index: every module's tables, for Drizzle's relational queries and drizzle-kit.
import * as actors from '../../modules/actors/schema'
import * as network from '../../modules/network/schema'
import * as taxonomy from '../../modules/taxonomy/schema'

export const schema = { ...taxonomy, ...network, ...actors }
