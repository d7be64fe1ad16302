// Maps of the directory, the cluster pages, profiles and the forms that ask for a place. Layers, markers and
// the side list work even when no tiles load.
// The tile server and its attribution are configured (MAP_TILE_URL, MAP_TILE_ATTRIBUTION) and set on <body>.
function baseMap(element) {
  const map = window.L.map(element, { scrollWheelZoom: false })
  const { tiles, tileAttribution } = document.body.dataset
  if (tiles) window.L.tileLayer(tiles, { attribution: tileAttribution, maxZoom: 18 }).addTo(map)
  return map
}

// A clicked place as forms keep it: six decimals, about ten centimetres.
const roundedPoint = (latlng) => [Number(latlng.lat.toFixed(6)), Number(latlng.lng.toFixed(6))]

function onMapClick(map, handle) {
  map.on('click', (event) => handle(roundedPoint(event.latlng)))
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

// A form's latitude and longitude fields chosen on a map: a click or the dragged marker fills them, typing in
// them moves the marker. The fields stay the way to type a place, with the keyboard or without JavaScript;
// the map (hidden without JavaScript) opens on the chosen district's point or else the city's.
function pickPoint(element) {
  const picker = element.closest('.point-picker')
  const form = element.closest('form')
  const lat = document.getElementById(element.dataset.latField)
  const lon = document.getElementById(element.dataset.lonField)
  if (!picker || !form || !lat || !lon) return
  picker.hidden = false
  const cities = JSON.parse(element.dataset.cities)
  const districts = JSON.parse(element.dataset.districts)
  const map = baseMap(element)
  let marker = null

  const typedPoint = () => {
    const text = [lat.value.trim(), lon.value.trim()]
    const point = text.map(Number)
    const valid =
      text.every(Boolean) &&
      point.every(Number.isFinite) &&
      Math.abs(point[0]) <= 90 &&
      Math.abs(point[1]) <= 180
    return valid ? point : null
  }
  const area = () => {
    const district = districts[form.elements.district?.value]
    if (district) return { point: district, zoom: 15 }
    // The report form names its city; a space's form has only its own.
    return { point: cities[form.elements.city?.value] ?? Object.values(cities)[0], zoom: 12 }
  }
  const place = (point) => {
    if (marker) {
      marker.setLatLng(point)
      return
    }
    marker = window.L.marker(point, { draggable: true, keyboard: false, alt: element.dataset.marker })
    marker.on('dragend', () => fill(roundedPoint(marker.getLatLng())))
    marker.addTo(map)
  }
  const fill = (point) => {
    lat.value = String(point[0])
    lon.value = String(point[1])
    place(point)
  }

  const typed = typedPoint()
  if (typed) {
    map.setView(typed, 16)
    place(typed)
  } else {
    const { point, zoom } = area()
    map.setView(point, zoom)
  }
  onMapClick(map, fill)
  for (const field of [lat, lon])
    field.addEventListener('input', () => {
      const point = typedPoint()
      if (!point) return
      place(point)
      map.panTo(point, { animate: false })
    })
  form.addEventListener('change', (event) => {
    if (event.target.name !== 'district' && event.target.name !== 'city') return
    const { point, zoom } = area()
    map.setView(point, zoom, { animate: false })
  })
}

function initMaps() {
  if (!window.L) return
  for (const element of document.querySelectorAll('.map:not(.leaflet-container)')) {
    if (element.dataset.geojson) showCollection(element)
    else if (element.dataset.point) showPoint(element)
    else if (element.dataset.latField) pickPoint(element)
  }
}
initMaps()
document.addEventListener('htmx:afterSettle', initMaps)
