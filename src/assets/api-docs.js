const root = document.getElementById('swagger-ui')
window.SwaggerUIBundle({ url: root.dataset.url, domNode: root, deepLinking: true })
