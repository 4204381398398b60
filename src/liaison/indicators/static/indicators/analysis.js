// Analysis pages: each <div data-vega="id"> is drawn by the vendored Vega-Lite from the spec in <script id="id">
// (built by the server). Without scripts the tables below each chart carry the same figures. Expressions run
// through Vega's interpreter (ast + expr): the site's CSP forbids 'unsafe-eval', which Vega's default needs.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.vegaEmbed !== "function" || !window.vegaInterpreter) return;
    const options = { actions: false, renderer: "svg", ast: true,
                      expr: window.vegaInterpreter.expressionInterpreter };
    document.querySelectorAll("[data-vega]").forEach(function (el) {
      const source = document.getElementById(el.dataset.vega);
      if (!source) return;
      const spec = JSON.parse(source.textContent);
      if (el.dataset.aspect && el.clientWidth) {  // a map as tall as its width asks, on a phone as on a desktop
        spec.height = Math.round(el.clientWidth * Number(el.dataset.aspect));
      }
      window.vegaEmbed(el, spec, options)
        .then(function () { el.dataset.rendered = "true"; })
        .catch(function (err) { el.dataset.rendered = "failed"; el.textContent = String(err); });
    });
  });
})();
