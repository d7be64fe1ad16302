import type { Module } from '../../core/module'
import { demoPasswordHash } from './demo'
import { accountsPages } from './pages'
import { createVerifiedPerson } from './service'

export const accountsModule: Module = {
  name: 'accounts',
  pages: accountsPages,
  async demo(db) {
    await createVerifiedPerson(db, {
      name: 'Network Admin',
      email: 'admin@demo.creative-cities.example',
      networkAdmin: true,
      passwordHash: await demoPasswordHash(),
    })
  },
}
