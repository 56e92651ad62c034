/** The page's stylesheet (inline, so the page needs nothing but itself). */
export const DEMO_PAGE_STYLE = `
:root { color-scheme: light dark; --ok: #2e7d32; --warn: #b26a00; --bad: #c62828; --muted: #888; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 16px 32px; }
header { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
h1 { font-size: 20px; margin: 16px 0 4px; }
h2 { font-size: 15px; margin: 20px 0 6px; }
#mode, .hint { color: var(--muted); }
.live { font-size: 12px; padding: 1px 8px; border-radius: 8px; background: #8884; }
.live.on { background: var(--ok); color: #fff; }
header .dashboard { margin-left: auto; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 32px; }
@media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
form, .buttons { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 6px 0; }
input[type=text] { width: 8em; } input[type=number] { width: 4em; }
button { cursor: pointer; }
#error { color: var(--bad); min-height: 1.4em; }
.counters { display: flex; gap: 16px; flex-wrap: wrap; }
.counters div { min-width: 90px; } .counters b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 2px 8px 2px 0; border-bottom: 1px solid #8883; vertical-align: top; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.mono { font-family: ui-monospace, monospace; font-size: 12px; white-space: nowrap; }
tr.processed td:last-child { color: var(--ok); }
tr.failed td:last-child { color: var(--warn); }
tr.dead-lettered td:last-child { color: var(--bad); font-weight: bold; }
.lane { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
.account { width: 6em; font-weight: bold; }
.chips { display: flex; gap: 4px; flex-wrap: wrap; }
.chip { padding: 0 6px; border-radius: 6px; color: #fff; font-size: 12px; }
.chip.processed { background: var(--ok); } .chip.failed { background: var(--warn); }
#log { list-style: none; padding: 0; margin: 0; max-height: 420px; overflow: auto; }
#log li { display: flex; gap: 8px; border-bottom: 1px solid #8882; }
#log li.failed { color: var(--warn); } #log li.dead-lettered { color: var(--bad); }
.tag { font-size: 12px; color: var(--muted); min-width: 5.5em; }
`;
