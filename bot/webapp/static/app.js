// The office dashboard (Telegram Mini App), and the start of the page: an office member gets the matrix,
// a focal point the report form (focal.js). No framework, no outside script: served by the bot itself.
// User data goes into the page with textContent only, never as HTML.
(function () {
  "use strict";
  const { CFG, T, $, el, fmt, tg, api, say, toast, act, session, launchData, vnDate } = window.Shell;
  const CLASS = Object.fromEntries(CFG.classes.map((c) => [c.key, c]));
  const FILTERS = ["sort", "kind", "status", "overdue", "blocked", "q"];
  const state = { role: null, directive: null, page: 0, pages: 1, tasks: [], units: 0, applied: null };
  const sheet = { open: false, key: null };  // key: the cell the sheet shows ("HTD/4"), else null

  // "UBND huyện Mường Tè" -> "Mường Tè", "Sở Nội vụ" -> "Nội vụ": the narrow column shows what tells units apart.
  function shortName(name) {
    return name.replace(/^(UBND\s+(huyện|thành phố|thị xã|xã|phường)|Sở|Ban)\s+/i, "") || name;
  }

  function swatch(key) { return el("span", { class: "sw", style: { background: CLASS[key].color } }); }
  function markOf(status, blocker) {
    return status === "overdue" && blocker ? CFG.mark_overdue_blocked : CLASS[status].mark;
  }

  function cellNode(unit, cell) {
    const label = CLASS[cell.status].label + (cell.blocker && cell.status !== "blocked" ? " · " + CLASS.blocked.label : "");
    return el("td", { class: "c" + (cell.blocker && cell.status !== "blocked" ? " blk" : ""),
      dataset: { unit, task: cell.task, status: cell.status }, title: label, "aria-label": label,
      style: { background: CLASS[cell.status].color }, onclick: () => openCell(unit, cell.task) },
    markOf(cell.status, cell.blocker));
  }

  function renderFigures(d) {
    const f = d.figures;
    state.units = f.units;
    const chip = (value, label, key) => el("div", { class: "fig", dataset: key ? { key } : {} },
      el("b", {}, value), el("span", {}, label));
    $("figures").replaceChildren(chip(f.units, T.units), chip(f.percent + "%", T.percent),
      ...CFG.classes.map((c) => chip(`${c.mark} ${f[c.key]}`, c.label, c.key)), chip(f.blockers, T.blockers, "blockers"));
    $("at").textContent = d.at + (d.directive.open ? "" : " · " + T.closed);
    $("at").title = T.at + " " + d.at;
  }

  function renderMatrix(d) {
    state.tasks = d.tasks;
    const head = el("tr", {}, el("th", { class: "u" }, T.unit_col),
      d.tasks.map((t) => el("th", { title: t.text }, "NV" + t.number)), el("th", {}, "✓"));
    const rows = d.rows.map((r) => el("tr", { dataset: { unit: r.code } },
      el("th", { class: "u", title: r.name, onclick: () => openUnit(r.code) }, el("b", {}, r.code), el("small", {}, shortName(r.name))),
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
    const items = CFG.classes.map((c) => el("span", { class: "k" }, swatch(c.key), el("b", {}, c.mark), " " + c.label));
    items.push(el("span", { class: "k" }, el("span", { class: "sw blk", style: { background: CLASS.overdue.color } }),
      el("b", {}, CFG.mark_overdue_blocked), " " + T.overdue_blocked));
    $("key").replaceChildren(el("b", {}, T.key), ...items);
  }

  function filterValues() {
    return Object.fromEntries(FILTERS.map((id) => [id, $(id).type === "checkbox" ? $(id).checked : $(id).value]));
  }
  function restoreFilters(values) {
    FILTERS.forEach((id) => { if ($(id).type === "checkbox") $(id).checked = values[id]; else $(id).value = values[id]; });
  }

  function query(page) {
    const v = filterValues();
    const q = new URLSearchParams({ directive: state.directive, page });
    if (v.sort !== "worst") q.set("sort", v.sort);
    ["kind", "status"].forEach((k) => { if (v[k]) q.set(k, v[k]); });
    if (v.overdue) q.set("overdue", "1");
    if (v.blocked) q.set("blocked", "1");
    if (v.q.trim()) q.set("q", v.q.trim());
    return q.toString();
  }

  // One fetch of the matrix. On failure the filters go back to what the rows on screen were loaded with;
  // the error stays until the next success clears it.
  async function load(page) {
    const wanted = filterValues();
    try {
      const d = await api("api/dashboard?" + query(page === undefined ? state.page : page));
      renderFigures(d);
      renderMatrix(d);
      state.applied = wanted;
      if (state.role === "admin") await loadExtensions();
      say("", false);
      document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);  // tests wait on it
    } catch (e) {
      if (state.applied) restoreFilters(state.applied);
      say(e.message + (state.applied ? " " + T.restored : ""), true);
      document.body.dataset.failures = String(Number(document.body.dataset.failures || 0) + 1);
    }
  }

  function extensionNode(x, after) {
    const decide = (button, approve) => act(button, "api/extension", { directive: state.directive, request: x.id, approve }, after);
    return el("li", { class: "ext", dataset: { request: x.id } },
      el("div", {}, fmt(T.extension_line, { unit: x.unit, task: x.task, old: x.old, new: x.new,
        reason: x.reason || "—", who: x.who, at: x.at })),
      el("div", { class: "row" },
        el("button", { type: "button", class: "approve", onclick: (e) => decide(e.currentTarget, true) }, T.approve),
        el("button", { type: "button", class: "secondary reject", onclick: (e) => decide(e.currentTarget, false) }, T.reject)));
  }

  async function loadExtensions() {
    const d = await api("api/extensions?directive=" + state.directive);
    const box = $("extensions");
    box.hidden = false;
    box.replaceChildren(el("h2", {}, T.extensions),
      d.extensions.length ? el("ul", {}, d.extensions.map((x) => extensionNode(x, () => load()))) : el("p", { class: "hint" }, T.no_extensions));
  }

  function openSheet(main, ...children) {
    $("sheet-content").replaceChildren(...children.filter((c) => c != null));
    $("sheet").hidden = false;
    $("sheet-content").scrollTop = 0;
    sheet.open = true;
    tg.back(true);
    tg.main(main ? main.text : "", main ? main.run : null);
  }

  function closeSheet() {
    $("sheet").hidden = true;
    sheet.open = false;
    sheet.key = null;
    tg.back(false);
    tg.main("", null);
    tg.guard(false);
  }

  function deadlineForm(unit, task) {
    const input = el("input", { type: "text", id: "deadline-date", inputMode: "numeric", autocomplete: "off",
      placeholder: T.date_hint, maxLength: 10, oninput: () => tg.guard(Boolean(input.value.trim())) });
    const submit = async (button, forUnit) => {
      const date = vnDate(input.value);
      if (!date) { toast(T.bad_date, "error"); tg.haptic("error"); return; }
      if (!forUnit && !(await tg.confirm(fmt(T.confirm_all_deadline, { date, task, count: state.units })))) {
        toast(T.cancelled, "info");
        return;
      }
      await act(button, "api/deadline", { directive: state.directive, task, unit: forUnit ? unit : "", date }, async () => {
        tg.guard(false);
        await load(); await openCell(unit, task, true);
      });
    };
    const forUnit = el("button", { type: "button", id: "deadline-unit", onclick: (e) => submit(e.currentTarget, true) }, T.set_cell_deadline);
    return { run: () => submit(forUnit, true), node: el("div", { class: "admin" }, el("h3", {}, T.admin),
      el("label", { class: "field" }, el("span", {}, T.new_deadline + " (" + T.date_hint + ")"), input),
      el("div", { class: "row" }, forUnit,
        el("button", { type: "button", id: "deadline-all", class: "secondary", onclick: (e) => submit(e.currentTarget, false) },
          T.set_task_deadline))) };
  }

  // refresh: after an action, redraw the sheet only if it still shows this cell (the user may have gone back).
  async function openCell(unit, task, refresh) {
    const key = `${unit}/${task}`;
    if (refresh && sheet.key !== key) return;
    let d;
    try { d = await api(`api/cell?directive=${state.directive}&unit=${encodeURIComponent(unit)}&task=${task}`); }
    catch (e) { toast(e.message, "error"); return; }
    const reports = d.reports.map((r) => el("li", { class: "report" },
      el("div", { class: "hint" }, `${r.at} · ${r.who}`),
      el("div", {}, r.status, r.mark ? el("span", { class: "hint" }, ` · ${r.mark}`) : null),
      r.note ? el("div", { class: "note" }, r.note) : null,
      r.file ? el("div", {}, fmt(T.evidence, { name: r.file }), " ",
        el("button", { type: "button", class: "secondary",
          onclick: (e) => act(e.currentTarget, "api/evidence", { directive: state.directive, report: r.id, unit, task }) },
        T.send_file)) : null));
    const admin = state.role === "admin" ? deadlineForm(unit, task) : null;
    const reopen = async () => { await load(); await openCell(unit, task, true); };
    if (refresh && sheet.key !== key) return;  // closed while the cell was fetched
    if (!refresh) toast("", "ok");
    sheet.key = key;
    openSheet(admin ? { text: T.set_cell_deadline, run: admin.run } : null,
      el("h2", {}, `${d.unit.code} – ${d.unit.name}`),
      el("h3", {}, fmt(T.task, { number: d.task.number })), el("p", { class: "task" }, d.task.text),
      el("p", {}, swatch(d.status), el("b", {}, markOf(d.status, d.blocker)), " ", CLASS[d.status].label,
        d.blocker && d.status !== "blocked" ? " · " + CLASS.blocked.label : "", " · ", fmt(T.deadline, { date: d.deadline || "—" })),
      el("h3", {}, T.history),
      reports.length ? el("ul", { id: "history" }, reports) : el("p", { class: "hint" }, T.no_reports),
      state.role === "admin" && d.extensions.length ? el("ul", {}, d.extensions.map((x) => extensionNode(x, reopen))) : null,
      admin ? admin.node : null);
  }

  async function openUnit(code) {
    let d;
    try { d = await api("api/unit?unit=" + encodeURIComponent(code)); } catch (e) { toast(e.message, "error"); return; }
    const remind = state.role === "admin"
      ? el("button", { type: "button", id: "remind", onclick: (e) => act(e.currentTarget, "api/remind", { unit: code }) }, T.remind) : null;
    toast("", "ok");
    sheet.key = null;
    openSheet(remind ? { text: T.remind, run: () => act(remind, "api/remind", { unit: code }) } : null,
      el("h2", {}, `${d.code} – ${d.name}`), el("h3", {}, T.people),
      d.people.length
        ? el("ul", { id: "people" }, d.people.map((p) => el("li", { class: p.reachable ? "" : "warn" },
          `${p.name} (${p.role}) – ${p.label}`)))
        : el("p", { class: "hint" }, T.no_people),
      d.questions.length ? el("h3", {}, T.questions) : null,
      d.questions.length ? el("ul", { id: "questions" }, d.questions.map((q) => el("li", { class: "report" },
        el("div", { class: "hint" }, q.at + (q.tasks ? " · " + fmt(T.question_tasks, { tasks: q.tasks.split(",").join(", ") }) : "")),
        el("div", {}, q.text),
        el("div", { class: q.answered ? "note" : "hint" }, q.answered ? fmt(T.question_answer, { answer: q.answer }) : T.question_open)))) : null,
      remind);
  }

  function setupControls() {
    document.documentElement.style.setProperty("--blocked", CLASS.blocked.color);  // the chart's colour
    $("directive").setAttribute("aria-label", T.directive);
    $("sort").replaceChildren(...Object.entries(T.sorts).map(([k, v]) => el("option", { value: k }, v)));
    $("sort").setAttribute("aria-label", T.sort);
    $("kind").replaceChildren(el("option", { value: "" }, T.all_kinds),
      ...Object.entries(CFG.kinds).map(([k, v]) => el("option", { value: k }, v)));
    $("kind").setAttribute("aria-label", T.kind);
    $("status").setAttribute("aria-label", T.status);
    $("status").replaceChildren(el("option", { value: "" }, T.all_statuses),
      ...CFG.classes.map((c) => el("option", { value: c.key }, `${c.mark} – ${c.label}`)));
    $("overdue-label").textContent = T.only_overdue;
    $("blocked-label").textContent = T.only_blocked;
    $("q").placeholder = T.search;
    $("export").textContent = T.send_export;
    $("prev").textContent = T.prev;
    $("next").textContent = T.next;
    $("close").textContent = T.close;
    const refilter = () => load(0);
    ["sort", "kind", "status", "overdue", "blocked"].forEach((id) => $(id).addEventListener("change", refilter));
    let timer = null;
    $("q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refilter, 300); });
    $("prev").addEventListener("click", () => load(state.page - 1));
    $("next").addEventListener("click", () => load(state.page + 1));
    $("export").addEventListener("click", (e) => act(e.currentTarget, "api/export", { directive: state.directive }));
    $("close").addEventListener("click", closeSheet);
    $("sheet").addEventListener("click", (e) => { if (e.target === $("sheet")) closeSheet(); });
    $("directive").addEventListener("change", () => { state.directive = $("directive").value; refilter(); });
    renderKey();
  }

  async function start() {
    document.title = T.title;
    $("title").textContent = T.title;
    tg.start(() => { if (sheet.open) closeSheet(); });  // back with no sheet open is hidden: Telegram closes the app
    session.init = launchData();
    if (!session.init) { say(T.no_launch, true); return; }
    let me;
    try { me = await api("api/me"); } catch (e) {
      if (e.status === 403 && window.Focal) {  // not office: a focal point gets their unit's form
        if (await window.Focal.start()) return;
      }
      say(e.message, true);
      return;
    }
    setupControls();
    $("top").hidden = true;  // Telegram's own header names the bot: the matrix gets the room
    state.role = me.role;
    state.directive = me.directive;
    $("directive").replaceChildren(...me.directives.map((d) => el("option", { value: d.id, selected: d.id === me.directive },
      d.number + (d.open ? "" : ` (${T.closed})`))));
    $("main").hidden = false;
    say("", false);
    await load(0);
  }

  say(T.loading, false);
  start();
})();
