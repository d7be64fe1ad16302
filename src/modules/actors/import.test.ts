import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/support/app'
import { importActors } from './service'

const t = useTestApp()

const good = {
  name: 'Testwerk Kanal',
  kind: 'enterprise',
  city: 'leipzig',
  district: 'leipzig-plagwitz',
  sectors: 'design;architecture',
  offers: 'brand-identity',
  needs: '',
  languages: 'de;en',
  size: 'micro',
  founded_year: '2019',
  description_de: 'Ein Gestaltungsbüro am Kanal.',
  lat: '51.33',
  lon: '12.33',
}

async function count() {
  return ((await (await t.request('/api/v1/actors?per_page=1')).json()) as any).total as number
}

describe('importActors', () => {
  it('inserts nothing from a file with a bad row, and says which row and why', async () => {
    const before = await count()
    const report = await importActors(t.ctx(), {
      rows: [good, { ...good, name: 'Second', city: 'atlantis', size: 'huge' }],
      skipInvalid: false,
    })
    expect(report.inserted).toBe(0)
    expect(report.rejected).toHaveLength(1)
    expect(report.rejected[0].row).toBe(2)
    expect(report.rejected[0].errors.join(' ')).toMatch(/size/)
    expect(await count()).toBe(before)
  })

  it('imports the valid rows when asked to skip the others, and rejects a slug that exists', async () => {
    const before = await count()
    const report = await importActors(t.ctx(), {
      rows: [good, { ...good, name: 'Another', sectors: 'alchemy' }],
      skipInvalid: true,
    })
    expect(report.inserted).toBe(1)
    expect(report.rejected.map((r) => r.row)).toEqual([2])
    expect(await count()).toBe(before + 1)
    const profile = (await (await t.request('/api/v1/actors/testwerk-kanal')).json()) as any
    expect(profile.district).toBe('leipzig-plagwitz')
    expect(profile.description.de).toBe('Ein Gestaltungsbüro am Kanal.')
    const again = await importActors(t.ctx(), { rows: [good], skipInvalid: false })
    expect(again.inserted).toBe(0)
    expect(again.rejected[0].errors[0]).toMatch(/exists already/)
  })
})

describe('import rows', () => {
  it('count a repeated list value once', async () => {
    const report = await importActors(t.ctx(), {
      rows: [{ ...good, name: 'Twice Listed', sectors: 'design;design;media', languages: 'de;de' }],
      skipInvalid: false,
    })
    expect(report.inserted).toBe(1)
    const profile = (await (await t.request('/api/v1/actors/twice-listed')).json()) as any
    expect(profile.sectors).toEqual(['design', 'media'])
    expect(profile.languages).toEqual(['de'])
  })
})

describe('stored facet counts', () => {
  it('equal the counts over the rows after inserts, updates and deletes', async () => {
    const { selectMatches, selectStoredFacetCounts } = await import('./queries')
    const { sql } = await import('drizzle-orm')
    const sorted = (rows: { facet: string; value: string | null; n: number }[]) =>
      rows
        .filter((r) => r.n > 0)
        .map((r) => `${r.facet}:${r.value}:${r.n}`)
        .sort()
    const same = async () => {
      for (const city of [undefined, ['genoa'], ['pecs', 'gdansk']]) {
        const { counts: counted } = await selectMatches(t.db, {
          filters: { city },
          // Stored counts serve everyone, so they count the needs a visitor may see.
          scope: { levels: ['public'], actorIds: [], clusterIds: [] },
          sort: 'newest',
          limit: 1,
          offset: 0,
        })
        const stored = await selectStoredFacetCounts(t.db, city)
        expect(sorted(stored)).toEqual(sorted(counted))
      }
    }
    await same()
    await importActors(t.ctx(), {
      rows: [{ ...good, name: 'Counted Studio', city: 'genoa', district: '' }],
      skipInvalid: false,
    })
    await same()
    await t.db.execute(
      sql`UPDATE actors SET cluster_id = 'pecs', sectors = ARRAY['media'] WHERE slug = 'counted-studio'`,
    )
    await same()
    await t.db.execute(
      sql`UPDATE actors SET needs = ARRAY['funding'], visibility = '{"needs": "private"}' WHERE slug = 'counted-studio'`,
    )
    await same()
    await t.db.execute(sql`DELETE FROM actors WHERE slug = 'counted-studio'`)
    await same()
  })
})
