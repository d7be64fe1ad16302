// pg_trgm's word similarity, ported so that an index in memory finds the same names like a query as the
// database's `<%` operator does (trgm_op.c: generate_trgm_only, calc_word_similarity, iterate_word_similarity).

/** pg_trgm's default `pg_trgm.word_similarity_threshold`. */
export const wordSimilarityThreshold = 0.6

const wordPattern = /[\p{L}\p{N}]+/gu

/** The trigrams of a text in order: each word padded with two blanks before and one after, as pg_trgm does. */
export function trigrams(text: string): string[] {
  const found: string[] = []
  for (const [word] of text.toLowerCase().matchAll(wordPattern)) {
    const chars = [' ', ' ', ...word, ' ']
    for (let i = 0; i + 3 <= chars.length; i++) found.push(chars[i] + chars[i + 1] + chars[i + 2])
  }
  return found
}

const similarity = (count: number, queryLength: number, extentLength: number) =>
  count / (queryLength + extentLength - count)

/**
 * The greatest similarity between the query's trigrams and a stretch of the text's (pg_trgm's
 * `word_similarity(query, text)`), found the way pg_trgm finds it, so that the two agree to the last case.
 */
export function wordSimilarity(query: string, text: string): number {
  const numbers = new Map<string, number>()
  const number = (t: string) => {
    if (!numbers.has(t)) numbers.set(t, numbers.size)
    return numbers.get(t)!
  }
  const wantedNumbers = new Set(trigrams(query).map(number))
  const sequence = trigrams(text).map(number)
  const wanted = new Uint8Array(numbers.size)
  for (const n of wantedNumbers) wanted[n] = 1
  return sequenceSimilarity(
    sequence,
    0,
    sequence.length,
    wanted,
    wantedNumbers.size,
    new Int32Array(numbers.size).fill(-1),
  )
}

/**
 * wordSimilarity over a text's trigrams given as numbers (`sequence[from]` up to `sequence[to]`), for callers
 * that number trigrams once: `wanted` flags the query's, `wantedCount` is how many distinct ones the query has,
 * `lastPosition` is -1 for every number and is left so.
 */
export function sequenceSimilarity(
  sequence: ArrayLike<number>,
  from: number,
  to: number,
  wanted: Uint8Array,
  wantedCount: number,
  lastPosition: Int32Array,
): number {
  let extentLength = 0
  let count = 0
  let lower = -1
  let best = 0
  for (let i = from; i < to; i++) {
    const trigram = sequence[i]
    const found = wanted[trigram] === 1
    if (lower >= 0 || found) {
      if (lastPosition[trigram] < 0) {
        extentLength++
        if (found) count++
      }
      lastPosition[trigram] = i
    }
    if (!found) continue
    if (lower === -1) {
      lower = i
      extentLength = 1
    }
    // Try every later lower bound of the stretch for a greater similarity.
    let current = similarity(count, wantedCount, extentLength)
    let tryCount = count
    let tryLength = extentLength
    const previousLower = lower
    for (let tryLower = lower; tryLower <= i; tryLower++) {
      const tried = similarity(tryCount, wantedCount, tryLength)
      if (tried > current) {
        current = tried
        extentLength = tryLength
        lower = tryLower
        count = tryCount
      }
      const dropped = sequence[tryLower]
      if (lastPosition[dropped] === tryLower) {
        tryLength--
        if (wanted[dropped] === 1) tryCount--
      }
    }
    if (current > best) best = current
    for (let dropLower = previousLower; dropLower < lower; dropLower++) {
      const dropped = sequence[dropLower]
      if (lastPosition[dropped] === dropLower) lastPosition[dropped] = -1
    }
  }
  for (let i = from; i < to; i++) lastPosition[sequence[i]] = -1
  // pg_trgm computes in single precision.
  return Math.fround(best)
}
