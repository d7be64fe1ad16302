import type { Module } from '../../core/module'

export const districtsModule: Module = {
  name: 'districts',
}
