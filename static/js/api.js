// API documentation: Swagger UI from our own static files, started here (no inline script under the CSP).
document.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("swagger-ui");
  if (!element || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    domNode: element,
    deepLinking: true,
    // Only reading is possible with a browser session; writing needs an API key.
    supportedSubmitMethods: ["get"],
    validatorUrl: null,
    requestInterceptor: function (request) {
      var csrf = document.querySelector("body").getAttribute("data-hx-headers");
      if (csrf) {
        try {
          request.headers["X-CSRFToken"] = JSON.parse(csrf)["X-CSRFToken"];
        } catch (e) {
          // no token: GET requests need none
        }
      }
      return request;
    },
  });
});
