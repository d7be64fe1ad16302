// Progressive enhancement shared by every page; the pages work without it.
document.documentElement.classList.add('js')

// Close an open header menu when the person clicks elsewhere or presses Escape.
document.addEventListener('click', (event) => {
  for (const menu of document.querySelectorAll('details.menu[open]')) {
    if (!menu.contains(event.target)) menu.removeAttribute('open')
  }
})
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return
  for (const menu of document.querySelectorAll('details.menu[open]')) {
    menu.removeAttribute('open')
    menu.querySelector('summary')?.focus()
  }
})

// On a phone the filters start folded, like a drawer.
function foldFacets() {
  if (window.matchMedia('(max-width: 900px)').matches) {
    for (const facets of document.querySelectorAll('details.facets')) facets.removeAttribute('open')
  }
}
foldFacets()
document.addEventListener('htmx:afterSettle', foldFacets)
