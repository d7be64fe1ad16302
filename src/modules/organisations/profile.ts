import { z } from 'zod'
import { AppError, type ErrorDetail, validationError } from '../../core/errors'
import type { Ctx } from '../../core/http'
import { locales } from '../../core/i18n'
import { type ActorKind, restrictableFields, type SizeBand, visibilityLevels } from '../actors/schema'
import type { ActorFields, ActorRow } from '../actors/service'
import { actorKinds, sizeBands } from '../actors/service'
import { listClusters, listDistricts } from '../network/service'
import { getTaxonomy } from '../taxonomy/service'

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && !v.trim())
const blankToNull = (v: unknown) => (isBlank(v) ? null : v)
const optionalText = (max: number) => z.preprocess(blankToNull, z.string().trim().max(max).nullable())
const optionalNumber = (min: number, max: number, int = false) =>
  z.preprocess(blankToNull, (int ? z.coerce.number().int() : z.coerce.number()).min(min).max(max).nullable())
const ids = (max: number) => z.array(z.string().min(1).max(80)).max(max)
/** Who sees each field that an organisation may hide; a field not named is public. */
const visibilitySchema = z.partialRecord(z.enum(restrictableFields), z.enum(visibilityLevels))
// People type "studio.example" as often as "https://studio.example".
const withScheme = (v: unknown) =>
  typeof v === 'string' && v.trim() && !/^[a-z][a-z0-9+.-]*:/i.test(v.trim()) ? `https://${v.trim()}` : v

/** Every directory field of an organisation's profile, as the API takes it and the forms are turned into. */
export const profileSchema = z
  .object({
    kind: z.enum(actorKinds),
    name: z.string().trim().min(2).max(160),
    city: z.string().trim().min(1).max(60),
    district: optionalText(80),
    address: optionalText(200),
    lat: optionalNumber(-90, 90),
    lon: optionalNumber(-180, 180),
    sectors: ids(9),
    offers: ids(40),
    needs: ids(40),
    languages: z.array(z.string().regex(/^[a-z]{2}$/)).max(30),
    size: z.enum(sizeBands),
    employees: optionalNumber(0, 1_000_000, true),
    founded_year: optionalNumber(1000, new Date().getFullYear(), true),
    website: z.preprocess(
      (v) => blankToNull(withScheme(v)),
      z
        .url({ protocol: /^https?$/ })
        .max(300)
        .nullable(),
    ),
    email: z.preprocess(blankToNull, z.email().max(200).nullable()),
    description: z.partialRecord(z.enum(locales), z.string().trim().max(5000)),
    visibility: visibilitySchema.default({}),
  })
  .strict()

export type ProfileInput = z.infer<typeof profileSchema>

/**
 * A change to a profile: any of its fields but the city (a move to another city changes cluster membership).
 * Without a default for the visibility, a change that does not name it leaves it as it is.
 */
export const profilePatchSchema = profileSchema
  .omit({ city: true })
  .extend({ visibility: visibilitySchema })
  .partial()
  .strict()
export type ProfilePatch = z.infer<typeof profilePatchSchema>

/**
 * A profile with a change applied as a PATCH does: the fields not given stay as they are, and the two maps
 * merge key by key, so a field's visibility or a language's description not named keeps its value (an
 * empty description removes that language's text).
 */
export function applyPatch(profile: ProfileInput, patch: ProfilePatch): ProfileInput {
  return {
    ...profile,
    ...patch,
    city: profile.city,
    description: { ...profile.description, ...patch.description },
    visibility: { ...profile.visibility, ...patch.visibility },
  }
}

/** The profile of an actor in the shape of the input, for forms and for applying a change to it. */
export function profileOf(actor: {
  kind: string
  name: string
  clusterId: string
  districtId: string | null
  address: string | null
  lat: number | null
  lon: number | null
  sectors: string[]
  offers: string[]
  needs: string[]
  languages: string[]
  sizeBand: string
  employees: number | null
  foundedYear: number | null
  website: string | null
  email: string | null
  description: Record<string, string>
  visibility: ProfileInput['visibility']
}): ProfileInput {
  return {
    kind: actor.kind as ActorKind,
    name: actor.name,
    city: actor.clusterId,
    district: actor.districtId,
    address: actor.address,
    lat: actor.lat,
    lon: actor.lon,
    sectors: actor.sectors,
    offers: actor.offers,
    needs: actor.needs,
    languages: actor.languages,
    size: actor.sizeBand as SizeBand,
    employees: actor.employees,
    founded_year: actor.foundedYear,
    website: actor.website,
    email: actor.email,
    description: actor.description,
    visibility: actor.visibility,
  }
}

