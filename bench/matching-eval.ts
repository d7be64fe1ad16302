// The matchmaking evaluation: a generated, labelled network in which the ranking must find planted partners.
//   npm run eval:matching [-- --actors 2000 --pairs 120 --seed 5]
// On an embedded database: the demo network of `--actors` generated actors (their picked offers and needs are
// the ground truth), plus `--pairs` planted pairs — a seeker that asks in free text, in one of the six
// languages, for two capabilities, and a partner in another language that offers them in free text only
// (nothing picked from the taxonomy) — plus two decoys per pair that share the partner's words but not its
// offer: one asks for the same capabilities, one offers other ones in the same sentence. Reports recall@10 of
// the planted partners, precision@10 (results that truly complement the seeker), the decoys found in the top 10
// and the share of cross-border results.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { prepareDatabase } from '../src/bootstrap'
import { anonymousViewer } from '../src/core/auth'
import { loadConfig } from '../src/core/config'
import { openPglite } from '../src/core/db/client'
import type { Ctx } from '../src/core/http'
import { i18nFor } from '../src/core/i18n'
import { random } from '../src/modules/actors/demo'
import { actorsByIds, insertActors } from '../src/modules/actors/service'
import { recommendPartners } from '../src/modules/matching/service'
import { listClusters } from '../src/modules/network/service'
import { getTaxonomy } from '../src/modules/taxonomy/service'

const { values } = parseArgs({
  options: {
    actors: { type: 'string', default: '2000' },
    pairs: { type: 'string', default: '120' },
    seed: { type: 'string', default: '5' },
  },
})
const pairCount = Number(values.pairs)
const rnd = random(Number(values.seed))

