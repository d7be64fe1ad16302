import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import { parse } from 'csv-parse/sync'
import { prepareDatabase } from '../bootstrap'
import { anonymousViewer } from '../core/auth'
import { i18nFor } from '../core/i18n'
import { importActors } from '../modules/actors/service'
import { withDatabase } from './run'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'skip-invalid': { type: 'boolean', default: false } },
})
const file = positionals[0]
if (!file || !['.csv', '.json'].includes(extname(file).toLowerCase())) {
  console.error('Usage: npm run import -- file.csv|file.json [--skip-invalid]')
  process.exit(2)
}

let rows: Record<string, unknown>[]
try {
  const text = readFileSync(file, 'utf8')
  rows =
    extname(file).toLowerCase() === '.csv'
      ? parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true })
      : JSON.parse(text)
  if (!Array.isArray(rows)) throw new Error('a JSON import must be an array of objects')
} catch (err) {
  console.error(`Cannot read ${file}: ${err instanceof Error ? err.message : err}`)
  process.exit(2)
}

await withDatabase(async (database, config) => {
  // The cities, sectors and taxonomy the rows refer to must be there, even in a new database.
  await prepareDatabase(database, config, false)
  const report = await importActors(
    { db: database.db, config, i18n: i18nFor('en'), requestId: 'import', viewer: anonymousViewer() },
    { rows, skipInvalid: values['skip-invalid']! },
  )
  for (const r of report.rejected) console.log(`row ${r.row}: ${r.errors.join('; ')}`)
  if (report.rejected.length && !values['skip-invalid']) {
    console.log(
      `${report.rejected.length} row(s) rejected; nothing imported. Fix them, or pass --skip-invalid.`,
    )
    process.exitCode = 1
  } else {
    console.log(`Imported ${report.inserted} actor(s); rejected ${report.rejected.length}.`)
  }
})
