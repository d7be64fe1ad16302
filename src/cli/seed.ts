import { parseArgs } from 'node:util'
import { demoDefaults, prepareDatabase } from '../bootstrap'
import { withDatabase } from './run'

const { values } = parseArgs({
  options: { actors: { type: 'string' }, seed: { type: 'string' } },
})
const actors = Number(values.actors ?? demoDefaults.actors)
const seed = Number(values.seed ?? demoDefaults.seed)
if (!Number.isInteger(actors) || actors < 0 || !Number.isInteger(seed)) {
  console.error('Usage: npm run seed -- [--actors N] [--seed N]')
  process.exit(2)
}

await withDatabase(async (database, config) => {
  const { demoLoaded } = await prepareDatabase(database, config, { actors, seed })
  console.log(
    demoLoaded
      ? `Demo network loaded: ${actors} generated actors (seed ${seed}).`
      : 'Reference data installed; the directory is not empty, so no demo data was added (npm run db:reset first).',
  )
})
