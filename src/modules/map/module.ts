import type { Module } from '../../core/module'
import { mapPages } from './pages'

/** The map of renewal: districts, spaces and creative actors over one map, from their modules' GeoJSON. */
export const mapModule: Module = {
  name: 'map',
  pages: mapPages,
}
