import { slugify } from '../../core/text'
import words from './data/demo-words.json' with { type: 'json' }
import type { ActorKind, SizeBand } from './schema'
import type { NewActor } from './service'

type Pools = (typeof words)['de']
type Lang = keyof typeof words

/** A small, fast, seedable generator (mulberry32): the same seed gives the same network. */
export function random(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]
  const pickSome = <T>(items: readonly T[], count: number): T[] => {
    const copy = [...items]
    const out: T[] = []
    while (out.length < count && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0])
    return out
  }
  const weighted = <T extends string>(weights: Record<T, number>): T => {
    const entries = Object.entries(weights) as [T, number][]
    let r = next() * entries.reduce((s, [, w]) => s + w, 0)
    for (const [value, w] of entries) {
      r -= w
      if (r < 0) return value
    }
    return entries[entries.length - 1][0]
  }
  return { next, int, pick, pickSome, weighted }
}

export interface DemoCity {
  id: string
  language: string
  lat: number
  lon: number
  districts: { id: string; lat: number | null; lon: number | null }[]
}

export interface DemoCapability {
  id: string
  sectorId: string | null
  label: Record<string, string | undefined>
}

const kindWeights: Record<ActorKind, number> = {
  enterprise: 40,
  freelancer: 32,
  association: 8,
  hub: 5,
  university: 4,
  research: 4,
  authority: 3,
  investor: 4,
}

const sizeByKind: Record<ActorKind, SizeBand[]> = {
  enterprise: ['micro', 'micro', 'micro', 'small', 'small', 'medium'],
  freelancer: ['solo'],
  association: ['micro', 'small'],
  hub: ['micro', 'small'],
  university: ['medium', 'large'],
  research: ['small', 'medium'],
  authority: ['medium', 'large'],
  investor: ['micro', 'small'],
}

const employeesBySize: Record<SizeBand, [number, number]> = {
  solo: [1, 1],
  micro: [2, 9],
  small: [10, 49],
  medium: [50, 249],
  large: [250, 2000],
}

/** Fixed, so that the demo network is the same on every machine and every day. */
export const demoEpoch = Date.UTC(2026, 9, 1)

/**
 * Clearly fictional creative actors spread over the cities, sectors and kinds, written in their city's
 * language (about a third also in English). Used for the demo network and, at larger sizes, the benchmark.
 */
export function generateActors(options: {
  count: number
  seed: number
  cities: DemoCity[]
  sectors: string[]
  capabilities: DemoCapability[]
}): NewActor[] {
  const rnd = random(options.seed)
  const bySector = new Map<string | null, DemoCapability[]>()
  for (const c of options.capabilities) bySector.set(c.sectorId, [...(bySector.get(c.sectorId) ?? []), c])
  const general = bySector.get(null) ?? []
  const usedSlugs = new Set<string>()
  const actors: NewActor[] = []
  for (let i = 0; i < options.count; i++) {
    const city = options.cities[i % options.cities.length]
    const lang = (city.language in words ? city.language : 'en') as Lang
    const pools = words[lang] as Pools
    const kind = rnd.weighted(kindWeights)
    const name = actorName(rnd, pools, kind, lang)
    let slug = slugify(name)
    if (usedSlugs.has(slug)) slug = `${slug}-${i.toString(36)}`
    usedSlugs.add(slug)
    const sectors = rnd.pickSome(options.sectors, rnd.weighted({ 1: 6, 2: 3, 3: 1 }) === '1' ? 1 : 2)
    const own = sectors.flatMap((s) => bySector.get(s) ?? [])
    const offers = [...rnd.pickSome(own, rnd.int(2, 4)), ...rnd.pickSome(general, rnd.int(0, 1))]
    const elsewhere = options.capabilities.filter(
      (c) => !offers.includes(c) && !sectors.includes(c.sectorId ?? ''),
    )
    const needs = rnd.pickSome(elsewhere, rnd.int(1, 3))
    const languages = [
      ...new Set([
        city.language,
        ...(rnd.next() < 0.75 ? ['en'] : []),
        ...(rnd.next() < 0.2 ? [rnd.pick(['de', 'it', 'pl', 'sl', 'hu', 'fr'])] : []),
      ]),
    ]
    const sizeBand = rnd.pick(sizeByKind[kind])
    const foundedYear = kind === 'university' ? rnd.int(1365, 1995) : rnd.int(1990, 2025)
    const district = city.districts.length && rnd.next() < 0.5 ? rnd.pick(city.districts) : undefined
    const centre = district?.lat != null && district.lon != null ? district : city
    const fill = (template: string, l: Lang) =>
      template
        .replaceAll('{name}', name)
        .replaceAll('{offers}', offers.map((c) => c.label[l] ?? c.label.en).join(', '))
        .replaceAll('{needs}', needs.map((c) => c.label[l] ?? c.label.en).join(', '))
        .replaceAll('{year}', String(foundedYear))
        .replaceAll('{district}', district ? district.id.split('-').slice(1).join(' ') : city.id)
    const description: Record<string, string> = {
      [lang]: `${fill(rnd.pick(pools.descriptionTemplates), lang)} ${rnd.pick(pools.taglines)}`,
    }
    if (lang !== 'en' && rnd.next() < 0.35) {
      description.en = `${fill(rnd.pick((words.en as Pools).descriptionTemplates), 'en')} ${rnd.pick((words.en as Pools).taglines)}`
    }
    const domain = `${slug}.example`
    const joined = new Date(demoEpoch - rnd.int(0, 720) * 86_400_000 - rnd.int(0, 86_399) * 1000)
    actors.push({
      slug,
      kind,
      name,
      clusterId: city.id,
      districtId: district?.id ?? null,
      address: pools.streets.length ? `${rnd.pick(pools.streets)} ${rnd.int(1, 120)}` : null,
      lat: round(centre.lat! + (rnd.next() - 0.5) * 0.04),
      lon: round(centre.lon! + (rnd.next() - 0.5) * 0.06),
      sectors,
      offers: offers.map((c) => c.id),
      needs: needs.map((c) => c.id),
      languages,
      sizeBand,
      employees: rnd.int(...employeesBySize[sizeBand]),
      foundedYear,
      website: `https://${domain}`,
      email: `hello@${domain}`,
      description,
      originalLanguage: lang,
      demo: true,
      createdAt: joined,
      updatedAt: joined,
    })
  }
  return actors
}

function actorName(rnd: ReturnType<typeof random>, pools: Pools, kind: ActorKind, lang: Lang): string {
  if (kind === 'freelancer') {
    const [first, last] = [rnd.pick(pools.firstNames), rnd.pick(pools.lastNames)]
    // Hungarian names put the family name first.
    return lang === 'hu' ? `${last} ${first}` : `${first} ${last}`
  }
  const suffixes = (pools.orgSuffixes as Record<string, string[]>)[kind] ?? []
  const suffix = suffixes.length ? ` ${rnd.pick(suffixes)}` : ''
  return `${rnd.pick(pools.orgPrefixes)} ${rnd.pick(pools.orgCores)}${suffix}`
}

const round = (v: number) => Math.round(v * 1e5) / 1e5
