// Starts the vendored Swagger UI on the API's own schema. A file, not an inline script, so the page keeps the
// site's Content Security Policy (script-src 'self').
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    // No badge from validator.swagger.io: the page loads nothing from outside.
    validatorUrl: null,
  });
})();
