import type { Db } from '../../core/db/client'
import { sequenceSimilarity, trigrams, wordSimilarityThreshold } from '../../core/trigram'
import {
  type FacetCountRow,
  type FacetFilters,
  type FacetName,
  facetNames,
  selectActorOrders,
  selectActorVersion,
  selectIndexRows,
  type VisibilityScope,
} from './queries'
import { type Visibility, visibilityLevels } from './schema'

/**
 * The directory's search in memory: the same matches, counts and pages as `selectMatches`, read once per
 * actor version from the database (`selectIndexRows`, the words the database's own text search made), then
 * answered without it. Counting facets over tens of thousands of matches costs PostgreSQL ~2–3 µs a row; here
 * it is a walk over typed arrays.
 */

/** What the index reads of an actor. */
export interface IndexRow {
  id: number
  cluster_id: string
  kind: string
  size_band: string
  sectors: string[]
  offers: string[]
  needs: string[]
  languages: string[]
  /** Who sees the actor's needs. */
  needs_level: Visibility
  name_norm: string
  /** The words of the name, as the `search` column holds them (weight A). */
  name_words: string[]
  /** Every word of the `search` column: name and descriptions. */
  words: string[]
}

export interface IndexQuestion {
  /** The folded query words (queryWords); none for a view without text. */
  words: string[]
  /** Capabilities the query names in any language. */
  capabilities: string[]
  filters: FacetFilters
  scope: VisibilityScope
  sort: 'relevance' | 'newest' | 'name'
  limit: number
  offset: number
}

export interface DirectoryIndex {
  /** The actor version the index was read at. */
  version: number
  size: number
  search(question: IndexQuestion): { pageIds: number[]; counts: FacetCountRow[] }
}

/** The values of one facet for every actor: actor d has items[offsets[d]] up to items[offsets[d + 1]]. */
interface FacetColumn {
  values: string[]
  numbers: Map<string, number>
  offsets: Uint32Array
  items: Uint16Array
}

const columnOf: Record<FacetName, (row: IndexRow) => string[]> = {
  city: (r) => [r.cluster_id],
  sector: (r) => r.sectors,
  kind: (r) => [r.kind],
  offers: (r) => r.offers,
  needs: (r) => r.needs,
  language: (r) => r.languages,
  size: (r) => [r.size_band],
}

// ts_rank's weights of the name (A) and descriptions (B) words, and its normalisation of one occurrence.
const nameWeight = 1
const descriptionWeight = 0.4
const rankScale = 1 / 1.64493406685
/** The rank added for offering a capability the query names, as in `rankExpression`. */
const capabilityBonus = 0.3
/** As many names like the query as `selectNamesLike` is asked for. */
const namesLikeLimit = 200

/**
 * The directory's index read from the database a few thousand actors at a time, so that other requests go on
 * meanwhile (on the embedded database as well); kept only if no change to actors was committed while reading.
 */
export async function readDirectoryIndex(db: Db): Promise<DirectoryIndex | undefined> {
  const version = await selectActorVersion(db)
  const builder = directoryIndexBuilder()
  const chunk = 5000
  for (let after = 0; ; ) {
    const found = await selectIndexRows(db, after, chunk)
    for (const row of found) builder.add(row)
    if (found.length < chunk) break
    after = Number(found[found.length - 1].id)
  }
  const { byName, byNewest } = await selectActorOrders(db)
  if ((await selectActorVersion(db)) !== version) return undefined
  return builder.finish(version, byName, byNewest)
}

