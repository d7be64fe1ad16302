// The district page's map: the boundary (a polygon) or the point, drawn even when no tiles load. On the
// manager's page it also draws a boundary by clicks into the GeoJSON text field, which works without it.
// Uses baseMap and onMapClick from map.js.

function showDistrict(element) {
  const geometry = JSON.parse(element.dataset.geometry)
  const map = baseMap(element)
  const shape = { className: `district-shape district-shape--${element.dataset.status}`, weight: 2 }
  if (geometry.type === 'Point') {
    const [lon, lat] = geometry.coordinates
    map.setView([lat, lon], 14)
    window.L.circleMarker([lat, lon], { ...shape, radius: 9 })
      .addTo(map)
      .bindTooltip(element.dataset.name)
    return { map, layer: null }
  }
  const layer = window.L.geoJSON(geometry, { style: () => shape }).addTo(map)
  map.fitBounds(layer.getBounds().pad(0.1), { animate: false })
  return { map, layer }
}

function enableDrawing(container) {
  const field = document.getElementById(container.dataset.target)
  const element = container.querySelector('.district-map')
  if (!field || !element) return
  container.hidden = false
  const { map, layer } = showDistrict(element)
  const corners = []
  let drawn = null
  const redraw = () => {
    if (drawn) drawn.remove()
    drawn = corners.length
      ? window.L.polygon(corners, { className: 'district-shape', weight: 2 }).addTo(map)
      : null
    if (corners.length >= 3) {
      const ring = corners.map(([lat, lon]) => [lon, lat])
      ring.push(ring[0])
      field.value = JSON.stringify({ type: 'Polygon', coordinates: [ring] })
    }
  }
  onMapClick(map, (point) => {
    if (layer && !corners.length) layer.remove()
    corners.push(point)
    redraw()
  })
  container.querySelector('[data-draw="undo"]').addEventListener('click', () => {
    corners.pop()
    redraw()
  })
  container.querySelector('[data-draw="clear"]').addEventListener('click', () => {
    corners.length = 0
    field.value = ''
    redraw()
  })
}

function initDistrictMaps() {
  if (!window.L) return
  for (const container of document.querySelectorAll('.district-draw')) enableDrawing(container)
  for (const element of document.querySelectorAll('.district-map:not(.leaflet-container)'))
    showDistrict(element)
}
initDistrictMaps()
