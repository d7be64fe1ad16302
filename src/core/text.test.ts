import { describe, expect, it } from 'vitest'
import { compareCodePoints, prefixTsquery, queryWords } from './text'

describe('prefixTsquery', () => {
  it('matches words of three letters or more as prefixes, shorter ones as whole words', () => {
    expect(prefixTsquery(queryWords('PR és kommunikáció'))).toBe('pr & es & kommunikacio:*')
    expect(prefixTsquery(queryWords('3D Lichtf'))).toBe('3d & lichtf:*')
    expect(prefixTsquery(queryWords('Łódź'))).toBe('lodz:*')
  })
})

describe('compareCodePoints', () => {
  it('orders as the C collation does: by code point, also past the Basic Multilingual Plane', () => {
    const names = ['\u{1F3A8} atelier', 'ab', 'a b', '\uFB01lm', 'a', 'zeta']
    expect([...names].sort(compareCodePoints)).toEqual([
      'a',
      'a b',
      'ab',
      'zeta',
      '\uFB01lm',
      '\u{1F3A8} atelier',
    ])
    expect(compareCodePoints('a', 'a')).toBe(0)
  })
})
