import type { Module } from '../../core/module'

export const spacesModule: Module = {
  name: 'spaces',
}
