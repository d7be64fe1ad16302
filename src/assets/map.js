// Maps of the directory, the cluster pages and profiles. Layers and the side list work even when no tiles load.
// The tile server and its attribution are configured (MAP_TILE_URL, MAP_TILE_ATTRIBUTION) and set on <body>.
function baseMap(element) {
  const map = window.L.map(element, { scrollWheelZoom: false })
  const { tiles, tileAttribution } = document.body.dataset
  if (tiles) window.L.tileLayer(tiles, { attribution: tileAttribution, maxZoom: 18 }).addTo(map)
  return map
}

function escapeHtml(text) {
  const div = document.createElement('div')
  div.textContent = text
  return div.innerHTML
}

async function showCollection(element) {
  const map = baseMap(element)
  map.setView([49.5, 14], 5)
  const response = await fetch(element.dataset.geojson, { headers: { accept: 'application/geo+json' } })
  if (!response.ok) return
  const data = await response.json()
  const lang = element.dataset.lang || document.documentElement.lang
  const group = window.L.markerClusterGroup ? window.L.markerClusterGroup() : window.L.featureGroup()
  const markers = data.features.map((f) => {
    const [lon, lat] = f.geometry.coordinates
    const marker = window.L.marker([lat, lon], {
      title: f.properties.name,
      alt: f.properties.name,
      // A dot in the sector's colour (from /theme.css); the name is in the title, the popup and the list.
      icon: window.L.divIcon({
        className: `map-pin sector-${f.properties.sector || 'none'}`,
        iconSize: [16, 16],
      }),
    })
    marker.bindPopup(
      `<a href="/${lang}/actors/${encodeURIComponent(f.properties.slug)}">${escapeHtml(f.properties.name)}</a>`,
    )
    marker.feature = f
    return marker
  })
  if (group.addLayers) group.addLayers(markers)
  else for (const m of markers) group.addLayer(m)
  // Fit before adding the layer, without animation, so no cluster fades while people (or checkers) read it.
  if (markers.length) map.fitBounds(window.L.featureGroup(markers).getBounds().pad(0.1), { animate: false })
  group.addTo(map)
  const list = document.getElementById('map-list')
  if (!list) return
  const update = () => {
    const bounds = map.getBounds()
    const visible = markers.filter((m) => bounds.contains(m.getLatLng())).slice(0, 50)
    list.replaceChildren(
      ...visible.map((m) => {
        const li = document.createElement('li')
        const a = document.createElement('a')
        a.href = `/${lang}/actors/${encodeURIComponent(m.feature.properties.slug)}`
        a.textContent = m.feature.properties.name
        li.append(a)
        return li
      }),
    )
    if (!visible.length) list.textContent = list.dataset.empty
  }
  map.on('moveend', update)
  update()
}

function showPoint(element) {
  const [lat, lon] = element.dataset.point.split(',').map(Number)
  const map = baseMap(element)
  map.setView([lat, lon], 14)
  window.L.marker([lat, lon], { title: element.dataset.name, alt: element.dataset.name }).addTo(map)
}

function initMaps() {
  if (!window.L) return
  for (const element of document.querySelectorAll('.map:not(.leaflet-container)')) {
    if (element.dataset.geojson) showCollection(element)
    else if (element.dataset.point) showPoint(element)
  }
}
initMaps()
document.addEventListener('htmx:afterSettle', initMaps)
