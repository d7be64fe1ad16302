import type { Module } from '../../core/module'

export const membershipModule: Module = {
  name: 'membership',
}
