/**
 * Importing a recorded trace (CSV with a header line, or JSON lines) as the scenario's events:
 * a dialog to pick a file or paste the text, map its columns to key, value, event time and
 * arrival or send time, and import. The façade reads the trace (`trace_columns`, `read_trace`:
 * the scenario crate's reader, whose errors name the line and the column); times are written
 * back by the façade as clock times on the scenario's base date.
 */
import { el, field } from './dom.js';
import { trace_columns, read_trace, parse_date } from './pkg/windowpane_wasm.js';
import { scenarioTime } from './time.js';
import { needsTransport } from './transport-data.js';

/** The mapping's roles: [role, label, names a column is guessed from]. */
const ROLES = /** @type {Array<[string, string, string[]]>} */ ([
  ['key', 'key (device)', ['key', 'device', 'device_id', 'id', 'sensor', 'group']],
  ['value', 'value', ['value', 'reading', 'temperature', 'temp', 'v']],
  ['event_time', 'event time', ['event_time', 'timestamp', 'ts', 'time', 'created']],
  ['time', 'arrival or sent', ['arrival', 'sent', 'received', 'arrived', 'ingested']],
]);

/**
 * The button that opens the dialog; the dialog replaces the scenario's events (and any
 * `generate` section) with the trace's.
 * @param {any} scenario
 * @param {(change: (scenario: any) => void) => void} edit
 * @returns {HTMLElement}
 */
export function traceImport(scenario, edit) {
  const dialog = /** @type {HTMLDialogElement} */ (el('dialog', { class: 'trace-import', 'aria-label': 'import a trace' }));
  const open = el('button', { type: 'button', class: 'open-trace-import', onclick: () => { build(); dialog.showModal(); } }, 'Import a trace (CSV / JSON lines)…');

  function build() {
    const text = /** @type {HTMLTextAreaElement} */ (el('textarea', { name: 'trace', rows: 6, spellcheck: false,
      placeholder: 'device,temp,ts,sent\ndevice-1,21.5,12:00:00,12:00:01', 'aria-label': 'trace text' }));
    const file = /** @type {HTMLInputElement} */ (el('input', { type: 'file', accept: '.csv,.jsonl,.ndjson,.json,.txt,text/csv', 'aria-label': 'trace file' }));
    const mapping = el('div', { class: 'trace-mapping' });
    const error = el('p', { class: 'field-error', role: 'alert', hidden: true });
    const timeIs = /** @type {HTMLSelectElement} */ (el('select', { name: 'time_is', 'aria-label': 'the time column holds' },
      el('option', { value: 'sent' }, 'sent (a transport computes arrivals)'), el('option', { value: 'arrival' }, 'arrival (reached the pipeline)')));
    timeIs.value = needsTransport(scenario) ? 'sent' : 'arrival';
    /** @type {Record<string, HTMLSelectElement>} */ let selects = {};
    const fail = (/** @type {unknown} */ e) => { error.hidden = false; error.textContent = e instanceof Error ? e.message : String(e); };
    const columns = () => {
      error.hidden = true;
      mapping.replaceChildren();
      selects = {};
      if (text.value.trim() === '') return;
      /** @type {string[]} */ let names;
      try { names = /** @type {string[]} */ (trace_columns(text.value)); } catch (e) { fail(e); return; }
      for (const [role, label, guesses] of ROLES) {
        const guess = names.find((n) => guesses.includes(n.toLowerCase())) ?? (role === 'time' ? '' : names[ROLES.findIndex(([r]) => r === role)] ?? '');
        const s = /** @type {HTMLSelectElement} */ (el('select', { name: role, 'data-role': role },
          role === 'time' ? el('option', { value: '' }, '(none)') : null, names.map((n) => el('option', { value: n }, n))));
        s.value = guess;
        selects[role] = s;
        mapping.append(field(label, s));
      }
      mapping.append(field('that column holds', timeIs));
    };
    text.addEventListener('input', columns);
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (!f) return;
      text.value = await f.text();
      columns();
    });
    const importIt = () => {
      error.hidden = true;
      if (!selects.key) { fail('paste a trace or choose a file first'); return; }
      const time = selects.time.value;
      const m = { key: selects.key.value, value: selects.value.value, event_time: selects.event_time.value, time: time === '' ? null : time, time_is: timeIs.value };
      try {
        const base = typeof scenario.base === 'string' ? parse_date(scenario.base) : undefined;
        /** @type {Array<{key: string, value: number, event_time: number, time: number|null}>} */
        const events = read_trace(text.value, m, base);
        edit((s) => {
          delete s.generate;
          s.events = events.map((e) => ({ key: e.key, value: e.value, event_time: scenarioTime(e.event_time, s),
            ...(e.time === null ? {} : { [m.time_is]: scenarioTime(e.time, s) }) }));
        });
        dialog.close();
      } catch (e) { fail(e); }
    };
    dialog.replaceChildren(
      el('h3', {}, 'Import a trace'),
      el('p', { class: 'hint' }, 'A CSV file with a header line, or one JSON object per line. Times: "12:00:00" (on the scenario\'s date), RFC 3339, or milliseconds since the epoch. The trace replaces the events.'),
      field('file', file), field('or paste it', text), mapping, error,
      el('div', { class: 'table-tools' },
        el('button', { type: 'button', class: 'do-import', onclick: importIt }, 'Import'),
        el('button', { type: 'button', class: 'cancel', onclick: () => dialog.close() }, 'Cancel')));
  }
  return el('div', { class: 'trace-import-host' }, open, dialog);
}
