import type { Db } from '../../core/db/client'
import type { Ctx } from '../../core/http'
import { firstNotBelow, foldText } from '../../core/text'
import capabilityData from './data/capabilities.json' with { type: 'json' }
import sectorData from './data/sectors.json' with { type: 'json' }
import { selectCapabilities, selectSectors, upsertCapabilities, upsertSectors } from './queries'
import { type CapabilitiesRead, indexPhrases, type PhraseIndex, readCapabilities } from './reading'
import type { capabilities, sectors } from './schema'

export type Sector = typeof sectors.$inferSelect
export type Capability = typeof capabilities.$inferSelect

export interface Taxonomy {
  sectors: Sector[]
  capabilities: Capability[]
  sectorById: Map<string, Sector>
  capabilityById: Map<string, Capability>
  /** Every label and term of every language, folded, its words joined by single blanks, in sorted order. */
  phrases: string[]
  /** The phrases by their first word. */
  phrasesByFirstWord: Map<string, string[]>
  /** The capabilities each phrase names. */
  phraseCapabilities: Map<string, string[]>
  phraseIndex: PhraseIndex
}

// Reference data that changes only with a migration or an install, so one copy per database is enough.
const cache = new WeakMap<Db, Promise<Taxonomy>>()

/** The nine sectors and the capability taxonomy, with labels in every language. */
export function getTaxonomy(ctx: Pick<Ctx, 'db'>): Promise<Taxonomy> {
  let taxonomy = cache.get(ctx.db)
  if (!taxonomy) {
    taxonomy = loadTaxonomy(ctx.db)
    cache.set(ctx.db, taxonomy)
    taxonomy.catch(() => cache.delete(ctx.db))
  }
  return taxonomy
}

async function loadTaxonomy(db: Db): Promise<Taxonomy> {
  const [sectorRows, capabilityRows] = await Promise.all([selectSectors(db), selectCapabilities(db)])
  const phrases = capabilityRows.flatMap((cap) => {
    const texts = [...Object.values(cap.label), ...Object.values(cap.terms).flat(), cap.id.replace(/-/g, ' ')]
    const folded = texts.map((t) =>
      foldText(t ?? '')
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim(),
    )
    return [...new Set(folded)].filter(Boolean).map((phrase) => ({ phrase, capabilityId: cap.id }))
  })
  const phraseCapabilities = new Map<string, string[]>()
  const phrasesByFirstWord = new Map<string, string[]>()
  for (const { phrase, capabilityId } of phrases) {
    if (!phraseCapabilities.has(phrase)) {
      phraseCapabilities.set(phrase, [])
      const first = phrase.split(' ')[0]
      phrasesByFirstWord.set(first, [...(phrasesByFirstWord.get(first) ?? []), phrase])
    }
    phraseCapabilities.get(phrase)!.push(capabilityId)
  }
  return {
    sectors: sectorRows,
    capabilities: capabilityRows,
    sectorById: new Map(sectorRows.map((s) => [s.id, s])),
    capabilityById: new Map(capabilityRows.map((c) => [c.id, c])),
    phrases: [...phraseCapabilities.keys()].sort(),
    phrasesByFirstWord,
    phraseCapabilities,
    phraseIndex: indexPhrases(phrases),
  }
}

export type { CapabilitiesRead }

/**
 * The capabilities a free text names in any of the six languages, inflected or not ("animacji 3D",
 * "3D-Animationen"), and those of them it asks for (named after "we look for", "suchen", "szukamy", …).
 */
export const capabilitiesInText = (taxonomy: Taxonomy, text: string): CapabilitiesRead =>
  readCapabilities(taxonomy.phraseIndex, text)

/**
 * Capabilities that a search text names, in any of the six languages: "animacja 3D", "3D-Animation"
 * and "3D animation" all find `3d-animation`. A phrase matches when the text contains it or it starts with the text.
 */
export async function findCapabilitiesInText(ctx: Pick<Ctx, 'db'>, text: string): Promise<string[]> {
  const query = foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
  if (query.length < 3) return []
  const folded = ` ${query} `
  const { phrases, phrasesByFirstWord, phraseCapabilities } = await getTaxonomy(ctx)
  const found = new Set<string>()
  const name = (phrase: string) => {
    for (const id of phraseCapabilities.get(phrase)!) found.add(id)
  }
  for (const word of new Set(query.split(' ')))
    for (const phrase of phrasesByFirstWord.get(word) ?? []) if (folded.includes(` ${phrase} `)) name(phrase)
  if (query.length >= 4)
    for (let i = firstNotBelow(phrases, query); phrases[i]?.startsWith(query); i++) name(phrases[i])
  return [...found]
}

export async function installTaxonomy(db: Db): Promise<void> {
  await upsertSectors(
    db,
    sectorData.map((s, position) => ({ id: s.id, position, color: s.color, name: s.name, nace: s.nace })),
  )
  await upsertCapabilities(
    db,
    capabilityData.map((c, position) => ({
      id: c.id,
      sectorId: c.sector === 'cross' ? null : c.sector,
      position,
      label: c.label,
      terms: c.terms,
    })),
  )
  cache.delete(db)
}
