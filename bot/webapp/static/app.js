// The office dashboard (Telegram Mini App). No framework, no outside script: served by the bot itself.
// Every data request carries Telegram's raw launch data ("Authorization: tma <initData>"); user data is
// put in the page with textContent only, never as HTML.
(function () {
  "use strict";
  const CFG = JSON.parse(document.getElementById("config").textContent);
  const T = CFG.texts;
  const CLASS = Object.fromEntries(CFG.classes.map((c) => [c.key, c]));
  const $ = (id) => document.getElementById(id);
  const fmt = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  const state = { init: "", role: null, directive: null, page: 0, pages: 1, tasks: [] };

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (k === "style") Object.assign(node.style, v);
      else node[k] = v;
    });
    children.flat().forEach((c) => { if (c != null) node.append(c instanceof Node ? c : String(c)); });
    return node;
  }

  // Launch parameters as Telegram passes them in the URL fragment (or through telegram-web-app.js if loaded).
  function launch() {
    const hash = new URLSearchParams(location.hash.slice(1));
    let init = hash.get("tgWebAppData") || "";
    const tg = window.Telegram && window.Telegram.WebApp;
    if (!init && tg && tg.initData) init = tg.initData;
    let theme = {};
    try { theme = JSON.parse(hash.get("tgWebAppThemeParams") || "{}") || {}; } catch (e) { theme = {}; }
    return { init, theme };
  }

  function applyTheme(theme) {
    const names = { bg_color: "--bg", text_color: "--text", hint_color: "--hint", link_color: "--link",
      button_color: "--button", button_text_color: "--button-text", secondary_bg_color: "--bg2" };
    Object.entries(names).forEach(([key, css]) => {
      if (/^#[0-9a-fA-F]{3,8}$/.test(theme[key] || "")) document.documentElement.style.setProperty(css, theme[key]);
    });
  }

  function postEvent(type) {  // tell Telegram the page is ready and may take the full height
    try {
      if (window.TelegramWebviewProxy) window.TelegramWebviewProxy.postEvent(type, "");
      else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType: type, eventData: "" }), "*");
    } catch (e) { /* outside Telegram: nothing to tell */ }
  }

  async function api(path, body) {
    const options = { headers: { Authorization: "tma " + state.init } };
    if (body) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try { response = await fetch(path, options); } catch (e) { throw new Error(T.network); }
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) {
      const error = new Error(data.error || T.network);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function say(text, isError) {
    const box = $("message");
    box.textContent = text;
    box.className = isError ? "error" : "ok";
    box.hidden = !text;
  }

  function swatch(key) { return el("span", { class: "sw", style: { background: CLASS[key].color } }); }

  function cellNode(unit, cell) {
    const td = el("td", { class: "c" + (cell.blocker && cell.status !== "blocked" ? " blk" : ""),
      dataset: { unit, task: cell.task, status: cell.status },
      title: CLASS[cell.status].label + (cell.blocker ? " · " + CLASS.blocked.label : ""),
      style: { background: CLASS[cell.status].color }, onclick: () => openCell(unit, cell.task) });
    td.append(el("span", { class: "n" }, cell.task));
    return td;
  }

  function renderFigures(d) {
    const f = d.figures;
    const chips = [el("div", { class: "fig" }, el("b", {}, f.units), el("span", {}, T.units)),
      el("div", { class: "fig" }, el("b", {}, f.percent + "%"), el("span", {}, T.percent))];
    CFG.classes.forEach((c) => chips.push(el("div", { class: "fig", dataset: { key: c.key } },
      el("b", {}, swatch(c.key), f[c.key]), el("span", {}, c.label))));
    chips.push(el("div", { class: "fig", dataset: { key: "blockers" } }, el("b", {}, f.blockers), el("span", {}, T.blockers)));
    $("figures").replaceChildren(...chips);
    $("at").textContent = T.at + " " + d.at + (d.directive.open ? "" : " · " + T.closed);
  }

  function renderMatrix(d) {
    state.tasks = d.tasks;
    const head = el("tr", {}, el("th", { class: "u" }, T.unit_col),
      d.tasks.map((t) => el("th", { title: t.text }, t.number)), el("th", {}, "✓"));
    const rows = d.rows.map((r) => el("tr", { dataset: { unit: r.code } },
      el("th", { class: "u", onclick: () => openUnit(r.code) }, el("b", {}, r.code), el("small", {}, r.name)),
      r.cells.map((c) => cellNode(r.code, c)),
      el("td", { class: "t" }, fmt(T.done_of, r))));
    $("matrix").replaceChildren(el("thead", {}, head), el("tbody", {}, rows));
    $("matched").textContent = d.rows.length ? fmt(T.matched, { count: d.matched }) : T.none_matched;
    state.page = d.page; state.pages = d.pages;
    $("pageinfo").textContent = fmt(T.page, { page: d.page + 1, pages: d.pages });
    $("prev").disabled = d.page <= 0;
    $("next").disabled = d.page >= d.pages - 1;
    $("pager").hidden = d.pages <= 1;
  }

  function renderKey() {
    const items = CFG.classes.map((c) => el("span", { class: "k" }, swatch(c.key), c.label));
    items.push(el("span", { class: "k" }, el("span", { class: "sw blk", style: { background: CLASS.overdue.color } }),
      T.overdue_blocked));
    $("key").replaceChildren(el("b", {}, T.key), ...items);
  }

  function query() {
    const q = new URLSearchParams({ directive: state.directive, page: state.page });
    if ($("kind").value) q.set("kind", $("kind").value);
    if ($("status").value) q.set("status", $("status").value);
    if ($("overdue").checked) q.set("overdue", "1");
    if ($("blocked").checked) q.set("blocked", "1");
    if ($("q").value.trim()) q.set("q", $("q").value.trim());
    return q.toString();
  }

  async function load() {
    try {
      const d = await api("api/dashboard?" + query());
      renderFigures(d);
      renderMatrix(d);
      if (state.role === "admin") await loadExtensions();
      document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);  // tests wait on it
    } catch (e) { say(e.message, true); }
  }

  function extensionNode(x, after) {
    const decide = (approve) => act("api/extension", { request: x.id, approve }, after);
    return el("li", { class: "ext", dataset: { request: x.id } },
      el("div", {}, fmt(T.extension_line, { unit: x.unit, task: x.task, old: x.old, new: x.new,
        reason: x.reason || "—", who: x.who, at: x.at })),
      el("button", { type: "button", onclick: () => decide(true) }, T.approve),
      el("button", { type: "button", class: "secondary", onclick: () => decide(false) }, T.reject));
  }

  async function loadExtensions() {
    const d = await api("api/extensions?directive=" + state.directive);
    const box = $("extensions");
    box.hidden = false;
    box.replaceChildren(el("h2", {}, T.extensions),
      d.extensions.length ? el("ul", {}, d.extensions.map((x) => extensionNode(x, load))) : el("p", { class: "hint" }, T.no_extensions));
  }

  async function act(path, body, after) {
    say(T.working, false);
    try {
      const d = await api(path, { directive: state.directive, ...body });
      say(d.message, false);
      if (after) await after();
    } catch (e) { say(e.message, true); }
  }

  function openSheet(...children) {
    $("sheet-content").replaceChildren(...children.filter((c) => c != null));
    $("sheet").hidden = false;
  }

  function toVnDate(iso) { const [y, m, d] = iso.split("-"); return `${d}/${m}/${y}`; }

  function deadlineForm(unit, task) {
    const input = el("input", { type: "date", id: "deadline-date" });
    const submit = (forUnit) => {
      if (!input.value) { say(T.pick_date, true); return; }
      act("api/deadline", { task, unit: forUnit ? unit : "", date: toVnDate(input.value) }, async () => {
        await load(); await openCell(unit, task);
      });
    };
    return el("div", { class: "admin" }, el("h3", {}, T.admin), el("label", {}, T.new_deadline, " ", input),
      el("button", { type: "button", onclick: () => submit(true) }, T.set_cell_deadline),
      el("button", { type: "button", class: "secondary", onclick: () => submit(false) }, T.set_task_deadline));
  }

  async function openCell(unit, task) {
    let d;
    try { d = await api(`api/cell?directive=${state.directive}&unit=${encodeURIComponent(unit)}&task=${task}`); }
    catch (e) { say(e.message, true); return; }
    const reports = d.reports.map((r) => el("li", { class: "report" },
      el("div", { class: "hint" }, `${r.at} · ${r.who}`), el("div", {}, r.status),
      r.note ? el("div", { class: "note" }, r.note) : null,
      r.file ? el("div", {}, fmt(T.evidence, { name: r.file }), " ",
        el("button", { type: "button", class: "secondary",
          onclick: () => act("api/evidence", { report: r.id, unit, task }) }, T.send_file)) : null));
    openSheet(
      el("h2", {}, `${d.unit.code} – ${d.unit.name}`),
      el("h3", {}, fmt(T.task, { number: d.task.number })), el("p", { class: "task" }, d.task.text),
      el("p", {}, swatch(d.status), " ", CLASS[d.status].label, d.blocker && d.status !== "blocked" ? " · " + CLASS.blocked.label : "",
        " · ", fmt(T.deadline, { date: d.deadline })),
      el("h3", {}, T.history),
      reports.length ? el("ul", { id: "history" }, reports) : el("p", { class: "hint" }, T.no_reports),
      state.role === "admin" && d.extensions.length
        ? el("ul", {}, d.extensions.map((x) => extensionNode(x, async () => { await load(); await openCell(unit, task); })))
        : null,
      state.role === "admin" ? deadlineForm(unit, task) : null);
  }

  async function openUnit(code) {
    let d;
    try { d = await api("api/unit?unit=" + encodeURIComponent(code)); } catch (e) { say(e.message, true); return; }
    openSheet(el("h2", {}, `${d.code} – ${d.name}`), el("h3", {}, T.people),
      d.people.length
        ? el("ul", { id: "people" }, d.people.map((p) => el("li", { class: p.reachable ? "" : "warn" },
          `${p.name} (${p.role}) – ${p.label}`)))
        : el("p", { class: "hint" }, T.no_people),
      state.role === "admin"
        ? el("button", { type: "button", onclick: () => act("api/remind", { unit: code }) }, T.remind) : null);
  }

  function setupControls() {
    document.documentElement.style.setProperty("--blocked", CLASS.blocked.color);  // the chart's colour
    document.title = T.title;
    $("title").textContent = T.title;
    $("directive").setAttribute("aria-label", T.directive);
    $("kind").replaceChildren(el("option", { value: "" }, `${T.kind}: ${T.all}`),
      ...Object.entries(CFG.kinds).map(([k, v]) => el("option", { value: k }, v)));
    $("status").replaceChildren(el("option", { value: "" }, `${T.status}: ${T.all}`),
      ...CFG.classes.map((c) => el("option", { value: c.key }, c.label)));
    $("overdue-label").textContent = T.only_overdue;
    $("blocked-label").textContent = T.only_blocked;
    $("q").placeholder = T.search;
    $("export").textContent = T.send_export;
    $("prev").textContent = T.prev;
    $("next").textContent = T.next;
    $("close").textContent = T.close;
    const refilter = () => { state.page = 0; load(); };
    ["kind", "status", "overdue", "blocked"].forEach((id) => $(id).addEventListener("change", refilter));
    let timer = null;
    $("q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refilter, 300); });
    $("prev").addEventListener("click", () => { state.page -= 1; load(); });
    $("next").addEventListener("click", () => { state.page += 1; load(); });
    $("export").addEventListener("click", () => act("api/export", {}));
    $("close").addEventListener("click", () => { $("sheet").hidden = true; });
    $("directive").addEventListener("change", () => { state.directive = $("directive").value; refilter(); });
    renderKey();
  }

  async function start() {
    setupControls();
    const params = launch();
    applyTheme(params.theme);
    postEvent("web_app_ready");
    postEvent("web_app_expand");
    state.init = params.init;
    if (!state.init) { say(T.no_launch, true); return; }
    let me;
    try { me = await api("api/me"); } catch (e) { say(e.message, true); return; }
    state.role = me.role;
    state.directive = me.directive;
    $("directive").replaceChildren(...me.directives.map((d) => el("option", { value: d.id, selected: d.id === me.directive },
      d.number + (d.open ? "" : ` (${T.closed})`))));
    $("main").hidden = false;
    say("", false);
    await load();
  }

  say(T.loading, false);
  start();
})();