/** Collects the rows read from the database, then builds the index from them. */
function directoryIndexBuilder() {
  const ids: number[] = []
  const needsLevels: number[] = []
  const facetRows = Object.fromEntries(facetNames.map((f) => [f, [] as string[][]])) as Record<
    FacetName,
    string[][]
  >
  // A posting is the actor's number times two, plus one where the word is in its name.
  const postings = new Map<string, number[]>()
  // Trigrams numbered once; each name's in order (for the likeness) and, per trigram, the names that have it.
  const trigramNumbers = new Map<string, number>()
  const nameSequence: number[] = []
  const nameOffsets = [0]
  const trigramNames: number[][] = []
  const push = (map: Map<string, number[]>, key: string, value: number) => {
    const list = map.get(key)
    if (list) list.push(value)
    else map.set(key, [value])
  }
  return {
    add(row: IndexRow) {
      const d = ids.length
      ids.push(Number(row.id))
      needsLevels.push(visibilityLevels.indexOf(row.needs_level))
      for (const f of facetNames) facetRows[f].push(columnOf[f](row))
      const inName = new Set(row.name_words)
      for (const word of row.words) push(postings, word, d * 2 + (inName.has(word) ? 1 : 0))
      for (const trigram of trigrams(row.name_norm)) {
        if (!trigramNumbers.has(trigram)) {
          trigramNumbers.set(trigram, trigramNumbers.size)
          trigramNames.push([])
        }
        const n = trigramNumbers.get(trigram)!
        const named = trigramNames[n]
        if (named[named.length - 1] !== d) named.push(d)
        nameSequence.push(n)
      }
      nameOffsets.push(nameSequence.length)
    },
    /** `byName` and `byNewest`: every actor's id in the order the database sorts them. */
    finish(version: number, byName: number[], byNewest: number[]): DirectoryIndex {
      const docOf = new Map(ids.map((id, d) => [id, d]))
      const order = (sorted: number[]) => Int32Array.from(sorted, (id) => docOf.get(Number(id)) ?? -1)
      const terms = [...postings.keys()].sort()
      const termOffsets = new Uint32Array(terms.length + 1)
      terms.forEach((term, i) => {
        termOffsets[i + 1] = termOffsets[i] + postings.get(term)!.length
      })
      const termPostings = new Int32Array(termOffsets[terms.length])
      terms.forEach((term, i) => {
        termPostings.set(postings.get(term)!, termOffsets[i])
      })
      const columns = Object.fromEntries(facetNames.map((f) => [f, facetColumn(facetRows[f])])) as Record<
        FacetName,
        FacetColumn
      >
      return createIndex({
        version,
        ids: Float64Array.from(ids),
        needsLevels: Uint8Array.from(needsLevels),
        columns,
        offering: invert(columns.offers),
        terms,
        termOffsets,
        termPostings,
        trigramNumbers,
        trigramNames: trigramNames.map((docs) => Int32Array.from(docs)),
        nameSequence: Int32Array.from(nameSequence),
        nameOffsets: Uint32Array.from(nameOffsets),
        byName: order(byName),
        byNewest: order(byNewest),
      })
    },
  }
}

function facetColumn(rows: string[][]): FacetColumn {
  const numbers = new Map<string, number>()
  const offsets = new Uint32Array(rows.length + 1)
  const items: number[] = []
  rows.forEach((values, d) => {
    for (const value of new Set(values)) {
      if (!numbers.has(value)) numbers.set(value, numbers.size)
      items.push(numbers.get(value)!)
    }
    offsets[d + 1] = items.length
  })
  return { values: [...numbers.keys()], numbers, offsets, items: Uint16Array.from(items) }
}

/** A flag for each value of a facet: whether it is among these. */
function flagsOf(column: FacetColumn, values: string[]) {
  const flags = new Uint8Array(column.values.length)
  for (const value of values) {
    const n = column.numbers.get(value)
    if (n !== undefined) flags[n] = 1
  }
  return flags
}

/** For each value of a facet, the actors that have it. */
function invert(column: FacetColumn): Int32Array[] {
  const lists = column.values.map(() => [] as number[])
  for (let d = 0; d + 1 < column.offsets.length; d++)
    for (let j = column.offsets[d]; j < column.offsets[d + 1]; j++) lists[column.items[j]].push(d)
  return lists.map((l) => Int32Array.from(l))
}

interface IndexData {
  version: number
  ids: Float64Array
  /** Who sees each actor's needs, as a number of visibilityLevels. */
  needsLevels: Uint8Array
  columns: Record<FacetName, FacetColumn>
  offering: Int32Array[]
  terms: string[]
  termOffsets: Uint32Array
  termPostings: Int32Array
  trigramNumbers: Map<string, number>
  trigramNames: Int32Array[]
  nameSequence: Int32Array
  nameOffsets: Uint32Array
  byName: Int32Array
  byNewest: Int32Array
}

/** The first term not below `word` in the sorted terms. */
function lowerBound(terms: string[], word: string) {
  let lo = 0
  let hi = terms.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (terms[mid] < word) lo = mid + 1
    else hi = mid
  }
  return lo
}

