import type { Module } from '../../core/module'

export const connectionsModule: Module = {
  name: 'connections',
}
