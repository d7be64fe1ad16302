import type { Db } from '../../core/db/client'
import { compareCodePoints, firstNotBelow } from '../../core/text'
import { sequenceSimilarity, trigrams, wordSimilarityThreshold } from '../../core/trigram'
import {
  type FacetCountRow,
  type FacetFilters,
  type FacetName,
  facetNames,
  selectActorVersion,
  selectIndexRows,
  type VisibilityScope,
} from './queries'
import { type Visibility, visibilityLevels } from './schema'

/**
 * The directory's search in memory: the same matches and counts as `selectMatches`, the same pages by name
 * and by arrival, and by relevance ranked with ts_rank's weights (not its formula for words' positions). Read once per
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
  /** When the actor joined, in microseconds since 1970 (the newest order). */
  created: number
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
  /** The actor version the index holds. */
  version: number
  /** How many actors it holds. */
  size: number
  /** How many of them changed since it was read whole: they are kept apart, and searched apart. */
  changed: number
  search(question: IndexQuestion): { pageIds: number[]; counts: FacetCountRow[] }
  /** The index at a later version: `changedIds` are the actors written since, `rows` those that still exist. */
  withChanges(version: number, changedIds: number[], rows: IndexRow[]): DirectoryIndex
}

/** A page's actor, with what the orders compare. */
interface Entry {
  id: number
  rank: number
  name: string
  created: number
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
 * meanwhile (on the embedded database as well). Rows written while it reads may be read before or after their
 * change: the index holds the version read first, so the changes since are read again (withChanges).
 */
export async function readDirectoryIndex(db: Db): Promise<DirectoryIndex> {
  const version = await selectActorVersion(db)
  const builder = partBuilder()
  const chunk = 5000
  for (let after = 0; ; ) {
    const found = await selectIndexRows(db, { after, limit: chunk })
    for (const row of found) builder.add(row)
    if (found.length < chunk) break
    after = Number(found[found.length - 1].id)
  }
  const base = builder.finish()
  return combine(version, base, new Uint8Array(base.size), [])
}

/**
 * The index as a part read whole and a small part of the actors changed since, whose older rows in the first
 * are hidden. Answers of both are merged: counts added, pages in the question's order.
 */
function combine(version: number, base: Part, hidden: Uint8Array, changedRows: IndexRow[]): DirectoryIndex {
  const changedPart = changedRows.length ? buildPart(changedRows) : undefined
  const hiddenCount = hidden.reduce((n, h) => n + h, 0)
  return {
    version,
    size: base.size - hiddenCount + changedRows.length,
    changed: Math.max(hiddenCount, changedRows.length),
    search(question) {
      const wanted = question.offset + question.limit
      const answers = [base.search(question, hidden)]
      if (changedPart) answers.push(changedPart.search(question))
      const entries =
        answers.length === 1
          ? answers[0].entries
          : answers.flatMap((a) => a.entries).sort(entryOrder(question))
      return {
        pageIds: entries.slice(question.offset, wanted).map((e) => e.id),
        counts: answers.length === 1 ? answers[0].counts : addCounts(answers.map((a) => a.counts)),
      }
    },
    withChanges(next, changedIds, rows) {
      const changed = new Set(changedIds.map(Number))
      const nextHidden = hidden.slice()
      for (const id of changed) {
        const d = base.docOf(id)
        if (d >= 0) nextHidden[d] = 1
      }
      const kept = changedRows.filter((r) => !changed.has(Number(r.id)))
      return combine(
        next,
        base,
        nextHidden,
        [...kept, ...rows].sort((x, y) => Number(x.id) - Number(y.id)),
      )
    },
  }
}

/** The order of a page: best rank for a text by relevance, else by name or newest, as selectMatches sorts. */
function entryOrder(question: IndexQuestion): (a: Entry, b: Entry) => number {
  if (question.sort === 'name') return (a, b) => compareCodePoints(a.name, b.name) || a.id - b.id
  if (question.sort === 'relevance' && question.words.length) return (a, b) => b.rank - a.rank || a.id - b.id
  return (a, b) => b.created - a.created || b.id - a.id
}

function addCounts(answers: FacetCountRow[][]): FacetCountRow[] {
  const sums = new Map<string, FacetCountRow>()
  for (const row of answers.flat()) {
    const key = `${row.facet} ${row.value ?? ''}`
    const sum = sums.get(key)
    if (sum) sum.n += row.n
    else sums.set(key, { ...row })
  }
  return [...sums.values()]
}

const buildPart = (rows: IndexRow[]) => {
  const builder = partBuilder()
  for (const row of rows) builder.add(row)
  return builder.finish()
}

/** Collects the rows read from the database, then builds the index from them. */
function partBuilder() {
  const ids: number[] = []
  const names: string[] = []
  const created: number[] = []
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
      names.push(row.name_norm)
      created.push(Number(row.created))
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
    finish(): Part {
      const docs = Array.from(ids, (_, d) => d)
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
      return createPart({
        ids: Float64Array.from(ids),
        names,
        created: Float64Array.from(created),
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
        byName: Int32Array.from(
          [...docs].sort((a, b) => compareCodePoints(names[a], names[b]) || ids[a] - ids[b]),
        ),
        byNewest: Int32Array.from([...docs].sort((a, b) => created[b] - created[a] || ids[b] - ids[a])),
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

interface PartData {
  /** Every actor's id, ascending (the rows are read, and the changed ones kept, by id). */
  ids: Float64Array
  names: string[]
  created: Float64Array
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

interface Part {
  size: number
  /** The actor's number in the part, -1 if it has none. */
  docOf(id: number): number
  /** The part's answer, leaving out the `hidden` actors: its first entries in the question's order, and counts. */
  search(question: IndexQuestion, hidden?: Uint8Array): { entries: Entry[]; counts: FacetCountRow[] }
}

function createPart(data: PartData): Part {
  const { ids, columns, terms, termOffsets, termPostings } = data
  const size = ids.length

  /**
   * Every word as a prefix (words under three letters whole, as prefixTsquery asks): the actors that have them
   * all, and for those and the `alsoRanked` ones how many of the words they have and their weights summed, the
   * best weight of each word counted once. The rarest word goes first; later ones only look at actors that
   * have every word so far, or are ranked anyway.
   */
  function matchWords(words: string[], alsoRanked: Uint8Array) {
    const { lastWord, matched, score, best, touched } = scratch
    const ranges = words
      .map((word) => {
        const whole = [...word].length < 3
        let end = firstNotBelow(terms, word)
        const start = end
        while (end < terms.length && (whole ? terms[end] === word : terms[end].startsWith(word))) end++
        return { start, end, postings: termOffsets[end] - termOffsets[start] }
      })
      .sort((x, y) => x.postings - y.postings)
    ranges.forEach(({ start, end }, w) => {
      for (let p = termOffsets[start]; p < termOffsets[end]; p++) {
        const d = termPostings[p] >> 1
        const weight = termPostings[p] & 1 ? nameWeight : descriptionWeight
        if (lastWord[d] === w + 1) {
          // Another term of this word: its best weight counts.
          if (weight > best[d]) {
            score[d] += weight - best[d]
            best[d] = weight
          }
        } else if (matched[d] === w || alsoRanked[d] === 1) {
          lastWord[d] = w + 1
          if (++matched[d] === 1) touched.push(d)
          best[d] = weight
          score[d] += weight
        }
      }
    })
    return { all: touched.filter((d) => matched[d] === words.length), score }
  }

  // Per-actor working arrays that every search reuses (a search runs to its end before the next starts):
  // what a search marks it clears before it returns.
  const scratch = {
    lastWord: new Uint8Array(size),
    matched: new Uint8Array(size),
    score: new Float32Array(size),
    best: new Float32Array(size),
    touched: [] as number[],
    inMatches: new Uint8Array(size),
    offersNamed: new Uint8Array(size),
    /** The matches of a text, marked in inMatches. */
    listed: [] as number[],
  }

  function clearScratch() {
    const { lastWord, matched, score, best, touched, inMatches, offersNamed, listed } = scratch
    for (const d of touched) {
      lastWord[d] = 0
      matched[d] = 0
      score[d] = 0
      best[d] = 0
    }
    touched.length = 0
    for (const d of listed) {
      inMatches[d] = 0
      offersNamed[d] = 0
    }
    scratch.listed = []
  }

  // Where each of the query's trigrams was last seen in a name, for the likeness; -1 between searches.
  const lastPosition = new Int32Array(data.trigramNames.length).fill(-1)

  /** Names like the query (pg_trgm's `<%`), with their likeness: the best `namesLikeLimit`. */
  function namesLike(folded: string, hidden?: Uint8Array): Map<number, number> {
    const queryTrigrams = new Set(trigrams(folded))
    // Trigrams no name has count against the likeness but find nothing.
    const known = [...queryTrigrams].flatMap((t) => data.trigramNumbers.get(t) ?? [])
    // A name can only be alike enough if it has that many of the query's trigrams.
    const needed = Math.ceil(queryTrigrams.size * wordSimilarityThreshold - 1e-9)
    // Fresh zeros cost less than clearing what the postings touched.
    const shared = new Uint16Array(size)
    const wanted = new Uint8Array(data.trigramNames.length)
    const byShared = Array.from({ length: queryTrigrams.size + 1 }, () => [] as number[])
    const candidates: number[] = []
    for (const n of known) {
      wanted[n] = 1
      for (const d of data.trigramNames[n]) if (++shared[d] === needed && !hidden?.[d]) candidates.push(d)
    }
    for (const d of candidates) byShared[shared[d]].push(d)
    const { nameSequence, nameOffsets } = data
    // A name's likeness is at most the share of the query's trigrams it has: look at the names that have the
    // most first, and stop once enough are at least as alike as any left can be.
    const alike: (readonly [number, number])[] = []
    let atLeastBound = 0
    for (let k = queryTrigrams.size; k >= needed && atLeastBound < namesLikeLimit; k--) {
      const bound = Math.fround(k / queryTrigrams.size)
      atLeastBound = alike.filter(([, s]) => s >= bound).length
      for (const d of Int32Array.from(byShared[k]).sort()) {
        if (atLeastBound >= namesLikeLimit) break
        const s = sequenceSimilarity(
          nameSequence,
          nameOffsets[d],
          nameOffsets[d + 1],
          wanted,
          queryTrigrams.size,
          lastPosition,
        )
        if (s < wordSimilarityThreshold) continue
        alike.push([d, s])
        if (s >= bound) atLeastBound++
      }
    }
    alike.sort((x, y) => y[1] - x[1] || x[0] - y[0])
    return new Map(alike.slice(0, namesLikeLimit))
  }

  function search(question: IndexQuestion, hidden?: Uint8Array) {
    try {
      return answer(question, hidden)
    } finally {
      clearScratch()
    }
  }

  function answer(question: IndexQuestion, hidden?: Uint8Array) {
    const { words, scope } = question
    const text = words.length > 0
    let matches: number[]
    let rankOf = (_d: number) => 0
    if (text) {
      const alike = namesLike(words.join(' '), hidden)
      const named = question.capabilities
        .map((c) => columns.offers.numbers.get(c))
        .filter((n) => n !== undefined)
      const { offersNamed, inMatches } = scratch
      const list: number[] = []
      scratch.listed = list
      const add = (d: number) => {
        if (!inMatches[d]) {
          inMatches[d] = 1
          list.push(d)
        }
      }
      for (const n of named)
        for (const d of data.offering[n]) {
          offersNamed[d] = 1
          add(d)
        }
      for (const d of alike.keys()) add(d)
      // Those found by a named capability or a name like the query are ranked by the words they have too.
      const { all, score } = matchWords(words, inMatches)
      for (const d of all) add(d)
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
      if (hidden?.[d]) continue
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
    const entries = page.map((d) => ({
      id: ids[d],
      rank: rankOf(d),
      name: data.names[d],
      created: data.created[d],
    }))
    return { entries, counts: rows }
  }

  /** The actor's number: ids are ascending. */
  function docOf(id: number) {
    let lo = 0
    let hi = size
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (ids[mid] < id) lo = mid + 1
      else hi = mid
    }
    return ids[lo] === id ? lo : -1
  }

  return { size, docOf, search }
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