function createIndex(data: IndexData): DirectoryIndex {
  const { ids, columns, terms, termOffsets, termPostings } = data
  const size = ids.length

  /**
   * Every word as a prefix (words under three letters whole, as prefixTsquery asks): how many of the words
   * each actor has and their weights summed, the best weight of each word counted once.
   */
  function matchWords(words: string[]) {
    const lastWord = new Uint8Array(size)
    const matched = new Uint8Array(size)
    const score = new Float32Array(size)
    const best = new Float32Array(size)
    const touched: number[] = []
    words.forEach((word, w) => {
      const whole = [...word].length < 3
      for (let t = lowerBound(terms, word); t < terms.length; t++) {
        if (whole ? terms[t] !== word : !terms[t].startsWith(word)) break
        for (let p = termOffsets[t]; p < termOffsets[t + 1]; p++) {
          const d = termPostings[p] >> 1
          const weight = termPostings[p] & 1 ? nameWeight : descriptionWeight
          if (lastWord[d] !== w + 1) {
            // The first term of this word the actor has.
            lastWord[d] = w + 1
            if (++matched[d] === 1) touched.push(d)
            best[d] = weight
            score[d] += weight
          } else if (weight > best[d]) {
            score[d] += weight - best[d]
            best[d] = weight
          }
        }
      }
    })
    return { all: touched.filter((d) => matched[d] === words.length), score }
  }

  // Where each of the query's trigrams was last seen in a name, for the likeness; -1 between searches.
  const lastPosition = new Int32Array(data.trigramNames.length).fill(-1)

  /** Names like the query (pg_trgm's `<%`), with their likeness: the best `namesLikeLimit`. */
  function namesLike(folded: string): Map<number, number> {
    const queryTrigrams = new Set(trigrams(folded))
    const known = [...queryTrigrams].flatMap((t) => data.trigramNumbers.get(t) ?? [])
    // A name can only be alike enough if it has that share of the query's trigrams.
    const needed = Math.ceil(queryTrigrams.size * wordSimilarityThreshold - 1e-9)
    const wanted = new Uint8Array(data.trigramNames.length)
    const shared = new Uint16Array(size)
    const candidates: number[] = []
    for (const n of known) {
      wanted[n] = 1
      for (const d of data.trigramNames[n]) if (++shared[d] === needed) candidates.push(d)
    }
    // A name's likeness is at most the share of the query's trigrams it has: look at the names that have the
    // most first, and stop once enough are at least as alike as any left can be.
    const byShared = Array.from({ length: queryTrigrams.size + 1 }, () => [] as number[])
    for (const d of candidates) byShared[shared[d]].push(d)
    const alike: (readonly [number, number])[] = []
    let atLeastBound = 0
    for (let k = queryTrigrams.size; k >= needed && k > 0; k--) {
      const bound = Math.fround(k / queryTrigrams.size)
      atLeastBound = alike.filter(([, s]) => s >= bound).length
      for (const d of Int32Array.from(byShared[k]).sort()) {
        if (atLeastBound >= namesLikeLimit) break
        const s = sequenceSimilarity(
          data.nameSequence,
          data.nameOffsets[d],
          data.nameOffsets[d + 1],
          wanted,
          queryTrigrams.size,
          lastPosition,
        )
        if (s < wordSimilarityThreshold) continue
        alike.push([d, s])
        if (s >= bound) atLeastBound++
      }
      if (atLeastBound >= namesLikeLimit) break
    }
    alike.sort((x, y) => y[1] - x[1] || x[0] - y[0])
    return new Map(alike.slice(0, namesLikeLimit))
  }

  function search(question: IndexQuestion) {
    const { words, scope } = question
    const text = words.length > 0
    let matches: number[]
    let rankOf = (_d: number) => 0
    if (text) {
      const { all, score } = matchWords(words)
      const alike = namesLike(words.join(' '))
      const named = question.capabilities
        .map((c) => columns.offers.numbers.get(c))
        .filter((n) => n !== undefined)
      const offersNamed = new Uint8Array(size)
      const inMatches = new Uint8Array(size)
      const list = all
      for (const d of all) inMatches[d] = 1
      for (const n of named)
        for (const d of data.offering[n]) {
          offersNamed[d] = 1
          if (!inMatches[d]) {
            inMatches[d] = 1
            list.push(d)
          }
        }
      for (const d of alike.keys())
        if (!inMatches[d]) {
          inMatches[d] = 1
          list.push(d)
        }
      matches = list
      rankOf = (d) =>
        Math.fround((score[d] / words.length) * rankScale) +
        (alike.get(d) ?? 0) +
        (offersNamed[d] ? capabilityBonus : 0)
    } else matches = Array.from({ length: size }, (_, d) => d)

    // Who sees an actor's needs: the viewer's levels, their own organisations, the cities they manage.
    const levelShown = visibilityLevels.map((level) => scope.levels.includes(level))
    const ownIds = new Set(scope.actorIds.map(Number))
    const managedCities = flagsOf(columns.city, scope.clusterIds)
    // Every actor has one city: its number is items[d].
    const cityOf = columns.city.items
    const needsShown = (d: number) =>
      levelShown[data.needsLevels[d]] ||
      managedCities[cityOf[d]] === 1 ||
      (ownIds.size > 0 && ownIds.has(ids[d]))

    const facets = facetNames.map((name) => ({
      name,
      ...columns[name],
      counts: new Int32Array(columns[name].values.length),
      needs: name === 'needs',
    }))
    const filters = facets
      .filter((f) => question.filters[f.name]?.length)
      .map((f) => ({ ...f, chosen: flagsOf(f, question.filters[f.name]!) }))
    const holds = (filter: (typeof filters)[number], d: number) => {
      for (let j = filter.offsets[d]; j < filter.offsets[d + 1]; j++)
        if (filter.chosen[filter.items[j]] === 1) return !filter.needs || needsShown(d)
      return false
    }
    const count = (facet: (typeof facets)[number], d: number) => {
      if (facet.needs && !needsShown(d)) return
      for (let j = facet.offsets[d]; j < facet.offsets[d + 1]; j++) facet.counts[facet.items[j]]++
    }

    // As selectMatches: a match counts for a facet when it holds every other facet's filter.
    const passing: number[] = []
    for (const d of matches) {
      let failed = -1
      let failures = 0
      for (let a = 0; a < filters.length && failures < 2; a++)
        if (!holds(filters[a], d)) {
          failed = a
          failures++
        }
      if (failures === 0) {
        passing.push(d)
        for (const facet of facets) count(facet, d)
      } else if (failures === 1) count(filters[failed], d)
    }

    const wanted = question.offset + question.limit
    const page =
      text && question.sort === 'relevance'
        ? topRanked(passing, wanted, rankOf, ids)
        : firstInOrder(passing, wanted, question.sort === 'name' ? data.byName : data.byNewest, size)
    const rows: FacetCountRow[] = [{ facet: 'total', value: null, n: passing.length }]
    for (const facet of facets)
      facet.counts.forEach((n, v) => {
        if (n > 0) rows.push({ facet: facet.name, value: facet.values[v], n })
      })
    return { pageIds: page.slice(question.offset, wanted).map((d) => ids[d]), counts: rows }
  }

  return { version: data.version, size, search }
}

