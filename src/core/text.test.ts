import { describe, expect, it } from 'vitest'
import { prefixTsquery, queryWords } from './text'

describe('prefixTsquery', () => {
  it('matches words of three letters or more as prefixes, shorter ones as whole words', () => {
    expect(prefixTsquery(queryWords('PR és kommunikáció'))).toBe('pr & es & kommunikacio:*')
    expect(prefixTsquery(queryWords('3D Lichtf'))).toBe('3d & lichtf:*')
    expect(prefixTsquery(queryWords('Łódź'))).toBe('lodz:*')
  })
})
