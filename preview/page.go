package preview

// page is the preview's one page: the report's pages on the left, the findings and fonts on the
// right. It fetches the content at start and after every event, keeping the scroll position; a
// click on a finding highlights the cell or paragraph it names.
const page = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>nianbao 预览</title>
<style id="fonts"></style>
<style>
body{margin:0;font-family:sans-serif;background:#888;display:flex}
#pages{flex:1;padding:16px;display:flex;flex-direction:column;align-items:center;gap:16px}
#pages svg.page{box-shadow:0 2px 8px #0006;background:#fff}
#side{width:360px;background:#fff;padding:12px;height:100vh;overflow:auto;position:sticky;top:0;font-size:13px}
#side li{margin:4px 0;cursor:pointer}#side li.error{color:#b00}#side li.warning{color:#a60}
#error{display:none;background:#fee;border:1px solid #b00;padding:8px;margin-bottom:8px;white-space:pre-wrap}
svg.page text.hl{fill:#d00}
svg.page text{font-kerning:none;font-variant-ligatures:none;font-synthesis:none;text-rendering:geometricPrecision;white-space:pre}
</style></head><body>
<div id="pages"></div>
<div id="side"><div id="error"></div><b>问题 / findings</b> <span id="took"></span><ul id="findings"></ul><b>字体 / fonts</b><ul id="fonts-used"></ul></div>
<script>
let shown = 0;
async function load() {
  const r = await fetch("/content", {cache: "no-store"});
  const c = await r.json();
  if (c.version <= shown) return;
  const y = window.scrollY;
  document.getElementById("fonts").textContent = c.css;
  document.getElementById("pages").innerHTML = c.pages;
  document.getElementById("findings").innerHTML = c.findings;
  document.getElementById("fonts-used").innerHTML = c.fonts;
  const e = document.getElementById("error");
  e.textContent = c.error; e.style.display = c.error ? "block" : "none";
  document.getElementById("took").textContent = "(" + c.took + ")";
  window.scrollTo(0, y);
  shown = c.version;
  document.body.dataset.version = c.version;
}
document.getElementById("findings").addEventListener("click", ev => {
  const li = ev.target.closest("li"); if (!li) return;
  document.querySelectorAll(".hl").forEach(t => t.classList.remove("hl"));
  const w = li.dataset.where || "";
  let hits = [...document.querySelectorAll("svg.page text")].filter(t => t.dataset.where === w);
  if (!hits.length && w.includes("“")) { // a sentence: the paragraph that holds its words
    const [sec, rest] = w.split("“"); const words = rest.replace(/[…”]+$/, "").slice(0, 8);
    const paras = {};
    document.querySelectorAll("svg.page text").forEach(t => { const k = t.dataset.where || ""; if (k.startsWith(sec)) (paras[k] = paras[k] || []).push(t); });
    for (const k in paras) if (paras[k].map(t => t.textContent).join("").includes(words)) hits = paras[k];
  }
  const col = w.match(/^(表.)「(.+)」列$/); // a column: 表三「自然人」列
  if (!hits.length && col) hits = [...document.querySelectorAll("svg.page text")].filter(t => { const k = t.dataset.where || ""; return k.startsWith(col[1]) && k.endsWith("「" + col[2] + "」"); });
  hits.forEach(t => t.classList.add("hl"));
  if (hits.length) hits[0].scrollIntoView({block: "center"});
});
new EventSource("/events").onmessage = () => load();
load();
</script></body></html>`
