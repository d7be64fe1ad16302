import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'ccn-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// The import command as a person runs it, on a new embedded database (each run migrates it first,
// which takes a while on a busy machine: hence the longer timeouts below).
function importFile(file: string, ...flags: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', file, ...flags], {
    env: { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '', DEMO_DATA: 'false' },
    encoding: 'utf8',
  })
  return { status: result.status, output: result.stdout + result.stderr }
}

describe('npm run import', { timeout: 120_000 }, () => {
  const csv = join(dir, 'actors.csv')
  writeFileSync(
    csv,
    [
      'name,kind,city,sectors,offers,languages,size,description_de',
      'Probewerk Kanal,enterprise,leipzig,design;architecture,brand-identity,de;en,micro,Ein Büro am Kanal.',
      'Broken Row,robot,leipzig,design,,de,huge,',
    ].join('\n'),
  )

  it('imports nothing from a file with a bad row and names the row', () => {
    const { status, output } = importFile(csv)
    expect(status).toBe(1)
    expect(output).toMatch(/row 2: kind/)
    expect(output).toMatch(/nothing imported/)
  })

  it('imports the good rows with --skip-invalid, and not twice', () => {
    expect(importFile(csv, '--skip-invalid').output).toMatch(/Imported 1 actor/)
    expect(importFile(csv, '--skip-invalid').output).toMatch(/row 1: slug: .probewerk-kanal. exists already/)
  })

  it('refuses a file that is neither CSV nor JSON', () => {
    expect(importFile(join(dir, 'actors.txt')).status).toBe(2)
  })
})

describe('npm run admin:create', { timeout: 120_000 }, () => {
  const env = (extra: Record<string, string> = {}) => ({
    ...process.env,
    DATA_DIR: join(dir, 'admin-data'),
    DATABASE_URL: '',
    DEMO_DATA: 'false',
    ...extra,
  })
  const run = (email: string, extra?: Record<string, string>) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/admin-create.ts', email], {
      env: env(extra),
      encoding: 'utf8',
    })
    return { status: result.status, output: result.stdout + result.stderr }
  }

  it('creates the first network admin with a generated password, shown once', () => {
    const { status, output } = run('first.admin@example.org')
    expect(status).toBe(0)
    expect(output).toMatch(/Created network admin first\.admin@example\.org/)
    expect(output).toMatch(/Password \(shown once.*\): \S{20,}/)
  })

  it('refuses a weak ADMIN_PASSWORD with the rule, and a malformed address', () => {
    const weak = run('second.admin@example.org', { ADMIN_PASSWORD: 'short' })
    expect(weak.status).toBe(1)
    expect(weak.output).toMatch(/at least 12 characters/)
    expect(run('not-an-address').status).toBe(2)
  })
})
