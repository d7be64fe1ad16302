import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { prepareDatabase } from '../bootstrap'
import { translate } from '../core/i18n'
import { createNetworkAdmin } from '../modules/accounts/service'
import { withDatabase } from './run'

// `npm run admin:create -- email`: the first network admin of an installation without demo data.
const parsed = z.email().safeParse(process.argv[2])
if (!parsed.success) {
  console.error(
    'Usage: npm run admin:create -- admin@example.org   (password from ADMIN_PASSWORD, else generated)',
  )
  process.exit(2)
}
const email = parsed.data
const given = process.env.ADMIN_PASSWORD
const password = given || randomBytes(18).toString('base64url')

await withDatabase(async (database, config) => {
  await prepareDatabase(database, config, false)
  const result = await createNetworkAdmin(database.db, email, password)
  if (result.problem) {
    console.error(`ADMIN_PASSWORD: ${translate('en', result.problem)}`)
    process.exitCode = 1
    return
  }
  console.log(`${result.created ? 'Created' : 'Made'} network admin ${email}.`)
  if (result.created && !given) console.log(`Password (shown once; change it under My account): ${password}`)
})
