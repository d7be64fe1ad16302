// The map page: districts, spaces and creative actors as layers, each loaded from its GeoJSON endpoint for the
// map's bounding box; the side list names what is in view. Uses baseMap and escapeHtml from map.js.
// Works without tiles: nothing here waits for them.
;(() => {
  const element = document.getElementById('renewal-map')
  const form = document.getElementById('map-filters')
  if (!element || !form || !window.L) return
  const L = window.L
  const lang = document.documentElement.lang
  const labels = JSON.parse(element.dataset.labels)
  const number = new Intl.NumberFormat(lang)
  const listLength = 20
  // Which of the form's filters each endpoint understands.
  const filtersOf = {
    districts: ['city'],
    spaces: ['city', 'district', 'type', 'min_area', 'max_area'],
    actors: ['city', 'sector'],
  }

  const map = baseMap(element)
  const showBox = (bbox) => {
    const [w, s, e, n] = bbox.split(',').map(Number)
    map.fitBounds(
      [
        [s, w],
        [n, e],
      ],
      { animate: false },
    )
  }
  showBox(element.dataset.bbox)

  // A counted marker: its size by the count, its title naming what it counts.
  const CountIcon = L.DivIcon.extend({
    createIcon(old) {
      const icon = L.DivIcon.prototype.createIcon.call(this, old)
      icon.title = this.options.title
      return icon
    },
  })
  function countIcon(count, label, className) {
    const size = count >= 1000 ? 'large' : count >= 100 ? 'medium' : 'small'
    const text = number.format(count)
    return new CountIcon({
      className: `marker-cluster marker-cluster-${size} ${className}`,
      iconSize: [40, 40],
      html: `<div><span>${escapeHtml(text)}</span></div>`,
      title: label.replace('{count}', text),
    })
  }
  // Groups the server counted. Groups close together on the screen are drawn as one with their counts added,
  // as the clusters of points are.
  const groupLayer = (label, className) =>
    L.markerClusterGroup
      ? L.markerClusterGroup({
          showCoverageOnHover: false,
          iconCreateFunction: (cluster) =>
            countIcon(
              cluster.getAllChildMarkers().reduce((sum, m) => sum + m.options.count, 0),
              label,
              className,
            ),
        })
      : L.featureGroup()

  // Spaces in the box as pins, or the groups the server counted.
  const spacePins = L.featureGroup()
  const spaceGroups = groupLayer(labels.space_group, 'space-group')
  // Actors in the box as points, clustered here, or the groups the server counted.
  const actorPoints = L.markerClusterGroup ? L.markerClusterGroup() : L.featureGroup()
  const actorGroups = groupLayer(labels.group, 'actor-group')
  const layers = {
    districts: L.featureGroup(),
    spaces: L.featureGroup([spacePins, spaceGroups]),
    actors: L.featureGroup([actorPoints, actorGroups]),
  }
  for (const layer of Object.values(layers)) layer.addTo(map)

  const link = (href, text) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`
  const pin = (className) => L.divIcon({ className: `map-pin ${className}`, iconSize: [16, 16], html: '' })

  function boxParam() {
    const b = map.getBounds()
    const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v))
    return [
      clamp(b.getWest(), 180),
      clamp(b.getSouth(), 90),
      clamp(b.getEast(), 180),
      clamp(b.getNorth(), 90),
    ]
      .map((v) => v.toFixed(5))
      .join(',')
  }

  function urlOf(kind) {
    const data = new FormData(form)
    const params = new URLSearchParams()
    for (const name of filtersOf[kind]) {
      const value = data.get(name)
      if (value) params.set(name, value)
    }
    if (kind === 'spaces') params.set('status', element.dataset.spaceStatuses)
    // Names and links in the page's language, whatever language the browser asks for.
    params.set('lang', lang)
    params.set('bbox', boxParam())
    return `${element.dataset[kind]}?${params}`
  }

  const districtDetail = (p) => labels[`district_${p.status}`] || p.status
  const spaceDetail = (p) =>
    [
      labels[`type_${p.type}`],
      p.floor_area != null && `${number.format(p.floor_area)} m²`,
      labels[`space_${p.status}`],
    ]
      .filter(Boolean)
      .join(', ')

  function drawDistricts(features) {
    layers.districts.clearLayers()
    for (const f of features) {
      const className = `district-area district-area--${f.properties.status}`
      const shape =
        f.geometry.type === 'Point'
          ? L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], { radius: 12, className })
          : L.geoJSON(f, { style: () => ({ className }) })
      shape.bindPopup(
        `${link(f.properties.url, f.properties.name)}<br>${escapeHtml(districtDetail(f.properties))}`,
      )
      layers.districts.addLayer(shape)
    }
  }

  // A group the server counted: a counted marker that opens by zooming into it, as the clusters of points do.
  function groupMarker(f, label, className) {
    const [lon, lat] = f.geometry.coordinates
    const { count } = f.properties
    const title = label.replace('{count}', number.format(count))
    const marker = L.marker([lat, lon], {
      icon: countIcon(count, label, className),
      title,
      alt: title,
      count,
    })
    marker.on('click', () => map.setView([lat, lon], Math.min(map.getZoom() + 2, 18)))
    return marker
  }

  // Adds many markers at once where the layer can (a cluster group places them in one pass).
  const addAll = (layer, markers) => {
    if (layer.addLayers) layer.addLayers(markers)
    else for (const m of markers) layer.addLayer(m)
  }

  function drawSpaces(features) {
    spacePins.clearLayers()
    spaceGroups.clearLayers()
    const groups = []
    for (const f of features) {
      if (f.properties.cluster) {
        groups.push(groupMarker(f, labels.space_group, 'space-group'))
        continue
      }
      const [lon, lat] = f.geometry.coordinates
      const marker = L.marker([lat, lon], {
        title: f.properties.title,
        alt: f.properties.title,
        icon: pin(`space-pin space-pin--${f.properties.status}`),
      })
      marker.bindPopup(
        `${link(f.properties.url, f.properties.title)}<br>${escapeHtml(spaceDetail(f.properties))}`,
      )
      spacePins.addLayer(marker)
    }
    addAll(spaceGroups, groups)
  }

  function drawActors(data) {
    actorPoints.clearLayers()
    actorGroups.clearLayers()
    const markers = []
    const groups = []
    for (const f of data.features) {
      if (f.properties.cluster) {
        groups.push(groupMarker(f, labels.group, 'actor-group'))
        continue
      }
      const [lon, lat] = f.geometry.coordinates
      const marker = L.marker([lat, lon], {
        title: f.properties.name,
        alt: f.properties.name,
        icon: pin(`sector-${f.properties.sector || 'none'}`),
      })
      marker.bindPopup(link(`/${lang}/actors/${encodeURIComponent(f.properties.slug)}`, f.properties.name))
      markers.push(marker)
    }
    addAll(actorPoints, markers)
    addAll(actorGroups, groups)
  }

  // The side list: one section per layer, the first few by name with how many there are in view.
  function section(layer, total, items, note) {
    const part = document.createElement('section')
    part.className = 'map-list__section'
    part.dataset.layer = layer
    part.hidden = !layerShown(layer)
    const heading = document.createElement('h3')
    heading.append(`${labels[`layer_${layer}`]} `)
    const count = document.createElement('span')
    count.className = 'map-list__count'
    count.textContent = `(${number.format(total)})`
    heading.append(count)
    part.append(heading)
    if (items.length) {
      const list = document.createElement('ol')
      for (const item of items.slice(0, listLength)) {
        const li = document.createElement('li')
        const a = document.createElement('a')
        a.href = item.href
        a.textContent = item.name
        li.append(a)
        if (item.detail) {
          const detail = document.createElement('span')
          detail.className = 'muted'
          detail.textContent = ` · ${item.detail}`
          li.append(detail)
        }
        list.append(li)
      }
      part.append(list)
    } else if (!note) {
      const none = document.createElement('p')
      none.className = 'muted'
      none.textContent = labels.none
      part.append(none)
    }
    const rest = total - Math.min(items.length, listLength)
    if (note || rest > 0) {
      const more = document.createElement('p')
      more.className = 'muted'
      more.textContent = note || labels.more.replace('{count}', number.format(rest))
      if (layer === 'actors') {
        const directory = document.createElement('a')
        const params = new URLSearchParams()
        const data = new FormData(form)
        for (const name of filtersOf.actors) if (data.get(name)) params.set(name, data.get(name))
        directory.href = `${element.dataset.directory}${params.size ? `?${params}` : ''}`
        directory.textContent = labels.directory
        more.append(' ', directory)
      }
      part.append(more)
    }
    return part
  }

  const failedSection = (layer) => {
    const part = section(layer, 0, [], labels.failed)
    part.querySelector('.map-list__count').remove()
    return part
  }

  const layerBoxes = [...document.querySelectorAll('#map-layers input[type=checkbox]')]
  const layerShown = (layer) => layerBoxes.find((box) => box.value === layer)?.checked ?? true

  const byName = (a, b) => a.name.localeCompare(b.name, lang)
  let pending
  async function update() {
    pending?.abort()
    const controller = new AbortController()
    pending = controller
    const load = (kind) =>
      fetch(urlOf(kind), { headers: { accept: 'application/geo+json' }, signal: controller.signal }).then(
        (r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))),
      )
    const [districts, spaces, actors] = await Promise.allSettled([
      load('districts'),
      load('spaces'),
      load('actors'),
    ])
    if (controller.signal.aborted) return
    const chosenDistrict = new FormData(form).get('district')
    const sections = []

    if (districts.status === 'fulfilled') {
      // The districts endpoint knows cities only; a chosen district narrows it here.
      const features = districts.value.features.filter(
        (f) => !chosenDistrict || f.properties.id === chosenDistrict,
      )
      drawDistricts(features)
      const items = features.map((f) => ({
        name: f.properties.name,
        href: f.properties.url,
        detail: districtDetail(f.properties),
      }))
      sections.push(section('districts', items.length, items.sort(byName)))
    } else sections.push(failedSection('districts'))

    if (spaces.status === 'fulfilled') {
      drawSpaces(spaces.value.features)
      const items = spaces.value.features
        .filter((f) => !f.properties.cluster)
        .map((f) => ({ name: f.properties.title, href: f.properties.url, detail: spaceDetail(f.properties) }))
      sections.push(
        section(
          'spaces',
          spaces.value.total ?? items.length,
          spaces.value.clustered ? [] : items.sort(byName),
          spaces.value.clustered && labels.spaces_clustered,
        ),
      )
    } else sections.push(failedSection('spaces'))

    if (actors.status === 'fulfilled') {
      drawActors(actors.value)
      const points = actors.value.features.filter((f) => !f.properties.cluster)
      const items = points.map((f) => ({
        name: f.properties.name,
        href: `/${lang}/actors/${encodeURIComponent(f.properties.slug)}`,
      }))
      const total = actors.value.total ?? items.length
      sections.push(
        section(
          'actors',
          total,
          actors.value.clustered ? [] : items.sort(byName),
          actors.value.clustered && labels.clustered,
        ),
      )
    } else sections.push(failedSection('actors'))

    document.getElementById('map-list-title').textContent = labels.in_view
    document.getElementById('map-sections').replaceChildren(...sections)
  }

  let timer
  const later = () => {
    clearTimeout(timer)
    timer = setTimeout(update, 200)
  }
  map.on('moveend', later)

  // The layer switches: a layer and its part of the list come and go together.
  const layersBox = document.getElementById('map-layers')
  layersBox.hidden = false
  layersBox.addEventListener('change', (event) => {
    const layer = event.target.value
    if (event.target.checked) layers[layer].addTo(map)
    else layers[layer].remove()
    for (const part of document.querySelectorAll(`.map-list__section[data-layer="${layer}"]`)) {
      part.hidden = !event.target.checked
    }
  })

  // Filters apply at once; the address keeps them, so a reload or a shared link shows the same map.
  function applyFilters(event) {
    const params = new URLSearchParams()
    for (const [name, value] of new FormData(form)) if (value) params.set(name, value)
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`)
    const chosen = event?.target?.selectedOptions?.[0]
    if (chosen?.dataset.bbox) showBox(chosen.dataset.bbox)
    later()
  }
  form.addEventListener('change', applyFilters)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    applyFilters()
  })
  update()
})()
