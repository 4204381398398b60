// Progress of a background job, polled from the API until it ends.
//   <div data-progress-url="/api/jobs/7" data-progress-state="running" data-progress-reload>
//     [data-progress-state-label] [data-progress-count] [data-progress-bar] [data-progress-step]
//     [data-progress-message] [data-progress-done]   (each optional)
// Labels of the states come from data-label-<state> on the box. With data-progress-reload the page reloads
// when the job is done (the overlap report shows its new figures).
// A box may name its own states: data-progress-active="parsing" (polled while in one of them; default
// "queued running") and data-progress-ends="draft failed" (the states that count as done; default "done").
(function () {
  "use strict";
  function states(box, name, fallback) { return (box.dataset[name] || fallback).split(" "); }
  function poll(box) {
    var part = function (name) { return box.querySelector("[data-progress-" + name + "]"); };
    fetch(box.dataset.progressUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (j) {
      var state = part("state-label");
      if (state) { state.textContent = box.dataset["label" + j.state.charAt(0).toUpperCase() + j.state.slice(1)] || j.state; state.className = "status " + j.state; }
      var count = part("count");
      if (count && j.total !== undefined) count.textContent = j.done + " / " + j.total;
      var bar = part("bar");
      if (bar) { bar.style.width = j.percent + "%"; bar.parentNode.setAttribute("aria-valuenow", j.percent); }
      var step = part("step");
      if (step && j.step !== undefined) step.textContent = j.step;
      var message = part("message");
      if (message && j.message !== undefined) message.textContent = j.message;
      if (states(box, "progressEnds", "done").indexOf(j.state) >= 0) {
        var done = part("done");
        if (done) done.hidden = false;
        if (box.dataset.progressReload !== undefined) window.location.reload();
      } else if (states(box, "progressActive", "queued running").indexOf(j.state) >= 0) {
        setTimeout(function () { poll(box); }, 1500);
      }
    }).catch(function () { setTimeout(function () { poll(box); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(function (box) {
      var state = box.dataset.progressState;
      if (states(box, "progressActive", "queued running").indexOf(state) >= 0) setTimeout(function () { poll(box); }, 1000);
    });
  });
})();
