import type { Module } from '../core/module'
import { accountsModule } from './accounts/module'
import { actorsModule } from './actors/module'
import { auditModule } from './audit/module'
import { connectionsModule } from './connections/module'
import { districtsModule } from './districts/module'
import { mailModule } from './mail/module'
import { mapModule } from './map/module'
import { matchingModule } from './matching/module'
import { membershipModule } from './membership/module'
import { messagesModule } from './messages/module'
import { networkModule } from './network/module'
import { notificationsModule } from './notifications/module'
import { opportunitiesModule } from './opportunities/module'
import { organisationsModule } from './organisations/module'
import { spacesModule } from './spaces/module'
import { taxonomyModule } from './taxonomy/module'

/** Every capability of the platform, in the order their data depends on each other. */
export const modules: Module[] = [
  taxonomyModule,
  networkModule,
  actorsModule,
  accountsModule,
  mailModule,
  auditModule,
  organisationsModule,
  membershipModule,
  notificationsModule,
  messagesModule,
  opportunitiesModule,
  connectionsModule,
  districtsModule,
  spacesModule,
  mapModule,
  matchingModule,
]
