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
