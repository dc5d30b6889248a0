// The inspector's only script: live journal rows, the bundle's replay command, selects that submit on change.
// Everything works without it (links and forms); it only saves reloads.
(function () {
  "use strict";
  function bundleName(boxes) {
    if (boxes.length === 1) return boxes[0].value.slice(0, 64).replace(/[^A-Za-z0-9_.-]/g, "_");
    // as requests_page.selection_name: the count and the oldest selected (the last one, newest first)
    var oldest = boxes[boxes.length - 1].value.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 8);
    return boxes.length + "-exchanges-" + oldest;
  }
  function updateCommand() {
    var code = document.getElementById("replay-command");
    var button = document.getElementById("bundle-button");
    if (!code) return;
    var boxes = Array.prototype.slice.call(document.querySelectorAll("#rows input[name=id]:checked"));
    button.disabled = boxes.length === 0;
    code.textContent = boxes.length ? code.dataset.template.replace("NAME", bundleName(boxes))
                                    : "select exchanges first";
  }
  function poll(rows) {
    var last = rows.dataset.signature, busy = false;
    setInterval(function () {
      if (busy || document.hidden) return;
      busy = true;
      fetch(rows.dataset.source, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) return null;
        var signature = response.headers.get("X-Inspector-Signature");
        if (signature === last) return null;
        last = signature;
        var count = response.headers.get("X-Inspector-Count");
        return response.text().then(function (html) {
          var checked = {};
          rows.querySelectorAll("input[name=id]:checked").forEach(function (box) { checked[box.value] = true; });
          rows.innerHTML = html;
          rows.querySelectorAll("input[name=id]").forEach(function (box) { box.checked = !!checked[box.value]; });
          document.getElementById("count").textContent = count;
          updateCommand();
        });
      }).catch(function () { /* the mock restarted or stopped: try again next time */ })
        .then(function () { busy = false; });
    }, 750);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var rows = document.getElementById("rows");
    if (rows && rows.dataset.live === "true") poll(rows);
    document.addEventListener("change", function (event) {
      if (event.target.name === "id") updateCommand();
      if (event.target.hasAttribute("data-autosubmit")) event.target.form.submit();
    });
    updateCommand();
  });
})();
