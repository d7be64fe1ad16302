import { migrate } from '../core/db/migrate'
import { withDatabase } from './run'

await withDatabase(async (database) => {
  await migrate(database)
  console.log('Database migrated.')
})
