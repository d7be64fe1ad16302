import type { Module } from '../../core/module'

export const opportunitiesModule: Module = {
  name: 'opportunities',
}
