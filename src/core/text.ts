// Letters that Unicode does not decompose into a base letter and a mark.
const foldedLetters: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  ß: 'ss',
  đ: 'd',
  Đ: 'D',
  ø: 'o',
  Ø: 'O',
  æ: 'ae',
  œ: 'oe',
}

/** Lower case without accents, as PostgreSQL's unaccent() gives it, for matching typed text. */
export function foldText(value: string): string {
  return value
    .replace(/[łŁßđĐøØæœ]/g, (ch) => foldedLetters[ch])
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
}

export function slugify(value: string): string {
  return foldText(value)
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80)
    .replace(/^-+|-+$/g, '')
}

/** Words of a search query: letters and digits only, so they are safe inside a tsquery. */
export function queryWords(q: string): string[] {
  return (foldText(q).match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12)
}

/**
 * A tsquery that matches every word as a prefix (`lichtf:* & leip:*`); the words come from queryWords. Words
 * of one or two letters match whole words only (`pr & es & kommunikacio:*`): as prefixes they would join the
 * postings of most words in the index, costing a broad search many times over and narrowing nothing.
 */
export const prefixTsquery = (words: string[]) =>
  words.map((w) => ([...w].length < 3 ? w : `${w}:*`)).join(' & ')

/**
 * Compares as PostgreSQL's "C" collation does (by code point), which JavaScript's `<` does not do for
 * characters outside the Basic Multilingual Plane: their UTF-16 surrogates sort below U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? codePointRank(x) - codePointRank(y) : x - y
  }
  return a.length - b.length
}

const codePointRank = (unit: number) => (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000)

/** The index of the first string not below `value` in a sorted list (its length if there is none). */
export function firstNotBelow(sorted: string[], value: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