const languages = ['en', 'de', 'it', 'pl', 'sl', 'hu'] as const
type Lang = (typeof languages)[number]
const cityOf: Record<Lang, string | null> = {
  en: null,
  de: 'leipzig',
  it: 'genoa',
  pl: 'gdansk',
  sl: 'ljubljana',
  hu: 'pecs',
}
const and: Record<Lang, string> = { en: 'and', de: 'und', it: 'e', pl: 'oraz', sl: 'in', hu: 'és' }
const seeking: Record<Lang, string> = {
  en: '{name} runs projects in {city}. We are looking for {caps}.',
  de: '{name} arbeitet in {city}. Wir suchen Partner für {caps}.',
  it: '{name} lavora a {city}. Cerchiamo {caps}.',
  pl: '{name} działa w mieście {city}. Szukamy partnerów: {caps}.',
  sl: '{name} deluje v mestu {city}. Iščemo {caps}.',
  hu: '{name} {city} városában dolgozik. Partnereket keresünk: {caps}.',
}
const offering: Record<Lang, string> = {
  en: '{name} offers {caps} to clients across Europe.',
  de: '{name} bietet {caps} für Kunden in ganz Europa.',
  it: '{name} offre {caps} a clienti in tutta Europa.',
  pl: '{name} oferuje {caps} dla klientów w całej Europie.',
  sl: '{name} ponuja {caps} za stranke po vsej Evropi.',
  hu: '{name} kínálata: {caps}, ügyfeleknek egész Európában.',
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ccn-eval-'))
  const database = await openPglite(dir)
  try {
    const config = loadConfig({ DEMO_DATA: 'true' })
    const started = performance.now()
    await prepareDatabase(database, config, { actors: Number(values.actors), seed: Number(values.seed) })
    const ctx = {
      db: database.db,
      config,
      i18n: i18nFor('en'),
      requestId: 'eval',
      // Ranked as a person of a member organisation sees the others.
      viewer: { ...anonymousViewer(), networkMember: true },
    } as Ctx
    const [taxonomy, clusters] = await Promise.all([getTaxonomy(ctx), listClusters(ctx)])
    const cityName = new Map(clusters.map((c) => [c.id, c.cityName]))
    const country = new Map(clusters.map((c) => [c.id, c.country]))
    const capabilities = taxonomy.capabilities
    // A capability as a person writes it in a language: its label or one of its terms.
    const written = (id: string, lang: Lang) => {
      const c = taxonomy.capabilityById.get(id)!
      return rnd.pick([c.label[lang] ?? c.label.en!, ...(c.terms[lang] ?? [])])
    }
    const list = (ids: string[], lang: Lang) => ids.map((id) => written(id, lang)).join(` ${and[lang]} `)
    const cityFor = (lang: Lang) => cityOf[lang] ?? rnd.pick(clusters).id

    interface Planted {
      seeker: number
      partner: number
      decoys: number[]
      needs: string[]
    }
    const planted: Planted[] = []
    const truth = new Map<number, { offers: string[]; needs: string[] }>()
    for (let i = 0; i < pairCount; i++) {
      const [a, b] = rnd.pickSome(capabilities, 2).map((c) => c.id)
      const seekerLang = rnd.pick(languages)
      const partnerLang = rnd.pick(languages.filter((l) => l !== seekerLang))
      const [other1, other2] = rnd
        .pickSome(
          capabilities.filter((c) => c.id !== a && c.id !== b),
          2,
        )
        .map((c) => c.id)
      const actor = (name: string, lang: Lang, text: string, sector: string | null) => {
        const city = cityFor(lang)
        return {
          kind: 'enterprise' as const,
          name,
          slug: `eval-${i}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
          clusterId: city,
          sectors: [sector ?? 'design'],
          offers: [],
          needs: [],
          languages: [lang],
          sizeBand: 'micro' as const,
          description: { [lang]: text.replace('{name}', name).replace('{city}', cityName.get(city) ?? city) },
          originalLanguage: lang,
          demo: true,
        }
      }
      const sectorOf = (id: string) => taxonomy.capabilityById.get(id)?.sectorId ?? null
      const rows = [
        actor(
          `Seeker ${i}`,
          seekerLang,
          seeking[seekerLang].replace('{caps}', list([a, b], seekerLang)),
          null,
        ),
        actor(
          `Partner ${i}`,
          partnerLang,
          offering[partnerLang].replace('{caps}', list([a, b], partnerLang)),
          sectorOf(a),
        ),
        // Decoys: the partner's words, but asking for the same capabilities, or offering others.
        actor(
          `Asking ${i}`,
          partnerLang,
          seeking[partnerLang].replace('{caps}', list([a, b], partnerLang)),
          sectorOf(a),
        ),
        actor(
          `Other ${i}`,
          partnerLang,
          offering[partnerLang].replace('{caps}', list([other1, other2], partnerLang)),
          sectorOf(a),
        ),
      ]
      const ids = await insertActors(database.db, rows)
      planted.push({ seeker: ids[0], partner: ids[1], decoys: [ids[2], ids[3]], needs: [a, b] })
      truth.set(ids[1], { offers: [a, b], needs: [] })
      truth.set(ids[2], { offers: [], needs: [a, b] })
      truth.set(ids[3], { offers: [other1, other2], needs: [] })
    }
    console.log(
      `network ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${values.actors} generated actors, ${pairCount} planted pairs, ${pairCount * 2} decoys`,
    )

    let found = 0
    let relevant = 0
    let shown = 0
    let crossBorder = 0
    let decoysShown = 0
    const rankOfPartner: number[] = []
    const missed: string[] = []
    let sameAsFull = 0
    const timings: number[] = []
    for (const p of planted) {
      const [seeker] = await actorsByIds(database.db, [p.seeker])
      const summary = { ...seeker, id: p.seeker }
      const t0 = performance.now()
      const top = await recommendPartners(ctx, summary, 10)
      timings.push(performance.now() - t0)
      const full = await recommendPartners(ctx, summary, 10, { fullRanking: true })
      if (
        full.map((m) => `${m.actor.id}:${m.score}`).join() ===
        top.map((m) => `${m.actor.id}:${m.score}`).join()
      )
        sameAsFull += 1
      const ids = top.map((m) => Number(m.actor.id))
      const rank = ids.indexOf(p.partner)
      if (rank >= 0) {
        found += 1
        rankOfPartner.push(rank + 1)
      } else {
        const [partner] = await actorsByIds(database.db, [p.partner])
        const text = (a: typeof seeker) => Object.values(a.description)[0]
        missed.push(`  needs ${p.needs.join(', ')}: "${text(seeker)}" → "${text(partner)}"`)
      }
      if (ids.some((id) => p.decoys.includes(id))) decoysShown += 1
      const rows = await actorsByIds(database.db, ids)
      const byId = new Map(rows.map((r) => [Number(r.id), r]))
      for (const id of ids) {
        const row = byId.get(id)!
        const known = truth.get(id) ?? { offers: row.offers, needs: row.needs }
        if (known.offers.some((c) => p.needs.includes(c))) relevant += 1
        if (country.get(row.clusterId) !== country.get(seeker.clusterId)) crossBorder += 1
      }
      shown += Math.max(ids.length, 10)
    }
    const ratio = (n: number, d: number) => (d ? n / d : 0).toFixed(3)
    timings.sort((x, y) => x - y)
    console.log(`recall@10 (planted partner, another language, text only): ${ratio(found, planted.length)}`)
    console.log(`precision@10 (results that offer what the seeker asks for): ${ratio(relevant, shown)}`)
    console.log(`cross-border share of the top 10: ${ratio(crossBorder, shown)}`)
    console.log(`seekers with a decoy in their top 10: ${ratio(decoysShown, planted.length)}`)
    console.log(
      `planted partner's mean rank when found: ${(rankOfPartner.reduce((s, r) => s + r, 0) / (rankOfPartner.length || 1)).toFixed(2)}`,
    )
    console.log(
      `ranking time on the embedded database: p50 ${timings[Math.floor(timings.length / 2)]?.toFixed(1)} ms, p95 ${timings[Math.floor(timings.length * 0.95)]?.toFixed(1)} ms`,
    )
    console.log(
      `rankings equal to the full ranking (strong tier checked): ${sameAsFull} of ${planted.length}`,
    )
    if (missed.length) console.log(`planted partners not in the top 10:\n${missed.join('\n')}`)
    if (found / planted.length < 0.9 || sameAsFull < planted.length) process.exitCode = 1
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
