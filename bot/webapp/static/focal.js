// The focal point's form: their unit's tasks of every open directive (deadline, status, recent reports),
// a status and a note per task, sent together. Only the tasks changed are sent; each is stored as a status
// button would store it, and the bot confirms in the chat.
(function () {
  "use strict";
  const { CFG, T, $, el, fmt, tg, api, say, act } = window.Shell;
  const CLASS = Object.fromEntries(CFG.classes.map((c) => [c.key, c]));
  let data = null;

  function rows() { return [...document.querySelectorAll("#focal .ftask")]; }

  function changes() {
    return rows().map((row) => {
      const chosen = row.querySelector("input[type=radio]:checked");
      const note = row.querySelector("input.fnote").value.trim();
      const status = chosen ? chosen.value : row.dataset.status;
      return { assignment: Number(row.dataset.assignment), status, note, changed: status !== row.dataset.status || Boolean(note) };
    }).filter((r) => r.changed);
  }

  function refresh() {  // the counter, the send buttons, Telegram's MainButton and closing confirmation
    const changed = changes();
    rows().forEach((row) => row.classList.toggle("changed", changed.some((c) => c.assignment === Number(row.dataset.assignment))));
    const label = changed.length ? `${T.focal_send} (${changed.length})` : T.focal_send;
    $("focal-count").textContent = changed.length ? fmt(T.focal_changed, { count: changed.length }) : "";
    $("focal-send").textContent = label;
    $("focal-send").disabled = !changed.length;
    tg.main(label, changed.length ? send : null);
    tg.guard(changed.length > 0);
  }

  function taskNode(task, statuses) {
    const name = "st-" + task.assignment;
    const mark = task.class === "overdue" && task.blocker ? CFG.mark_overdue_blocked : CLASS[task.class].mark;
    const choices = statuses.map((s) => el("label", { class: "choice" },
      el("input", { type: "radio", name, value: s.key, checked: s.key === task.status, onchange: refresh }),
      el("span", {}, s.label)));
    const history = task.history.length
      ? el("details", { class: "fhistory" }, el("summary", {}, `${T.focal_history} (${task.history.length})`),
        el("ul", {}, task.history.map((h) => el("li", { class: "report" }, el("div", { class: "hint" }, `${h.at} · ${h.who}`),
          el("div", {}, h.status), h.note ? el("div", { class: "note" }, h.note) : null))))
      : el("p", { class: "hint" }, T.no_reports);
    return el("li", { class: "ftask", dataset: { assignment: task.assignment, status: task.status, number: task.number } },
      el("div", { class: "fhead" },
        el("span", { class: "mark", style: { background: CLASS[task.class].color }, title: CLASS[task.class].label }, mark),
        el("b", {}, fmt(T.task, { number: task.number })),
        el("span", { class: "hint" }, fmt(T.deadline, { date: task.deadline || T.no_deadline }) + " · " + CLASS[task.class].label)),
      el("p", { class: "task", title: task.text, onclick: (e) => e.currentTarget.classList.toggle("open") }, task.text),
      el("fieldset", { class: "choices" }, el("legend", {}, T.focal_status), choices),
      el("label", { class: "field" }, el("span", {}, T.focal_note),
        el("input", { type: "text", class: "fnote", maxLength: 500, autocomplete: "off", oninput: refresh })),
      history);
  }

  function render(d) {
    data = d;
    $("focal-unit").textContent = `${d.unit.code} – ${d.unit.name}`;
    const blocks = d.directives.map((dir) => el("section", { class: "fdirective", dataset: { directive: dir.id } },
      el("h2", {}, dir.number), dir.title ? el("p", { class: "hint" }, dir.title) : null,
      el("ul", { class: "ftasks" }, dir.tasks.map((t) => taskNode(t, d.statuses)))));
    $("focal-list").replaceChildren(...(blocks.length ? blocks : [el("p", { class: "hint" }, T.focal_none)]));
    refresh();
    document.body.dataset.loads = String(Number(document.body.dataset.loads || 0) + 1);
  }

  async function send() {
    const changed = changes();
    if (!changed.length) return;
    const reports = changed.map((c) => ({ assignment: c.assignment, status: c.status, note: c.note }));
    await act($("focal-send"), "api/mine/report", { reports }, async (d) => {
      if (!d) return;
      tg.guard(false);
      render(await api("api/mine"));
    });
  }

  async function start() {
    let d;
    try { d = await api("api/mine"); } catch (e) { return false; }
    $("title").textContent = T.focal_title;
    document.title = T.focal_title;
    $("focal-intro").textContent = T.focal_intro;
    $("focal-send").addEventListener("click", send);
    $("top").classList.add("focal");
    $("focal").hidden = false;
    $("focal-send").hidden = tg.active;  // in Telegram the MainButton sends; the page's button elsewhere
    say("", false);
    render(d);
    return true;
  }

  window.Focal = { start, get data() { return data; } };
})();
