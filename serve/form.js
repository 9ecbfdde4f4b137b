// nianbao serve: the report form's script. Plain JavaScript, no framework, no inline code (the
// pages' Content-Security-Policy allows this file only). The form works without it: the server
// computes the totals on save and shows the findings on every page.
"use strict";
(function () {
  const form = document.getElementById("report-form");

  // A count as the server reads it (grid.go cellNumber): "", 无, 空 and "/" are 0, full-width
  // digits are digits; NaN for anything else.
  function num(s) {
    s = (s || "").trim().replace(/[０-９]/g, d => String.fromCharCode(d.charCodeAt(0) - 0xFEE0)).replace(/－/g, "-");
    if (s === "" || s === "/" || s === "／" || s === "无" || s === "空") return 0;
    return /^[+-]?\d+$/.test(s) ? parseInt(s, 10) : NaN;
  }
  function field(name) {
    const els = document.getElementsByName(name);
    return els.length ? els[0] : null;
  }
  function sum(names) {
    let t = 0;
    for (const n of names.split(" ")) {
      if (!n) continue;
      const el = field(n);
      t += el ? num(el.value) : NaN;
    }
    return t;
  }
  // the computed cells, in document order twice (a sum row's 总计 adds up computed cells), then
  // the ✓/✗ of the 勾稽关系
  function recompute() {
    const sums = document.querySelectorAll("input[data-sum]");
    for (let pass = 0; pass < 2; pass++) {
      sums.forEach(el => {
        const v = sum(el.dataset.sum);
        el.value = isNaN(v) ? "" : String(v);
      });
    }
    document.querySelectorAll("td.chk[data-l]").forEach(td => {
      const l = sum(td.dataset.l), r = sum(td.dataset.r);
      td.textContent = isNaN(l) || isNaN(r) ? "？" : l === r ? "✓" : "✗";
    });
  }

  // the findings of what is typed, a moment after one stops typing
  const side = document.getElementById("findings-side");
  let timer = 0, asked = 0;
  async function check() {
    if (!form || !side || !side.dataset.check) return;
    const n = ++asked;
    try {
      const r = await fetch(side.dataset.check, {method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin"});
      if (!r.ok || n !== asked) return;
      showFindings(await r.json(), false);
    } catch (e) { /* offline: the findings of the last save stay */ }
  }

  // the findings of a check or a save in the aside; saved: of what is stored, not of what is typed
  function showFindings(f, saved) {
      const ul = document.getElementById("findings");
      ul.replaceChildren(...f.findings.map((x, i) => {
        const li = document.createElement("li");
        li.className = x.error ? "error" : "warning";
        li.id = "f-" + i;
        li.textContent = (x.error ? ul.dataset.error || "错误" : ul.dataset.warning || "提醒") + " " + x.text;
        return li;
      }));
      flag(f.findings);
      const count = document.getElementById("findings-count");
      if (count) count.textContent = (count.dataset.template || "{e} 个错误，{w} 个提醒").replace("{e}", f.errors).replace("{w}", f.warnings);
      const live = document.getElementById("findings-live");
      if (live) live.textContent = saved ? "" : live.dataset.unsaved || "（按尚未保存的内容检查）";
  }

  // the message above the page (.flash[role=status]), as the server writes it after an action
  function flash(text) {
    let p = document.querySelector("p.flash[role=status]");
    if (!p) {
      p = document.createElement("p");
      p.setAttribute("role", "status");
      p.className = "flash";
      const main = document.querySelector("main") || document.body;
      const h1 = main.querySelector("h1");
      if (h1) h1.after(p); else main.prepend(p);
    }
    p.textContent = text;
  }

  // Save without reloading the page: the same POST with Accept: application/json, whose answer
  // is the findings of what was stored and its version (serve/savejson.go). Every form of the
  // page carries the version it changes, so all take the new one. A first save (the page shows
  // more once a report exists), a conflict, a refusal or an answer that is not JSON: the form is
  // posted as without the script, and the server's page says what happened.
  let saving = false;
  async function save(ev) {
    ev.preventDefault();
    if (saving) return;
    const version = form.elements["version"];
    if (!version || version.value === "0") { form.submit(); return; }
    saving = true;
    clearTimeout(timer);
    asked++; // a live check under way is of what is being saved: its answer is not shown
    flash(form.dataset.saving || "正在保存…");
    try {
      const sent = new FormData(form);
      const r = await fetch(form.action, {method: "POST", body: new URLSearchParams(sent),
        headers: {"Accept": "application/json"}, credentials: "same-origin"});
      const type = r.headers.get("Content-Type") || "";
      if (!r.ok || !type.startsWith("application/json")) { saving = false; form.submit(); return; }
      const f = await r.json();
      document.querySelectorAll("input[name=version]").forEach(el => { el.value = String(f.version); });
      const no = document.getElementById("report-version");
      if (no) no.textContent = String(f.version);
      for (const [name, text] of Object.entries(f.text || {})) {
        const el = field(name);
        if (el && el.value === sent.get(name)) el.value = text; // as cleaned, unless typed on meanwhile
      }
      showFindings(f, true);
      flash(f.message);
      const pv = document.getElementById("preview-pages");
      if (pv && pv.dataset.src) loadPreview(pv, pv.dataset.src.replace(/([?&]v=)\d+/, "$1" + f.version));
    } catch (e) {
      flash(form.dataset.offline || "未保存：连不上服务器，请稍后再点“保存”");
    }
    saving = false;
  }

  // the cells the findings name (a finding's where is the cell's aria-label), as the server marks them
  function flag(findings) {
    const at = new Map();
    findings.forEach((x, i) => { if (x.where) (at.get(x.where) || at.set(x.where, []).get(x.where)).push(i); });
    document.querySelectorAll("table.grid input[aria-label]").forEach(el => {
      const td = el.parentElement, fs = at.get(el.getAttribute("aria-label")) || [];
      td.classList.remove("flag-error", "flag-warning");
      const ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(id => id && !id.startsWith("f-"));
      if (fs.length) {
        td.classList.add(fs.some(i => findings[i].error) ? "flag-error" : "flag-warning");
        fs.forEach(i => ids.push("f-" + i));
      }
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" ")); else el.removeAttribute("aria-describedby");
    });
  }

  // paste from Word or a web page: each line a paragraph (a blank line between them, as the data
  // file writes paragraphs); the server cleans the rest on save as rule R14 fixes it
  document.querySelectorAll("textarea[data-paste]").forEach(ta => ta.addEventListener("paste", ev => {
    const text = ev.clipboardData && ev.clipboardData.getData("text/plain");
    if (!text || !/\n/.test(text)) return;
    ev.preventDefault();
    const paras = text.replace(/\r\n?/g, "\n").split("\n").map(s => s.trim()).filter(s => s !== "");
    const start = ta.selectionStart, end = ta.selectionEnd;
    ta.setRangeText(paras.join("\n\n"), start, end, "end");
    ta.dispatchEvent(new Event("input", {bubbles: true}));
  }));

  if (form) {
    form.addEventListener("submit", save);
    form.addEventListener("input", () => {
      recompute();
      clearTimeout(timer);
      timer = setTimeout(check, 800);
    });
    recompute();
  }

  // the reviewer: a click on a cell or a section chooses it as what the remark is about
  const part = document.getElementById("part");
  if (part) {
    document.querySelector(".form").addEventListener("click", ev => {
      const el = ev.target.closest("input[name], textarea[name]");
      if (!el || !el.readOnly) return;
      const name = el.name === "organ" || el.name === "short_name" || el.name === "kind" || el.name === "date" ? "organ" : el.name;
      if ([...part.options].some(o => o.value === name)) {
        part.value = name;
        document.getElementById("remark").focus();
      }
    });
  }

  // the preview's pages, after the page itself
  function loadPreview(pv, src) {
    pv.dataset.src = src;
    fetch(src, {credentials: "same-origin"}).then(r => r.ok ? r.text() : "").then(html => {
      if (html) pv.innerHTML = html; // our own template's output, escaped by html/template
    }).catch(() => {});
  }
  const pv = document.getElementById("preview-pages");
  if (pv && pv.dataset.src) loadPreview(pv, pv.dataset.src);
})();
