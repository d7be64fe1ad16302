import type { Module } from '../core/module'
import { actorsModule } from './actors/module'
import { networkModule } from './network/module'
import { taxonomyModule } from './taxonomy/module'

/** Every capability of the platform, in the order their data depends on each other. */
export const modules: Module[] = [taxonomyModule, networkModule, actorsModule]
