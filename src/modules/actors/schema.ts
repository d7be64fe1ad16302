import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'
import type { Localized } from '../../core/i18n'
import { clusters, districts } from '../network/schema'

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const actorKinds = [
  'enterprise',
  'freelancer',
  'university',
  'research',
  'authority',
  'association',
  'investor',
  'hub',
] as const
export type ActorKind = (typeof actorKinds)[number]

/** Who may see a field of a profile: anyone, people of the network's member organisations, or its own people. */
export const visibilityLevels = ['public', 'members', 'private'] as const
export type Visibility = (typeof visibilityLevels)[number]
/** The fields an organisation may hide; the rest of a profile is always public. */
export const restrictableFields = [
  'email',
  'website',
  'address',
  'employees',
  'foundedYear',
  'needs',
] as const
export type RestrictableField = (typeof restrictableFields)[number]

/** Size bands by head count, as in the EU SME definition; a freelancer is "solo". */
export const sizeBands = ['solo', 'micro', 'small', 'medium', 'large'] as const
export type SizeBand = (typeof sizeBands)[number]

export const actors = pgTable(
  'actors',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    slug: text('slug').notNull().unique(),
    kind: text('kind').$type<ActorKind>().notNull(),
    name: text('name').notNull(),
    clusterId: text('cluster_id')
      .notNull()
      .references(() => clusters.id),
    districtId: text('district_id').references(() => districts.id),
    address: text('address'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    sectors: text('sectors').array().notNull(),
    offers: text('offers').array().notNull(),
    needs: text('needs').array().notNull(),
    languages: text('languages').array().notNull(),
    sizeBand: text('size_band').$type<SizeBand>().notNull(),
    employees: integer('employees'),
    foundedYear: integer('founded_year'),
    website: text('website'),
    email: text('email'),
    description: jsonb('description').$type<Localized>().notNull(),
    /** The language the actor wrote in first; shown, marked, when the reader's language is missing. */
    originalLanguage: text('original_language').notNull(),
    logoUrl: text('logo_url'),
    foundingPartner: boolean('founding_partner').notNull().default(false),
    /** Fields not shown to everyone; a field missing here is public. */
    visibility: jsonb('visibility')
      .$type<Partial<Record<RestrictableField, Visibility>>>()
      .notNull()
      .default({}),
    /** Since when the actor is a member of its city's cluster (the member badge); null when it is not. */
    memberSince: timestamp('member_since', { withTimezone: true }),
    /** Where the facts of a real organisation come from; null for invented demo actors. */
    source: text('source'),
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    nameNorm: text('name_norm').notNull().generatedAlwaysAs(sql`ccn_unaccent(lower(name))`),
    /**
     * Who sees the address (and so the location), kept beside it so that a map's box is answered from
     * the location index alone (`actors_location_idx`, a covering index in the migration).
     */
    addressVisibility: text('address_visibility')
      .$type<Visibility>()
      .notNull()
      .generatedAlwaysAs(sql`coalesce(visibility->>'address', 'public')`),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('simple', ccn_unaccent(name)), 'A') || setweight(to_tsvector('simple', ccn_unaccent(ccn_jsonb_text(description))), 'B')`,
      ),
  },
  (t) => [
    index('actors_search_idx').using('gin', t.search),
    index('actors_name_trgm_idx').using('gin', sql`${t.nameNorm} gin_trgm_ops`),
    index('actors_cluster_idx').on(t.clusterId, t.id),
    index('actors_sectors_idx').using('gin', t.sectors),
    index('actors_offers_idx').using('gin', t.offers),
    index('actors_needs_idx').using('gin', t.needs),
    index('actors_created_idx').on(t.createdAt, t.id),
    // A district's page lists its actors by name and counts them.
    index('actors_district_idx').on(t.districtId, t.name, t.id),
  ],
)

/**
 * How many actors each cluster has per facet value (facet 'all' is the cluster's total), kept by
 * statement-level triggers on actors, so that counts over the whole directory or a city cost no scan.
 */
export const actorCounts = pgTable(
  'actor_counts',
  {
    clusterId: text('cluster_id').notNull(),
    facet: text('facet').notNull(),
    value: text('value').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clusterId, t.facet, t.value] })],
)

/**
 * The located actors counted per cell of a fine grid (1/256 of a degree, aligned to 0,0) by city and by who sees
 * the address, with the sums of their positions: a map's box at city zoom or wider groups these cells instead
 * of visiting every actor. Kept by statement-level triggers on actors (`ccn_actor_cells_apply`, in the
 * migration), like actor_counts.
 */
export const actorCells = pgTable(
  'actor_cells',
  {
    x: integer('x').notNull(),
    y: integer('y').notNull(),
    clusterId: text('cluster_id').notNull(),
    addressVisibility: text('address_visibility').$type<Visibility>().notNull(),
    n: integer('n').notNull(),
    latSum: doublePrecision('lat_sum').notNull(),
    lonSum: doublePrecision('lon_sum').notNull(),
  },
  (t) => [primaryKey({ columns: [t.x, t.y, t.clusterId, t.addressVisibility] })],
)

/**
 * One number that moves with every change to actors (a statement-level trigger in the migration), read by
 * every process: a search answered at one version stays right while the version stands.
 */
export const actorVersion = pgTable(
  'actor_version',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    version: bigint('version', { mode: 'number' }).notNull(),
    /** Every change of a later version is in actor_changes (older ones are pruned after a day). */
    changesFrom: bigint('changes_from', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('actor_version_one_row', sql`${t.singleton}`)],
)

/**
 * Which actors each version wrote (the same triggers, from the statement's transition table), so that a process
 * brings its directory index up to date by reading again only those.
 */
export const actorChanges = pgTable(
  'actor_changes',
  {
    version: bigint('version', { mode: 'number' }).notNull(),
    actorId: bigint('actor_id', { mode: 'number' }).notNull(),
  },
  (t) => [index('actor_changes_version_idx').on(t.version)],
)