/** The first `wanted` of the actors in a stored order. */
function firstInOrder(docs: number[], wanted: number, order: Int32Array, size: number) {
  const chosen = new Uint8Array(size)
  for (const d of docs) chosen[d] = 1
  const page: number[] = []
  for (let i = 0; i < order.length && page.length < wanted; i++) if (chosen[order[i]]) page.push(order[i])
  return page
}

/** The `wanted` best ranked, best first, ties by id (`sort_key DESC, id ASC`), kept in a small heap. */
function topRanked(docs: number[], wanted: number, rankOf: (d: number) => number, ids: Float64Array) {
  const ranked = docs.map((d) => ({ d, rank: rankOf(d) }))
  const better = (a: (typeof ranked)[number], b: (typeof ranked)[number]) =>
    a.rank > b.rank || (a.rank === b.rank && ids[a.d] < ids[b.d])
  if (ranked.length <= wanted * 4) return ranked.sort((a, b) => (better(a, b) ? -1 : 1)).map((r) => r.d)
  // A heap whose top is the worst of the best kept so far.
  const heap: typeof ranked = []
  const sink = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let worst = i
      if (l < heap.length && better(heap[worst], heap[l])) worst = l
      if (r < heap.length && better(heap[worst], heap[r])) worst = r
      if (worst === i) return
      ;[heap[i], heap[worst]] = [heap[worst], heap[i]]
      i = worst
    }
  }
  for (const item of ranked) {
    if (heap.length < wanted) {
      heap.push(item)
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1
        if (!better(heap[parent], heap[i])) break
        ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
        i = parent
      }
    } else if (wanted > 0 && better(item, heap[0])) {
      heap[0] = item
      sink(0)
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : 1)).map((r) => r.d)
}
