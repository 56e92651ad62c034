/** The page's stylesheet, served as `<path>/assets/app.css`. */
export const DASHBOARD_STYLES = `
:root {
  --bg: #f6f7f9; --panel: #fff; --text: #1d2330; --muted: #5d6677; --line: #dde1e8;
  --accent: #2457d6; --accent-soft: #e8eefc; --ok: #177245; --ok-soft: #e3f4ea;
  --warn: #8a5a00; --warn-soft: #fdf1d8; --bad: #b3261e; --bad-soft: #fbe7e5;
  --sent: #2457d6; --deleted: #1d9a5b; --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color-scheme: light;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171d; --panel: #1c2028; --text: #e6e9ef; --muted: #9aa3b2; --line: #2f3541;
    --accent: #7ea2ff; --accent-soft: #243256; --ok: #6fd39c; --ok-soft: #173526;
    --warn: #f2c46d; --warn-soft: #3a2e14; --bad: #ff8a80; --bad-soft: #3d1c1a;
    --sent: #7ea2ff; --deleted: #6fd39c; color-scheme: dark;
  }
}
* { box-sizing: border-box; }
html { font-size: 14px; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 1rem/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
a { color: var(--accent); }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; }
.skip:focus { left: 8px; top: 8px; background: var(--panel); padding: 4px 8px; z-index: 10; }
.top {
  display: flex; align-items: center; gap: 10px; padding: 10px 24px;
  background: var(--panel); border-bottom: 1px solid var(--line);
}
.top h1 { font-size: 1.15rem; margin: 0 6px 0 0; }
.live { margin-left: auto; color: var(--muted); font-size: .9rem; }
.live::before {
  content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%;
  margin-right: 6px; background: var(--muted); vertical-align: 1px;
}
.live.on::before { background: var(--ok); }
.tabs {
  display: flex; gap: 4px; padding: 0 24px; background: var(--panel);
  border-bottom: 1px solid var(--line);
}
.tabs a {
  padding: 9px 12px; text-decoration: none; color: var(--muted);
  border-bottom: 2px solid transparent; font-weight: 500;
}
.tabs a[aria-current="page"] { color: var(--text); border-bottom-color: var(--accent); }
.tabs .count { margin-left: 6px; }
main { padding: 16px 24px 48px; max-width: 1400px; }
main:focus { outline: none; }
h2 { font-size: 1.1rem; margin: 4px 0 12px; }
h3 { font-size: 1rem; margin: 16px 0 8px; }
.muted { color: var(--muted); }
.panel {
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 14px 16px; margin-bottom: 14px;
}
.notice {
  background: var(--warn-soft); color: var(--warn); border-radius: 6px;
  padding: 8px 12px; margin: 0 0 12px;
}
table { border-collapse: collapse; width: 100%; background: var(--panel); }
.table-wrap { border: 1px solid var(--line); border-radius: 8px; overflow: auto; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: middle; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); font-weight: 600; }
tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.selected td { background: var(--accent-soft); }
tr.handler-row td { border-bottom-style: dashed; font-size: .92rem; }
tr.handler-row td:first-child { padding-left: 22px; }
caption { caption-side: bottom; text-align: left; padding: 8px 10px; font-size: .85rem; }
.badge {
  display: inline-block; font-size: .75rem; font-weight: 600; padding: 1px 7px;
  border-radius: 999px; background: var(--accent-soft); color: var(--accent); white-space: nowrap;
}
.badge.ok { background: var(--ok-soft); color: var(--ok); }
.badge.warn { background: var(--warn-soft); color: var(--warn); }
.badge.bad { background: var(--bad-soft); color: var(--bad); }
.badge.plain { background: transparent; color: var(--muted); border: 1px solid var(--line); }
.mono { font-family: var(--mono); font-size: .88rem; }
.ellipsis { max-width: 340px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.ellipsis.reason { max-width: 240px; }
button, .button {
  font: inherit; font-weight: 500; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; padding: 5px 12px; cursor: pointer;
}
a.button { display: inline-block; text-decoration: none; }
button.secondary { background: transparent; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
button.link { background: none; border: 0; color: var(--accent); padding: 0; text-decoration: underline; }
button:disabled, button[aria-disabled="true"] { opacity: .5; cursor: not-allowed; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 14px; }
.card {
  background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 16px; min-width: 120px;
}
.card .value { font-size: 1.5rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .label { color: var(--muted); font-size: .85rem; }
.card.alert .value { color: var(--bad); }
.cards + .actions { margin-bottom: 14px; }
.panel > .actions:first-child { margin-bottom: 10px; }
.panel > h3:first-child { margin-top: 0; }
.panel > .actions:first-child h2, .panel > .actions:first-child h3, .actions.heading h2, .actions.heading h3 { margin: 0; }
.actions.heading { margin: 16px 0 10px; }
.split { display: grid; grid-template-columns: minmax(0, 1.35fr) minmax(0, 1fr); gap: 14px; align-items: start; }
@media (max-width: 1000px) { .split { grid-template-columns: 1fr; } }
pre.body {
  margin: 0; padding: 10px 12px; background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; max-height: 360px; overflow: auto; white-space: pre-wrap;
  word-break: break-word; font-family: var(--mono); font-size: .88rem;
}
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0 0 12px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; word-break: break-all; }
.spark { display: block; }
.spark .sent { stroke: var(--sent); }
.spark .deleted { stroke: var(--deleted); }
.legend { font-size: .8rem; color: var(--muted); }
.legend .sent { color: var(--sent); }
.legend .deleted { color: var(--deleted); }
progress { width: 220px; height: 12px; vertical-align: middle; accent-color: var(--accent); }
form.grid { display: grid; grid-template-columns: 160px minmax(0, 560px); gap: 10px 14px; align-items: start; }
form.grid label { padding-top: 6px; font-weight: 500; }
input, select, textarea {
  font: inherit; color: var(--text); background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; padding: 5px 8px; width: 100%;
}
.actions select { width: auto; min-width: 220px; }
.actions input.rate { width: 90px; }
input:disabled, textarea:disabled, select:disabled { opacity: .5; background: var(--bg); }
textarea { font-family: var(--mono); font-size: .9rem; min-height: 120px; resize: vertical; }
.hint { color: var(--muted); font-size: .85rem; margin-top: 2px; }
dialog { border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; max-width: 460px; background: var(--panel); color: var(--text); }
dialog::backdrop { background: rgba(0, 0, 0, .35); }
dialog label { display: block; margin: 10px 0; }
dialog .actions { justify-content: flex-end; margin-top: 14px; }
.toasts { position: fixed; right: 16px; bottom: 16px; display: flex; flex-direction: column; gap: 8px; z-index: 20; }
.toast {
  background: var(--panel); border: 1px solid var(--line); border-left: 4px solid var(--ok);
  border-radius: 6px; padding: 8px 12px; box-shadow: 0 4px 16px rgba(0,0,0,.12); max-width: 420px;
}
.toast.error { border-left-color: var(--bad); }
.error-text { color: var(--bad); }
.empty { color: var(--muted); padding: 14px 10px; }
`;
