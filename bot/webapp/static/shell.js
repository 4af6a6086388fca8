// What the office's view (app.js) and the focal point's form (focal.js) share: the page's words, DOM and
// fetch helpers, the loading line, the toast, and Telegram's client SDK (telegram-sdk.js, built from npm by
// `make webapp`): ready/expand, theme and viewport as --tg- CSS variables, BackButton, MainButton, haptics,
// closing confirmation and popups. Outside Telegram (a plain browser) every SDK call is skipped and the
// page's own buttons do the work.
(function () {
  "use strict";
  const CFG = JSON.parse(document.getElementById("config").textContent);
  const T = CFG.texts;
  const SDK = window.TelegramSDK || null;
  const $ = (id) => document.getElementById(id);
  const fmt = (s, vars) => s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (k === "style") Object.assign(node.style, v);
      else if (k.includes("-")) node.setAttribute(k, v);
      else node[k] = v;
    });
    children.flat().forEach((c) => { if (c != null) node.append(c instanceof Node ? c : String(c)); });
    return node;
  }

  function attempt(fn) {  // an SDK call Telegram may not support (old client): never breaks the page
    try {
      const result = fn();
      if (result && typeof result.catch === "function") result.catch(() => {});
      return result;
    } catch (e) { return undefined; }
  }

  const tg = {
    active: false,
    onMain: null,
    start(onBack) {
      if (!SDK) return;
      attempt(() => SDK.init({ acceptCustomStyles: false }));
      const w = window;
      this.active = Boolean(w.TelegramWebviewProxy || w.parent !== w || (w.external && "notify" in w.external));
      if (!this.active) return;
      attempt(() => SDK.miniApp.mountSync());
      attempt(() => SDK.themeParams.mountSync());
      attempt(() => SDK.themeParams.bindCssVars());  // --tg-theme-*, updated on every theme_changed
      attempt(() => {  // the browser's own controls (check boxes, scroll bars) follow the theme too
        const scheme = () => { document.documentElement.style.colorScheme = SDK.themeParams.isDark() ? "dark" : "light"; };
        scheme();
        SDK.themeParams.isDark.sub(scheme);
      });
      attempt(() => SDK.miniApp.bindCssVars());
      attempt(() => SDK.viewport.mount().then(() => attempt(() => SDK.viewport.bindCssVars())));
      attempt(() => SDK.viewport.expand());
      attempt(() => SDK.backButton.mount());
      attempt(() => SDK.backButton.onClick(onBack));
      attempt(() => SDK.mainButton.mount());
      attempt(() => SDK.mainButton.onClick(() => { if (this.onMain) this.onMain(); }));
      attempt(() => SDK.closingBehavior.mount());
      attempt(() => SDK.miniApp.ready());
    },
    back(visible) { if (this.active) attempt(() => (visible ? SDK.backButton.show() : SDK.backButton.hide())); },
    main(text, handler) {  // the sheet's main action on Telegram's MainButton; no handler: hidden
      this.onMain = handler || null;
      if (!this.active) return;
      attempt(() => SDK.mainButton.setParams(handler
        ? { text, isVisible: true, isEnabled: true, isLoaderVisible: false } : { isVisible: false }));
    },
    mainBusy(busy) {
      if (this.active && this.onMain) attempt(() => SDK.mainButton.setParams({ isLoaderVisible: busy, isEnabled: !busy }));
    },
    haptic(kind) { if (this.active) attempt(() => SDK.hapticFeedback.notificationOccurred(kind)); },
    guard(unsaved) {  // Telegram asks before closing while a form holds unsaved input
      if (this.active) attempt(() => (unsaved ? SDK.closingBehavior.enableConfirmation() : SDK.closingBehavior.disableConfirmation()));
    },
    async confirm(message) {  // Telegram's own popup; a plain browser's confirm outside Telegram
      if (this.active) {
        try {
          const open = SDK.popup.open || SDK.popup.show;
          const chosen = await open({ title: T.confirm_title, message,
            buttons: [{ id: "yes", type: "default", text: T.confirm_yes }, { id: "no", type: "destructive", text: T.confirm_no }] });
          return chosen === "yes";
        } catch (e) { /* an old client without popups: ask as a browser does */ }
      }
      return window.confirm(message);
    },
  };

  // The launch data: the SDK reads the URL's fragment and keeps a copy in session storage, so a reload
  // that lost the fragment still finds it.
  function launchData() {
    let init = "";
    if (SDK) init = attempt(() => SDK.retrieveRawInitData()) || "";
    if (!init) init = new URLSearchParams(location.hash.slice(1)).get("tgWebAppData") || "";
    return init;
  }

  let inFlight = 0;
  function busy(delta) {
    inFlight = Math.max(0, inFlight + delta);
    $("loading").hidden = inFlight === 0;
    document.body.dataset.busy = String(inFlight);
  }

  const session = { init: "" };
  async function api(path, body) {
    const options = { headers: { Authorization: "tma " + session.init } };
    if (body) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    busy(1);
    try {
      let response;
      try { response = await fetch(path, options); } catch (e) { throw new Error(T.network); }
      let data = {};
      try { data = await response.json(); } catch (e) { data = {}; }
      if (!response.ok) {
        const error = new Error(data.error || T.network);
        error.status = response.status;
        error.notice = Boolean(data.notice);
        throw error;
      }
      return data;
    } finally { busy(-1); }
  }

  function say(text, isError) {  // the page's line under the header (load errors)
    const box = $("message");
    box.textContent = text;
    box.className = isError ? "error" : "ok";
    box.hidden = !text;
  }

  let toastTimer = null;
  function toast(text, kind) {  // an action's answer, fixed at the bottom of the viewport above any sheet
    const box = $("toast");
    box.textContent = text;
    box.className = kind || "ok";
    box.hidden = !text;
    clearTimeout(toastTimer);
    if (text && kind !== "error") toastTimer = setTimeout(() => { box.hidden = true; }, 8000);
  }

  // Run one request from a button: the button (and the MainButton) wait, the answer shows as a toast,
  // Telegram's haptics tell success or failure; a "notice" (already decided) is neutral, not an error.
  async function act(button, path, body, after) {
    const buttons = button ? [button] : [];
    buttons.forEach((b) => { b.disabled = true; b.dataset.running = "1"; });
    tg.mainBusy(true);
    toast(T.working, "info");
    try {
      const d = await api(path, body);
      toast(d.message, "ok");
      tg.haptic("success");
      if (after) await after(d);
      return d;
    } catch (e) {
      toast(e.message, e.notice ? "info" : "error");
      tg.haptic(e.notice ? "warning" : "error");
      if (e.notice && after) await after(null);
      return null;
    } finally {
      buttons.forEach((b) => { b.disabled = false; delete b.dataset.running; });
      tg.mainBusy(false);
    }
  }

  const VN_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
  function vnDate(text) {  // "5/1/2021" -> "05/01/2021", or null
    const m = VN_DATE.exec((text || "").trim());
    return m ? `${m[1].padStart(2, "0")}/${m[2].padStart(2, "0")}/${m[3]}` : null;
  }

  window.Shell = { CFG, T, $, el, fmt, tg, api, say, toast, act, busy, session, launchData, vnDate };
})();