/** An actor's directory fields as they are stored. */
export const fieldsOf = (actor: ActorRow): ActorFields => ({
  kind: actor.kind,
  name: actor.name,
  clusterId: actor.clusterId,
  districtId: actor.districtId,
  address: actor.address,
  lat: actor.lat,
  lon: actor.lon,
  sectors: actor.sectors,
  offers: actor.offers,
  needs: actor.needs,
  languages: actor.languages,
  sizeBand: actor.sizeBand,
  employees: actor.employees,
  foundedYear: actor.foundedYear,
  website: actor.website,
  email: actor.email,
  description: actor.description,
  originalLanguage: actor.originalLanguage,
  visibility: actor.visibility,
})

export function parseProfile(ctx: Ctx, input: unknown): ProfileInput {
  const parsed = profileSchema.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  return parsed.data
}

export function parsePatch(ctx: Ctx, input: unknown): ProfilePatch {
  const parsed = profilePatchSchema.safeParse(input)
  if (!parsed.success) throw validationError(parsed.error, ctx.i18n)
  return parsed.data
}

/**
 * Checks a profile against the cities, their districts and the taxonomy, and gives the actor's fields;
 * every problem at its field, in the reader's language. `originalLanguage` is kept while its text is.
 */
export async function toActorFields(
  ctx: Ctx,
  input: ProfileInput,
  originalLanguage?: string,
): Promise<ActorFields> {
  const { t } = ctx.i18n
  const [clusters, districts, taxonomy] = await Promise.all([
    listClusters(ctx),
    listDistricts(ctx, input.city),
    getTaxonomy(ctx),
  ])
  const details: ErrorDetail[] = []
  const problem = (field: string, key: string, values?: Record<string, string>) =>
    details.push({ field, message: t(`organisations.error.${key}`, values) })
  if (!clusters.some((c) => c.id === input.city)) problem('city', 'unknown_city')
  if (input.district && !districts.some((d) => d.id === input.district))
    problem('district', 'unknown_district')
  if (!input.sectors.length) problem('sectors', 'choose_one')
  for (const s of input.sectors)
    if (!taxonomy.sectorById.has(s)) problem('sectors', 'unknown_value', { value: s.slice(0, 60) })
  for (const field of ['offers', 'needs'] as const)
    for (const c of input[field])
      if (!taxonomy.capabilityById.has(c)) problem(field, 'unknown_value', { value: c.slice(0, 60) })
  if (!input.languages.length) problem('languages', 'choose_one')
  if ((input.lat === null) !== (input.lon === null)) problem(input.lat === null ? 'lat' : 'lon', 'lat_lon')
  const description = Object.fromEntries(Object.entries(input.description).filter(([, text]) => text))
  const written = Object.keys(description)
  if (!written.length) problem('description', 'description_missing')
  if (details.length)
    throw new AppError('invalid_request', 400, 'core.error.invalid_request', undefined, details)
  const unique = (list: string[]) => [...new Set(list)]
  return {
    kind: input.kind,
    name: input.name,
    clusterId: input.city,
    districtId: input.district,
    address: input.address,
    lat: input.lat,
    lon: input.lon,
    sectors: unique(input.sectors),
    offers: unique(input.offers),
    needs: unique(input.needs),
    languages: unique(input.languages),
    // A freelancer is an organisation of one.
    sizeBand: input.kind === 'freelancer' ? 'solo' : input.size,
    employees: input.employees,
    foundedYear: input.founded_year,
    website: input.website,
    email: input.email,
    description,
    originalLanguage:
      originalLanguage && written.includes(originalLanguage)
        ? originalLanguage
        : written.includes(ctx.i18n.locale)
          ? ctx.i18n.locale
          : written[0],
    visibility: input.visibility,
  }
}
