// Autosave of report answers: every change is PUT to the API with the version the page holds.
// Until the server confirms, the value stays in localStorage, so a lost connection or a server restart
// loses nothing: on the next visit the unsaved values are put back and sent again.
// A 409 (someone saved meanwhile) shows both values and lets the person choose; a 422 shows why the
// value does not fit (the server keeps what was typed too).
(function () {
  "use strict";
  var root = document.getElementById("report");
  if (!root) return;
  var reportId = root.dataset.report, api = root.dataset.api;
  var i18n = document.getElementById("i18n").dataset;
  var csrf = (root.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var rules = JSON.parse((document.getElementById("show-rules") || {}).textContent || "{}");
  var prefix = "liaison:report:" + reportId + ":";
  var timers = {};

  function storageKey(box) { return prefix + box.dataset.question + ":" + box.dataset.block; }

  function readValue(box) {
    var kind = box.dataset.kind;
    if (kind === "multiple") {
      return Array.prototype.map.call(box.querySelectorAll("input[type=checkbox]:checked"), function (i) { return i.value; });
    }
    if (kind === "yesno" || kind === "yesnopartly" || kind === "single") {
      var checked = box.querySelector("input[type=radio]:checked");
      return checked ? checked.value : null;
    }
    if (kind === "table") {
      var rows = [];
      box.querySelectorAll("tbody tr").forEach(function (tr) {
        var row = {}, any = false;
        tr.querySelectorAll("input[data-col]").forEach(function (i) { if (i.value.trim()) { row[i.dataset.col] = i.value; any = true; } });
        if (any) rows.push(row);
      });
      return rows;
    }
    var input = box.querySelector("[data-input]");
    return input ? input.value : null;
  }

  function writeValue(box, value) {
    var kind = box.dataset.kind;
    if (kind === "multiple") {
      box.querySelectorAll("input[type=checkbox]").forEach(function (i) { i.checked = (value || []).indexOf(i.value) >= 0; });
    } else if (kind === "yesno" || kind === "yesnopartly" || kind === "single") {
      box.querySelectorAll("input[type=radio]").forEach(function (i) { i.checked = i.value === value; });
    } else if (kind !== "table" && kind !== "file") {
      var input = box.querySelector("[data-input]");
      if (input) input.value = value == null ? "" : value;
    }
  }

  function state(box, text, cls) {
    var el = box.querySelector(".save-state");
    if (el) { el.textContent = text; el.className = "save-state " + (cls || ""); }
  }

  function offlineBanner() {
    var pending = Object.keys(localStorage).some(function (k) { return k.indexOf(prefix) === 0; });
    document.getElementById("offline").hidden = !pending;
  }

  function save(box, value, version) {
    var key = storageKey(box);
    if (box._inflight) {  // one save per answer at a time: the next one goes with the version this one returns
      box._queued = { value: value };
      localStorage.setItem(key, JSON.stringify({ value: value, version: parseInt(box.dataset.version, 10) || 0, at: Date.now() }));
      return box._inflight;
    }
    if (version === undefined) version = parseInt(box.dataset.version, 10) || 0;
    localStorage.setItem(key, JSON.stringify({ value: value, version: version, at: Date.now() }));
    state(box, i18n.saving);
    box._inflight = fetch(api + box.dataset.question, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ value: value, version: version, block: parseInt(box.dataset.block, 10) || 0 })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.status === 200 || response.status === 422) {
          localStorage.removeItem(key);
          box.dataset.version = body.version;
          box.classList.remove("prefilled");
          box.classList.toggle("invalid", response.status === 422);
          state(box, response.status === 200 ? i18n.saved : body.detail + " " + i18n.kept, response.status === 200 ? "ok" : "err");
        } else if (response.status === 409) {
          localStorage.removeItem(key);
          conflict(box, value, body);
        } else if (response.status >= 500 || response.status === 0) {
          throw new Error("server");
        } else {
          localStorage.removeItem(key);
          state(box, body.detail || ("HTTP " + response.status), "err");
        }
        offlineBanner();
      });
    }).catch(function () {
      state(box, i18n.offline, "err");
      offlineBanner();
    }).then(function () {
      box._inflight = null;
      var next = box._queued;
      box._queued = undefined;
      if (next && !box.querySelector(".conflict")) save(box, next.value);
    });
    return box._inflight;
  }

  function show(value) {
    if (value == null || value === "") return "—";
    return Array.isArray(value) ? value.map(function (v) { return typeof v === "object" ? JSON.stringify(v) : v; }).join("; ") : String(value);
  }

  function labelled(box, value) {
    // Show option labels, not codes: the label next to each chosen radio or checkbox.
    var chosen = Array.isArray(value) ? value : [value];
    var labels = chosen.map(function (v) {
      var input = box.querySelector('input[value="' + CSS.escape(String(v)) + '"]');
      return input && input.parentNode.textContent.trim() || v;
    });
    return show(labels);
  }

  function conflict(box, mine, body) {
    var old = box.querySelector(".conflict");
    if (old) old.remove();
    var node = document.getElementById("t-conflict").content.firstElementChild.cloneNode(true);
    node.querySelector("[data-theirs]").textContent = body.theirs_display || show(body.theirs);
    node.querySelector("[data-yours]").textContent = mine == null || mine === "" ? "—" : labelled(box, mine);
    box.dataset.version = body.version;
    node.addEventListener("click", function (event) {
      var which = event.target.dataset.keep;
      if (!which) return;
      node.remove();
      if (which === "mine") { writeValue(box, mine); save(box, mine, body.version); }
      else { writeValue(box, body.theirs); state(box, i18n.saved, "ok"); }
    });
    box.appendChild(node);
    state(box, "");
  }

  function currentValue(key) {
    var box = root.querySelector('.q[data-key="' + CSS.escape(key) + '"][data-block="0"]');
    return box ? readValue(box) : null;
  }

  function applyRules() {
    Object.keys(rules).forEach(function (key) {
      var shown = rules[key].some(function (rule) {
        var value = currentValue(rule.question);
        var chosen = Array.isArray(value) ? value : (value == null || value === "" ? [] : [value]);
        var hit = chosen.some(function (v) { return rule.values.indexOf(v) >= 0; });
        if (rule.negate) hit = chosen.length > 0 && !hit;
        return hit;
      });
      root.querySelectorAll('.q[data-key="' + CSS.escape(key) + '"]').forEach(function (box) { box.hidden = !shown; });
    });
  }

  function changed(event) {
    var box = event.target.closest(".q");
    if (!box || event.target.matches("[data-file]")) return;
    var id = storageKey(box);
    clearTimeout(timers[id]);
    var wait = event.type === "input" ? 700 : 0;
    localStorage.setItem(id, JSON.stringify({ value: readValue(box), version: parseInt(box.dataset.version, 10) || 0, at: Date.now() }));
    timers[id] = setTimeout(function () { save(box, readValue(box)); applyRules(); }, wait);
  }

  root.addEventListener("change", changed);
  root.addEventListener("input", function (event) { if (event.target.matches("textarea, input[type=text]")) changed(event); });
  root.addEventListener("click", function (event) {
    var box = event.target.closest(".q");
    if (event.target.matches("[data-clear]") && box) { writeValue(box, null); save(box, null); applyRules(); }
    if (event.target.matches("[data-add-row]") && box) {
      var last = box.querySelector("tbody tr:last-child"), row = last.cloneNode(true);
      row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      last.parentNode.appendChild(row);
    }
    if (event.target.matches("[data-add-block]")) addBlock(event.target);
  });
  root.addEventListener("change", function (event) {
    if (!event.target.matches("[data-file]")) return;
    var box = event.target.closest(".q"), data = new FormData();
    data.append("file", event.target.files[0]);
    state(box, i18n.saving);
    fetch(api + box.dataset.question + "/file", { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf }, body: data })
      .then(function (r) { return r.json().then(function (body) { return [r.status, body]; }); })
      .then(function (res) {
        if (res[0] !== 200) { state(box, res[1].detail, "err"); return; }
        box.dataset.version = res[1].version;
        var list = box.querySelector(".files");
        list.innerHTML = "";
        res[1].value.forEach(function (f) { var li = document.createElement("li"); li.textContent = f.name; list.appendChild(li); });
        state(box, i18n.saved, "ok");
      }).catch(function () { state(box, i18n.offline, "err"); });
  });

  function addBlock(button) {
    var section = document.getElementById("s-" + button.dataset.addBlock);
    var boxes = section.querySelectorAll(".q"), last = 0;
    boxes.forEach(function (b) { last = Math.max(last, parseInt(b.dataset.block, 10)); });
    var heading = document.createElement("h3");
    heading.className = "block-head";
    heading.textContent = "+ " + (last + 2);
    section.insertBefore(heading, button);
    section.querySelectorAll('.q[data-block="0"]').forEach(function (box) {
      var copy = box.cloneNode(true);
      copy.dataset.block = last + 1;
      copy.dataset.version = 0;
      copy.id = "q" + box.dataset.question + "-" + (last + 1);
      copy.querySelectorAll("input[type=radio]").forEach(function (i) { i.name = "q" + box.dataset.question + "-" + (last + 1); });
      copy.querySelectorAll(".chip.source, .conflict").forEach(function (n) { n.remove(); });
      section.insertBefore(copy, button);
      writeValue(copy, null);
      state(copy, "");
    });
  }

  function retryPending() {
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf(prefix) !== 0) return;
      var parts = key.slice(prefix.length).split(":"), saved = JSON.parse(localStorage.getItem(key));
      var box = document.getElementById("q" + parts[0] + "-" + parts[1]);
      if (!box) return;
      writeValue(box, saved.value);
      save(box, saved.value, saved.version);
    });
  }

  window.addEventListener("online", retryPending);
  setInterval(function () { if (!document.getElementById("offline").hidden) retryPending(); }, 15000);
  retryPending();
  applyRules();
})();
