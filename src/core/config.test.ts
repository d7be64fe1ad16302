import { describe, expect, it } from 'vitest'
import { loadConfig } from './config'

describe('loadConfig', () => {
  it('has defaults that start the embedded database with the demo network', () => {
    const config = loadConfig({})
    expect(config.PORT).toBe(3000)
    expect(config.DATABASE_URL).toBeUndefined()
    expect(config.DEMO_DATA).toBe(true)
    expect(config.publicUrl).toBe('http://localhost:3000')
  })

  it('reads DEMO_DATA=false and a PUBLIC_URL without its trailing slash', () => {
    const config = loadConfig({
      DEMO_DATA: 'false',
      PUBLIC_URL: 'https://network.example.org/',
      PORT: '8080',
    })
    expect(config.DEMO_DATA).toBe(false)
    expect(config.publicUrl).toBe('https://network.example.org')
  })

  it('loads no demo network in production unless asked to', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).DEMO_DATA).toBe(false)
    expect(loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true' }).DEMO_DATA).toBe(true)
  })

  it('fails with every wrong value named', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO_DATA: 'maybe' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*DEMO_DATA/,
    )
  })

  it('runs several processes only on a PostgreSQL server', () => {
    expect(loadConfig({}).PROCESSES).toBe(1)
    expect(loadConfig({ PROCESSES: '2', DATABASE_URL: 'postgres://db/ccn' }).PROCESSES).toBe(2)
    expect(() => loadConfig({ PROCESSES: '2' })).toThrow(
      /PROCESSES: more than one process needs DATABASE_URL/,
    )
    expect(() => loadConfig({ PROCESSES: '0', DATABASE_URL: 'postgres://db/ccn' })).toThrow(/PROCESSES/)
  })
})
