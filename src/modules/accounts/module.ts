import type { Module } from '../../core/module'
import { accountsPages } from './pages'
import { demoPasswordHash } from './demo'
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
