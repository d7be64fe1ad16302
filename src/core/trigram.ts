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
export function wordSimilarity(query: string | Set<string>, text: string): number {
  const wanted = typeof query === 'string' ? new Set(trigrams(query)) : query
  const sequence = trigrams(text)
  // Each distinct trigram of the text gets a number; `found` says whether the query has it.
  const numbers = new Map<string, number>()
  for (const t of sequence) if (!numbers.has(t)) numbers.set(t, numbers.size)
  const indexes = sequence.map((t) => numbers.get(t)!)
  const found = [...numbers.keys()].map((t) => wanted.has(t))
  const lastPosition = new Array<number>(numbers.size).fill(-1)
  let extentLength = 0
  let count = 0
  let lower = -1
  let best = 0
  for (let i = 0; i < indexes.length; i++) {
    const trigram = indexes[i]
    if (lower >= 0 || found[trigram]) {
      if (lastPosition[trigram] < 0) {
        extentLength++
        if (found[trigram]) count++
      }
      lastPosition[trigram] = i
    }
    if (!found[trigram]) continue
    if (lower === -1) {
      lower = i
      extentLength = 1
    }
    // Try every later lower bound of the stretch for a greater similarity.
    let current = similarity(count, wanted.size, extentLength)
    let tryCount = count
    let tryLength = extentLength
    const previousLower = lower
    for (let tryLower = lower; tryLower <= i; tryLower++) {
      const tried = similarity(tryCount, wanted.size, tryLength)
      if (tried > current) {
        current = tried
        extentLength = tryLength
        lower = tryLower
        count = tryCount
      }
      const dropped = indexes[tryLower]
      if (lastPosition[dropped] === tryLower) {
        tryLength--
        if (found[dropped]) tryCount--
      }
    }
    best = Math.max(best, current)
    for (let dropLower = previousLower; dropLower < lower; dropLower++) {
      const dropped = indexes[dropLower]
      if (lastPosition[dropped] === dropLower) lastPosition[dropped] = -1
    }
  }
  // pg_trgm computes in single precision.
  return Math.fround(best)
}
