/**
 * The playground page: wires the store, the engine (through runner.js), the editor tabs, the
 * charts, the timeline and the output views. Every pane, timing and reason shown comes from the
 * façade; the page only edits the scenario and displays results.
 */
import { el, replaceChildren } from './dom.js';
import { createStore, validateDoc } from './store.js';
import { createRunner, eventCount, eventAt, Cancelled } from './runner.js';
import { createChart } from './chart.js';
import { createTimeline } from './timeline.js';
import { outputView } from './panes.js';
import { eventsTable } from './events-table.js';
import { generatorForm, applyGenerated } from './generator-form.js';
import { pipelineForm } from './pipeline-form.js';
import { watermarkForm } from './watermark-form.js';
import { jsonEditor } from './json-editor.js';
import { beamView } from './beam.js';
import { semanticsOf, semanticsB, pipelineB, withSemantics, scenarioB, ignoredByB, carryOver, semanticsSwitch } from './configuration.js';
import { compareView } from './compare.js';
import { sinkView } from './sink-view.js';
import { createLanes } from './lanes.js';
import { ingestForm } from './ingest-form.js';
import { fleetForm } from './fleet-form.js';
import { traceImport } from './trace-import.js';
import { needsTransport, journeysOf, JOURNEYS_LIMIT } from './transport-data.js';
import { embedOptions, startTime } from './embed-options.js';
import { createWhyPanel } from './why-panel.js';
import { presetOptions } from './presets-menu.js';
import { createTour } from './tour.js';
import { clearErrors, showError, errorList, goToField, controlOf } from './errors.js';
import { PAGE_SIZE } from './events-table.js';
import { encodeHash, decodeHash } from './url.js';
import { atText, atOf, linkAt } from './time-link.js';
import * as saved from './persist.js';
import { chooseOpening, askAboutLink, fillRecent } from './opening.js';
import { downloadScenario, downloadSvg, downloadPng, readFile } from './export.js';
import { scenarioTime } from './time.js';
import { plain } from './plain.js';
import { phaseTimer, PERSIST_LIMIT, MIN_EVENT_CHARS, PERSIST_LATER, later, texts, sources, textOf, job, heldCount, LARGE_TEXT,
  good, marks, pageStatus, hints, headOf, readScenario, docOf, parseJson, stepsJson, allErrors } from './document.js';

/** @typedef {import('./store.js').Doc} Doc */
/** @typedef {import('./document.js').Good} Good */

/** @param {string} id */
const $ = (id) => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`invalid page: no #${id}`);
  return node;
};

/**
 * Starts the page.
 * @param {any} pg the Playground
 * @param {{embed: boolean}} opts
 */
export async function startApp(pg, { embed }) {
  const banner = $('banner');
  const root = document.body;
  /** @type {Array<{id: string, title: string, text: string}>} */
  const presets = typeof pg.presets === 'function' ? plain(pg.presets()) : [];

  // ---- the initial document: URL, else this tab's autosave, else the newest, else the first preset ----
  /** @type {string|null} */ let bootError = null;
  /** An embed's options (docs/embed.md), and the error of a bad one. */
  /** @type {import('./embed-options.js').EmbedOptions} */ let embedOpts = { height: null, autoplay: false, t: null, legend: true };
  /** @type {string|null} */ let optionError = null;
  if (embed) { try { embedOpts = embedOptions(location.search); } catch (e) { optionError = e instanceof Error ? e.message : String(e); } }
  const opening = await chooseOpening({ embed, ask: (mine) => askAboutLink(mine.title) });
  /** @type {import('./store.js').History|null} */ let steps = null;
  const fallback = async () => {
    const last = opening.saved;
    if (last && last.text.length >= LARGE_TEXT) largeSave = last; // read in the worker, once the page runs
    else if (last) {
      try {
        const doc = docOf(pg, last.text, last.head, last.compare, 'autosave');
        try { steps = last.history ? JSON.parse(last.history) : null; } catch { /* a corrupt history: none */ }
        return doc;
      } catch { /* ignore a corrupt save */ }
    }
    const first = presets[0];
    return { scenario: first ? readScenario(pg, first.text, `preset ${first.id}`) : { format: 'windowpane/1', events: [] }, compare: null };
  };
  /** @type {import('./persist.js').Saved|null} */ let largeSave = null;
  /** @type {Doc} */ let initial = await fallback();
  /** @type {Doc|null} */ let fromUrl = null;
  /** The timeline's time in the link opened (`&at=`), as written. @type {string|null} */ let urlAt = null;
  try {
    if (opening.link) fromUrl = docOf(pg, opening.link.scenario, null, opening.link.compare, 'URL scenario');
    urlAt = opening.link?.at ?? null;
  } catch (e) {
    bootError = e instanceof Error ? e.message : String(e);
  }
  bootError ??= opening.linkError;
  /** Whether the user changed this document (a shared link asks before replacing it). */
  let edited = opening.saved?.edited ?? false;
  /** When this tab last saved its document, or read it (see persist: another tab's save since forks it). */
  let lastSaved = opening.saved?.savedAt ?? null;
  /** The save going on. @type {Promise<void>} */ let saving = Promise.resolve();

  const store = createStore(initial, steps);
  // The store holds a copy: it is the same text's scenario.
  if (texts.has(initial.scenario)) texts.set(store.peek().scenario, texts.get(initial.scenario));
  const runner = createRunner();
  const view = {
    tab: 'events', editing: /** @type {'a'|'b'} */ ('a'), selectedEvent: /** @type {number|null} */ (null),
    selectedPane: /** @type {number|null} */ (null), selectedPaneB: /** @type {number|null} */ (null),
    page: 0, beamLang: /** @type {'python'|'java'} */ ('python'),
    sinkKind: /** @type {import('./sink-view.js').SinkKind} */ ('append'),
  };
  /** The comparison of the runs shown (compare mode), from the worker's sessions. @type {any} */
  let comparison = null;
  /** @type {Good|null} */ let goodA = null;
  /** @type {Good|null} */ let goodB = null;
  /** @type {{a: string|null, b: string|null}} */ const errors = { a: null, b: null };
  let seq = 0;
  /** Where the last refresh spent its time, in ms per phase (for the benchmark). @type {Record<string, number>} */
  let lastTimings = {};
  /** @type {Array<{seq: number, resolve: () => void, reject: (e: Error) => void}>} */ let waiting = [];

  // ---- charts and timeline ----
  const canvasA = /** @type {HTMLCanvasElement} */ ($('chart-a'));
  const canvasB = /** @type {HTMLCanvasElement} */ ($('chart-b'));
  const editable = () => !embed && errors.a === null && goodA !== null && Array.isArray(store.peek().scenario.events)
    && eventCount(goodA.output) === store.peek().scenario.events.length;
  const chartA = createChart(canvasA, runner, embed ? null : {
    editable,
    select: (i) => { view.selectedEvent = i; markSelectedRow(); drawCharts(); if (i !== null && goodA) why?.askElement(goodA.output, i, timeline.at()); },
    ask: (x, y) => { if (goodA) why?.askAt(goodA.output, x, y); },
    addEvent: (et, at) => store.update((d) => {
      const events = d.scenario.events;
      const near = view.selectedEvent !== null ? events[view.selectedEvent] : events[events.length - 1];
      events.push({ key: typeof near?.key === 'string' ? near.key : 'A', value: 1,
        event_time: scenarioTime(et, d.scenario), arrival: scenarioTime(at, d.scenario) });
      view.selectedEvent = events.length - 1;
    }),
    moveEvent: (i, et, at, record) => store.update((d) => {
      d.scenario.events[i] = { ...d.scenario.events[i], event_time: scenarioTime(et, d.scenario), arrival: scenarioTime(at, d.scenario) };
    }, { record }),
    movePoint: (j, at, to, record) => store.update((d) => {
      d.scenario.watermark.points[j] = { ...d.scenario.watermark.points[j], at: scenarioTime(at, d.scenario), to: scenarioTime(to, d.scenario) };
    }, { record }),
    deleteEvent: (i) => store.update((d) => { d.scenario.events.splice(i, 1); view.selectedEvent = null; }),
    selectPane: (i) => { view.selectedPane = i; renderOutputs(); drawCharts(); },
    adding: () => $('add-mode').getAttribute('aria-pressed') === 'true',
  });
  const why = embed ? null : createWhyPanel();
  if (why) $('why-host').replaceChildren(why.root);
  if (!embed) $('add-mode').addEventListener('click', (e) => { const b = /** @type {HTMLElement} */ (e.currentTarget); b.setAttribute('aria-pressed', String(b.getAttribute('aria-pressed') !== 'true')); });
  const chartB = createChart(canvasB, runner, null);
  const lanes = embed ? null : createLanes($('lanes-host'), pg);
  const timeline = createTimeline(() => { drawCharts(); renderOutputs(); if (!embed) linkAt(timeline.at(), store.peek().scenario); },
    { step: (at, dir) => (goodA ? goodA.output.step(at, dir) : Promise.resolve(null)) });
  $('timeline-host').replaceChildren(timeline.root);

  /**
   * Makes a text the user gave (the JSON tab, a file, the page hook) the scenario, keeping the
   * text exactly as written for the runs: the façade reads those bytes as the CLI reads a file
   * (duplicate keys, 2^53 + 1, 1e999 and a byte order mark give the CLI's result or error). Text
   * that is not JSON at all throws the façade's error for it.
   * @param {string} text @param {string} source
   */
  function adopt(text, source) {
    const scenario = readScenario(pg, text, source);
    store.set({ scenario: validateDoc({ scenario }).scenario, compare: store.peek().compare });
    adopted = { text, held: 0, events: store.eventsRevision() };
  }
  /**
   * `adopt` for a text of any size, or a file: a large one is read in the worker, with progress
   * and a Cancel button, so the page's thread never decodes or parses megabytes; its events stay
   * there (the document holds `{held, count}` in their place) and the page keeps the text or file
   * as it came, for the runs, the autosave and the download. `head` (an autosave's) replaces all
   * but the events.
   * @param {string|Blob} source @param {string} name @param {string|null} [head] @returns {Promise<void>}
   */
  async function adoptAny(source, name, head = null) {
    const size = typeof source === 'string' ? source.length : source.size;
    if (size < LARGE_TEXT) { adopt(typeof source === 'string' ? source : await readFile(source), name); return; }
    const mb = `${(size / 1e6).toFixed(1)} MB`;
    progress(`reading ${mb}…`);
    try {
      const held = ++heldIds;
      const read = await runner.read(source, held, (phase) => progress(`${phase}: ${mb}…`));
      const own = read.count === null ? read.head : { ...read.head, events: { held, count: read.count } };
      const scenario = head === null ? own : { ...parseJson(head, `${name} head`), events: own.events };
      if (head === null) sources.set(scenario, source);
      store.set({ scenario: validateDoc({ scenario }).scenario, compare: store.peek().compare });
      adopted = { text: source, held, events: store.eventsRevision() };
    } catch (e) {
      throw e instanceof Cancelled ? new Error(`${name}: not opened (${e.message})`) : e;
    } finally {
      progress(null);
    }
  }
  let heldIds = 0;
  /** The last text the user gave and the revision of its events (what the autosave keeps). */
  /** @type {{text: string|Blob, held: number, events: number}} */
  let adopted = { text: texts.get(store.peek().scenario) ?? '', held: 0, events: texts.has(store.peek().scenario) ? store.eventsRevision() : -1 };

  // ---- rendering ----
  const edit = (/** @type {(s: any) => void} */ change) => store.update((d) => change(d.scenario));

  function renderEditor() {
    if (embed) { showErrors(); return; } // an embed shows its error, and no editor
    const doc = store.peek();
    const s = doc.scenario;
    const canonical = goodA?.output?.scenario;
    const { late, dropped } = marks(goodA, store.eventsRevision());
    const output = goodA?.output;
    const journeys = transportOf(s);
    // The events tab is rebuilt only when what it shows changed (a rebuild and the layout after it
    // cost tens of milliseconds, twice per edit of the pipeline otherwise).
    const shown = { events: s.events, page: view.page, selected: view.selectedEvent, columns: output?.columns, status: pageStatus(s.events, view.page, late, dropped), base: s.base, generate: s.generate, journeys, transport: needsTransport(s) };
    const same = eventsTabShows !== null && Object.entries(shown).every(([k, v]) => /** @type {any} */ (eventsTabShows)[k] === v);
    eventsTabShows = shown;
    if (!same) replaceChildren($('tab-events'),
      s.generate ? fleetForm(s, edit) : null, // a fleet's form above the events it makes
      eventsTable(s, {
        page: view.page, selected: view.selectedEvent, late, dropped, journeys, resolved: output ? { length: eventCount(output), at: (i) => eventAt(output, i), all: () => Array.from({ length: eventCount(output) }, (_, i) => eventAt(output, i)) } : null, edit,
        select: (i) => { view.selectedEvent = i; markSelectedRow(); drawCharts(); if (i !== null && goodA) why?.askElement(goodA.output, i, timeline.at()); },
        setPage: (p) => { view.page = p; renderEditor(); },
      }),
      traceImport(s, edit), s.generate ? null : fleetForm(s, edit),
      generatorForm(s, (g) => edit((sc) => applyGenerated(sc, g)),
        (message) => showError(root, banner, message)));
    const comparing = doc.compare !== null;
    const editingB = comparing && view.editing === 'b';
    // The pipeline and watermark tabs too are rebuilt only when what they show changed: an edit
    // made in a form already shows there, and the run after it seldom changes the hints.
    const pipelineShows = JSON.stringify([doc.compare, view.editing, s.pipeline, s.semantics, s.ingest, s.watermark,
      hints(s.pipeline, canonical?.pipeline), hints(pipelineB(doc.compare), goodB?.output?.scenario?.pipeline)]);
    if (pipelineShows !== pipelineTabShows) replaceChildren($('tab-pipeline'),
      comparing ? el('div', { class: 'segmented', role: 'group', 'aria-label': 'configuration to edit' },
        ['a', 'b'].map((k) => el('button', { type: 'button', 'aria-pressed': String(view.editing === k), 'data-config': k,
          onclick: () => { view.editing = /** @type {'a'|'b'} */ (k); renderEditor(); } }, `Configuration ${k.toUpperCase()}`))) : null,
      editingB
        ? semanticsSwitch(semanticsB(doc), 'b:', (to) => store.update((d) => { d.compare = withSemantics(carryOver(d.compare, to), to, d.scenario); }))
        : semanticsSwitch(semanticsOf(s), '', (to) => store.update((d) => {
          const before = semanticsB(d);
          d.scenario.pipeline = carryOver(d.scenario.pipeline, to);
          if (to === 'flink') d.scenario.semantics = 'flink'; else delete d.scenario.semantics;
          if (d.compare !== null) d.compare = withSemantics(d.compare, before, d.scenario); // B keeps its own
        })),
      editingB
        ? pipelineForm(pipelineB(doc.compare), 'b:', (p) => store.update((d) => { d.compare = withSemantics(p, semanticsB(d), d.scenario); }), goodB?.output?.scenario?.pipeline, { semantics: semanticsB(doc) })
        : pipelineForm(s.pipeline, '', (p) => edit((sc) => { sc.pipeline = p; }), canonical?.pipeline, { semantics: semanticsOf(s) }),
      editingB ? null : ingestForm(s, edit, () => transportOf(store.peek().scenario)));
    pipelineTabShows = pipelineShows;
    const watermarkShows = JSON.stringify([s.watermark, s.end_of_input]);
    if (watermarkShows !== watermarkTabShows) replaceChildren($('tab-watermark'), watermarkForm(s, edit));
    watermarkTabShows = watermarkShows;
    // The JSON text of a large scenario costs seconds to lay out: only while its tab is open.
    if (view.tab !== 'json') replaceChildren($('tab-json'));
    else if (!$('tab-json').contains(document.activeElement)) {
      const apply = (/** @type {string} */ text) => {
        if (text.length < LARGE_TEXT) adopt(text, 'scenario');
        else adoptAny(text, 'scenario').catch((e) => showError(root, banner, e instanceof Error ? e.message : String(e)));
      };
      // A large document is not laid out as text (seconds of the page's thread): paste over it.
      replaceChildren($('tab-json'), heldCount(s) === null ? jsonEditor(JSON.stringify(s, null, 2), apply)
        : el('div', {}, el('p', { class: 'hint' }, `This scenario lists ${heldCount(s)?.toLocaleString()} events: too many to show as text here. Paste or type a scenario to replace it; Download JSON gives this one.`),
          jsonEditor('', apply)));
    }
    if (view.tab === 'beam') renderBeam();
    showErrors();
  }

  /** How the events of the run shown went through its transport (null: no transport, or a scenario too large). @param {any} s */
  function transportOf(s) {
    if (!goodA || errors.a !== null || !needsTransport(s) || heldCount(s) !== null || eventCount(goodA.output) > JOURNEYS_LIMIT) return null;
    try { return journeysOf(pg, goodA.text); } catch { return null; }
  }

  /** What the events tab shows now (see renderEditor). @type {Record<string, unknown>|null} */
  let eventsTabShows = null;
  /** What the pipeline and watermark tabs show now, as JSON (see renderEditor). */
  let pipelineTabShows = '';
  let watermarkTabShows = '';

  /** Marks the selected event's row without rebuilding the table (a rebuild would steal the focus). */
  function markSelectedRow() {
    for (const row of $('tab-events').querySelectorAll('tr[data-event]')) {
      row.classList.toggle('selected', Number(/** @type {HTMLElement} */ (row).dataset.event) === view.selectedEvent);
    }
  }

  function renderBeam() {
    try {
      replaceChildren($('tab-beam'), beamView(pg, goodA?.text ?? textOf(store.peek().scenario), {
        lang: view.beamLang, setLang: (l) => { view.beamLang = l; renderBeam(); },
      }));
    } catch (e) { replaceChildren($('tab-beam'), el('p', { class: 'field-error' }, e instanceof Error ? e.message : String(e))); }
  }

  function showErrors() {
    clearErrors(root, banner);
    $('error-list-host').replaceChildren();
    if (bootError) showError(root, banner, bootError);
    if (optionError) showError(root, banner, optionError);
    // Every error of A (one of B), each at its field and in the list, one click from its field.
    const list = [...(errors.a ? errorsOfA.map((text) => ({ text, prefix: '' })) : []), ...(errors.b ? [{ text: errors.b, prefix: 'b:' }] : [])];
    // The list, when it helps: several errors, or one whose field is on the page (else the banner says it).
    const listed = !embed && (list.length > 1 || list.some((e) => controlOf(root, e.text, e.prefix) !== null));
    for (const { text, prefix } of list) showError(root, banner, text, prefix, listed);
    if (listed) $('error-list-host').append(errorList(list, (path, prefix) => goToField(root, path, prefix, {
      selectTab, showEvent: (i) => { if (Math.floor(i / PAGE_SIZE) !== view.page) { view.page = Math.floor(i / PAGE_SIZE); renderEditor(); } },
    })));
    $('stale').hidden = errors.a === null || goodA === null;
  }
  /** Every error of the scenario A shown (errors.a first). @type {string[]} */
  let errorsOfA = [];

  /** Draws the charts (the sessions draw them in the worker); resolves once they are on the page. */
  async function drawCharts() {
    const at = timeline.at();
    /** @type {Promise<void>[]} */ const drawn = [];
    if (goodA) drawn.push(chartA.draw({ output: goodA.output, at, selected: errors.a === null ? view.selectedEvent : null, pane: view.selectedPane, height: chartHeight(), legend: embedOpts.legend })
      .catch((e) => { if (!(e instanceof Cancelled)) { errors.a = e instanceof Error ? e.message : String(e); showErrors(); } }));
    // Only a scenario with an `ingest` section has lanes (a large one's text is made only then).
    if (lanes) {
      let text = null;
      try { text = goodA && store.peek().scenario.ingest ? goodA.text : null; } catch { /* a file too large for the lanes */ }
      lanes.update(text);
      lanes.draw(at, canvasA.width);
    }
    // An embed shows the error, not some other chart (nor a timeline for it).
    if (embed) { $('pane-a').hidden = errors.a !== null || bootError !== null; $('timeline-host').hidden = $('pane-a').hidden; }
    const comparing = store.peek().compare !== null && !embed;
    $('pane-b').hidden = !comparing;
    root.classList.toggle('comparing', comparing);
    if (comparing && goodB) {
      drawn.push(chartB.draw({ output: goodB.output, at, selected: null, pane: view.selectedPaneB })
        .catch((e) => { if (!(e instanceof Cancelled)) errors.b = e instanceof Error ? e.message : String(e); }));
    }
    await Promise.all(drawn);
  }

  function renderOutputs() {
    if (embed) return;
    const at = timeline.at();
    replaceChildren($('output-a'), goodA ? outputView(goodA.output, {
      selected: view.selectedPane, at, label: store.peek().compare ? 'A' : '',
      select: (i) => { view.selectedPane = i; renderOutputs(); drawCharts(); },
    }) : null);
    replaceChildren($('output-b'), store.peek().compare && goodB ? outputView(goodB.output, {
      selected: view.selectedPaneB, at, label: 'B',
      select: (i) => { view.selectedPaneB = i; renderOutputs(); drawCharts(); },
    }) : null);
    const doc = store.peek();
    replaceChildren($('compare-host'), doc.compare !== null && comparison ? compareView(comparison, { semantics: [semanticsOf(doc.scenario), semanticsB(doc)], ignored: ignoredByB(doc),
      select: (a, b) => { view.selectedPane = a; view.selectedPaneB = b; renderOutputs(); drawCharts(); } }) : null);
    renderSinks(at);
    if (goodA) why?.showLag(goodA.output, at);
  }

  /** Shows what the sinks hold at `at` and at the end, as the sessions compute them. @param {number|null} at */
  function renderSinks(at) {
    const comparing = store.peek().compare !== null;
    const runs = /** @type {Array<[string, Good|null, string]>} */ ([['sink-a', goodA, comparing ? 'A' : ''], ['sink-b', comparing ? goodB : null, 'B']]);
    const mine = ++sinkSeq;
    for (const [host, run, label] of runs) {
      if (!run) { replaceChildren($(host)); continue; }
      Promise.all([at === null ? null : run.output.sink(at), finalSink(run.output)]).then(([now, final]) => {
        if (mine !== sinkSeq) return;
        replaceChildren($(host), sinkView({ now, final }, { kind: view.sinkKind, at, label, setKind: (k) => { view.sinkKind = k; renderSinks(timeline.at()); } }));
      }, (e) => { if (!(e instanceof Cancelled) && mine === sinkSeq) replaceChildren($(host), el('p', { class: 'field-error' }, e instanceof Error ? e.message : String(e))); });
    }
  }
  let sinkSeq = 0;
  /** The final sink tables of a run, asked for once (they do not move with the timeline). @type {WeakMap<object, Promise<any>>} */
  const finals = new WeakMap();
  /** @param {any} output */
  function finalSink(output) {
    let p = finals.get(output);
    if (!p) {
      p = output.sink(null);
      p.catch(() => finals.delete(output)); // a cancelled or failed ask is asked again
      finals.set(output, p);
    }
    return p;
  }

  function chartHeight() {
    if (!embed) return undefined;
    if (embedOpts.height !== null) return embedOpts.height;
    return Math.max(200, window.innerHeight - $('timeline-host').getBoundingClientRect().height - 16);
  }

  function updateButtons() {
    /** @type {HTMLButtonElement} */ ($('undo')).disabled = !store.canUndo();
    /** @type {HTMLButtonElement} */ ($('redo')).disabled = !store.canRedo();
    /** @type {HTMLInputElement} */ ($('compare-toggle')).checked = store.peek().compare !== null;
  }

  /** @param {string|null} phase */
  function progress(phase) {
    const box = $('progress');
    box.hidden = phase === null;
    $('progress-text').textContent = phase ?? '';
  }
  $('cancel-run').addEventListener('click', () => runner.cancel());
  const limitsMenu = /** @type {HTMLSelectElement} */ ($('limits'));
  limitsMenu.addEventListener('change', () => { runner.setLimits(Number(limitsMenu.value)); refresh(); });

  // ---- the run cycle ----
  async function refresh() {
    const mine = ++seq;
    const phases = phaseTimer();
    const doc = store.peek();
    const count = Array.isArray(doc.scenario.events) ? doc.scenario.events.length : heldCount(doc.scenario) ?? 0;
    renderEditor();
    updateButtons();
    // Nothing is saved while the page boots: the document shown first (the autosave, or the
    // first preset) may not be the one the boot ends on (a link, a large autosave), and saving it
    // would overwrite the user's document.
    if (booting) { /* saved once the boot has chosen the document */ }
    else if (count < PERSIST_LATER) persist(doc, mine);
    else later(() => { if (mine === seq) persist(doc, mine); }); // once the chart is drawn and the page idle
    phases.mark('editor');
    /** @type {Error|null} */ let failure = null;
    try {
      // The runner reports progress only for a run in the worker (it decides where a run goes).
      const jobA = job(doc.scenario, store.eventsRevision(), adopted);
      // Progress shows only when a run takes a while (a small one is done before it would paint).
      let phase = 'running';
      let visible = false;
      const say = () => { if (mine === seq) progress(`${phase}: ${count.toLocaleString()} events…`); };
      const shown = window.setTimeout(() => { visible = true; say(); }, 50);
      const output = await runner.run('a', jobA, (p) => { phase = p; if (visible) say(); }).finally(() => clearTimeout(shown));
      if (mine !== seq) return;
      phases.mark('run');
      if (typeof output.engineMs === 'number') phases.split('run', 'engine', output.engineMs);
      goodA = good(jobA, output);
      errors.a = null;
    } catch (e) {
      if (mine !== seq) return;
      failure = e instanceof Error ? e : new Error(String(e));
      errors.a = e instanceof Cancelled ? `run ${failure.message}: the chart shows the last run` : failure.message;
      errorsOfA = e instanceof Cancelled ? [errors.a] : allErrors(pg, () => job(doc.scenario, store.eventsRevision(), adopted).text(), errors.a);
    }
    errors.b = null;
    if (doc.compare !== null && errors.a === null) {
      const jobB = job(scenarioB(doc), store.eventsRevision(), adopted);
      try {
        const output = await runner.run('b', jobB);
        if (mine !== seq) return;
        goodB = good(jobB, output);
      } catch (e) {
        if (mine !== seq) return;
        errors.b = e instanceof Error ? e.message : String(e);
      }
    }
    // The comparison (matched in the engine), before the charts: the sessions draw its marks.
    comparison = null;
    if (doc.compare !== null && errors.a === null && errors.b === null && goodA && goodB) {
      try {
        comparison = await runner.compare(goodA.output.id, goodB.output.id);
      } catch (e) {
        if (!(e instanceof Cancelled)) errors.b = `compare: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (mine !== seq) return;
    }
    if (goodA) timeline.setOutput(goodA.output);
    if (goodA) why?.reset();
    if (view.selectedPane !== null && view.selectedPane >= (goodA?.output?.paneCount ?? 0)) view.selectedPane = null;
    if (view.selectedEvent !== null && view.selectedEvent >= eventCount(goodA?.output)) view.selectedEvent = null;
    // The chart first: it is what an edit is made to see; the editor and the pane list follow.
    await drawCharts();
    if (mine !== seq) return;
    phases.mark('chart');
    renderEditor();
    phases.mark('editor');
    renderOutputs();
    phases.mark('outputs');
    progress(null);
    lastTimings = phases.done();
    root.dataset.state = booting ? 'booting' : errors.a ? 'error' : 'ready';
    const done = waiting.filter((w) => w.seq <= mine);
    waiting = waiting.filter((w) => w.seq > mine);
    for (const w of done) { if (failure && w.seq === mine) w.reject(failure); else w.resolve(); }
  }

  let persistTimer = 0;
  /** True until the boot has chosen the document (see refresh: nothing is saved before). */
  let booting = true;
  /**
   * Autosaves the document (IndexedDB, any size) and puts it in the URL (when it fits a link).
   * The text saved is the user's own when the document is theirs, or theirs plus the page's
   * scenario head when only the rest was edited since; a large document whose events were
   * edited in the page is not saved, and the page says so.
   * @param {Doc} doc @param {number} mine
   */
  function persist(doc, mine) {
    clearTimeout(persistTimer);
    if (opening.id === null) { // an embed never saves (nor writes its address)
      /** @type {HTMLAnchorElement} */ ($('embed-link')).href = `${location.pathname}${location.hash}`;
      return;
    }
    /** What the autosave keeps besides the text (see persist.js). @param {boolean} small */
    const about = (small) => ({ id: /** @type {string} */ (opening.id), title: typeof doc.scenario.title === 'string' ? doc.scenario.title : '',
      savedAt: Date.now(), history: small ? stepsJson(store.history()) : null, edited });
    const own = texts.get(doc.scenario);
    const events = Array.isArray(doc.scenario.events) ? doc.scenario.events.length : heldCount(doc.scenario) ?? 0;
    const compareJson = doc.compare ? JSON.stringify(doc.compare) : null;
    /** @type {import('./persist.js').Saved|null} */ let record = null;
    const held = heldCount(doc.scenario) !== null && adopted.events === store.eventsRevision();
    // No link for a document too large for one: the address must not keep an older document's.
    const unlink = () => { if (location.hash) history.replaceState(null, '', `${location.pathname}${location.search}`); };
    if (held) {
      unlink();
      // Saved by the worker, which has the text (a copy here would block the page for longer than a frame).
      runner.save({ head: sources.has(doc.scenario) ? null : headOf(doc.scenario), compare: compareJson, ...about(false) }, adopted.held, adopted.text)
        .then(() => saidSaved('autosaved in this browser (too large for a link)'), (e) => saidSaved(`not autosaved: ${e instanceof Error ? e.message : e}`));
      return;
    }
    if (own !== undefined) record = { text: own, head: null, compare: compareJson };
    else if (heldCount(doc.scenario) === null && events * MIN_EVENT_CHARS <= PERSIST_LIMIT) record = { text: JSON.stringify(doc.scenario), head: null, compare: compareJson };
    else if (adopted.events === store.eventsRevision() && typeof adopted.text === 'string') record = { text: adopted.text, head: headOf(doc.scenario), compare: compareJson };
    if (!record) { unlink(); saidSaved(`not autosaved: ${events.toLocaleString()} events edited in the page (Download JSON keeps them)`); return; }
    const text = record.head === null ? record.text : null;
    if (text === null || text.length > PERSIST_LIMIT) unlink();
    // The link follows the autosave: written only once the save has committed, so the address
    // never holds a document the autosave does not.
    const keep = { ...record, ...about(record.head === null && events < PERSIST_LATER) };
    // Another tab saved this document since this one read it: this tab's edits become a document of their own.
    // One save at a time, so that the check sees this tab's previous save committed.
    saving = saving.catch(() => {}).then(async () => {
      const at = await saved.savedAt(keep.id);
      if (at !== null && at !== lastSaved) { opening.id = keep.id = saved.newId(); saved.setTabDocument(keep.id); }
      await saved.save(keep);
      lastSaved = keep.savedAt;
    });
    saving.then(() => {
      saidSaved(text !== null && text.length <= PERSIST_LIMIT ? '' : 'autosaved in this browser (too large for a link)');
      if (recentMenu) fillRecent(recentMenu, opening.id);
      if (text !== null && text.length <= PERSIST_LIMIT && mine === seq) link(text, compareJson, mine);
    }, (e) => saidSaved(`not autosaved: ${e instanceof Error ? e.message : e}`));
  }

  /** Puts the document in the address (and the embed link), after a moment of quiet. @param {string} text @param {string|null} compareJson @param {number} mine */
  function link(text, compareJson, mine) {
    clearTimeout(persistTimer);
    persistTimer = window.setTimeout(async () => {
      const hash = await encodeHash(text.startsWith('\uFEFF') ? text.slice(1) : text, compareJson, atText(timeline.at(), store.peek().scenario));
      // The address says which document wrote it: a reload finds this tab's own document, newer than the link.
      history.replaceState(saved.linkState(opening.id, hash), '', `${location.pathname}${location.search}${hash}`);
      /** @type {HTMLAnchorElement} */ ($('embed-link')).href = `${location.pathname}${hash}`;
      root.dataset.urlSeq = String(mine);
    }, 150);
  }
  /** Says whether the document is autosaved (nothing when it is, and fits a link). @param {string} what */
  function saidSaved(what) { $('saved').textContent = what; }

  // Refreshes run in a later task: a text box's change event commits while focus is still moving
  // to the next control, and the re-render must find that control focused to keep it so.
  let scheduled = 0;
  const schedule = () => { if (!scheduled) scheduled = window.setTimeout(() => { scheduled = 0; refresh(); }, 0); };
  store.subscribe(() => { bootError = null; if (opened) edited = true; schedule(); });
  /** False until the boot has opened its document: changes after are the user's. */
  let opened = false;

  // ---- toolbar, tabs, keys ----
  const recentMenu = embed ? null : /** @type {HTMLSelectElement} */ (el('select', { id: 'recent', 'aria-label': 'recent documents' }));
  if (!embed) {
    $('presets').after(/** @type {HTMLSelectElement} */ (recentMenu));
    const presetMenu = /** @type {HTMLSelectElement} */ ($('presets'));
    presetMenu.replaceChildren(...presetOptions(presets));
    createTour($('toolbar'), new URLSearchParams(location.search).get('tour') !== '0');
    presetMenu.addEventListener('change', () => {
      const p = presets.find((x) => x.id === presetMenu.value);
      presetMenu.value = '';
      if (!p) return;
      try {
        const scenario = readScenario(pg, p.text, `preset ${p.id}`);
        view.selectedEvent = null; view.selectedPane = null; view.page = 0;
        store.update((d) => { d.scenario = scenario; if (d.compare !== null) d.compare = structuredClone(scenario.pipeline ?? {}); });
      } catch (e) { showError(root, banner, e instanceof Error ? e.message : String(e)); }
    });
    $('undo').addEventListener('click', () => store.undo());
    $('redo').addEventListener('click', () => store.redo());
    $('share').addEventListener('click', async () => {
      const doc = store.get();
      const hash = await encodeHash(texts.get(store.peek().scenario) ?? JSON.stringify(doc.scenario), doc.compare ? JSON.stringify(doc.compare) : null, atText(timeline.at(), doc.scenario));
      history.replaceState(saved.linkState(opening.id, hash), '', `${location.pathname}${location.search}${hash}`);
      try { await navigator.clipboard.writeText(location.href); flash('link copied'); } catch { flash('the link is in the address bar'); }
    });
    $('download').addEventListener('click', () => {
      const s = store.peek().scenario;
      if (heldCount(s) !== null && !sources.has(s)) flash('a large scenario downloads as its text: undo the edits, or edit it outside the page');
      else downloadScenario(s, sources.get(s) ?? texts.get(s));
    });
    const upload = /** @type {HTMLInputElement} */ ($('upload'));
    upload.addEventListener('change', async () => {
      const file = upload.files?.[0];
      upload.value = '';
      if (!file) return;
      try {
        await adoptAny(file, file.name);
      } catch (e) { showError(root, banner, e instanceof Error ? e.message : String(e)); }
    });
    $('export-svg').addEventListener('click', () => {
      if (!goodA) return;
      try { downloadSvg(pg, goodA.text, store.get().scenario, { at: timeline.at(), width: canvasA.width, height: canvasA.height }); } catch (e) { showError(root, banner, e instanceof Error ? e.message : String(e)); }
    });
    $('export-png').addEventListener('click', () => { downloadPng(canvasA, store.get().scenario).catch((e) => showError(root, banner, e.message)); });
    $('compare-toggle').addEventListener('change', (e) => {
      const on = /** @type {HTMLInputElement} */ (e.target).checked;
      view.editing = on ? 'b' : 'a';
      store.update((d) => { d.compare = on ? structuredClone(d.scenario.pipeline ?? {}) : null; });
      if (on) selectTab('pipeline');
    });
    for (const tab of document.querySelectorAll('[role=tab]')) {
      tab.addEventListener('click', () => selectTab(/** @type {HTMLElement} */ (tab).dataset.tab ?? 'events'));
    }
    document.addEventListener('keydown', (e) => {
      const target = /** @type {HTMLElement} */ (e.target);
      const typing = target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === 'text');
      if (typing || !(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) { e.preventDefault(); store.undo(); }
      else if ((key === 'z' && e.shiftKey) || key === 'y') { e.preventDefault(); store.redo(); }
    });
  }

  /** @param {string} name */
  function selectTab(name) {
    view.tab = name;
    for (const tab of document.querySelectorAll('[role=tab]')) {
      const on = /** @type {HTMLElement} */ (tab).dataset.tab === name;
      tab.setAttribute('aria-selected', String(on));
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !on;
    }
    if (name === 'beam') renderBeam();
    if (name === 'json') renderEditor(); else showErrors();
  }

  /** @param {string} message */
  function flash(message) {
    const n = $('flash');
    n.textContent = message;
    setTimeout(() => { if (n.textContent === message) n.textContent = ''; }, 2500);
  }

  let resizeTimer = 0;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = window.setTimeout(() => { drawCharts(); }, 100); });
  window.addEventListener('hashchange', async () => {
    try {
      const h = await decodeHash(location.hash);
      if (!h) return;
      const doc = docOf(pg, h.scenario, null, h.compare, 'URL scenario');
      if (JSON.stringify(doc) !== JSON.stringify(store.get())) store.set(doc);
    } catch (e) { bootError = e instanceof Error ? e.message : String(e); showErrors(); }
  });

  // ---- the API for the benchmark script and the tests ----
  /** @returns {Promise<void>} a promise settled after the next refresh (rejected on a bad scenario) */
  const nextRefresh = () => new Promise((resolve, reject) => waiting.push({ seq: seq + 1, resolve, reject }));
  /** @type {any} */ (window).windowpane = {
    /**
     * Loads a scenario; resolves after the chart is redrawn, rejects with the engine's error.
     * @param {string} text
     */
    async load(text) {
      const before = store.peek();
      await adoptAny(text, 'scenario');
      if (store.peek() === before) { // unchanged document: nothing to redraw
        return errors.a ? Promise.reject(new Error(errors.a)) : Promise.resolve();
      }
      return nextRefresh();
    },
    /** A promise settled once the refresh after the current edit is done (for the benchmark). */
    settled: () => nextRefresh(),
    /** The page's state, at once: the document, the run shown (counts, first rows), the error, the layout. */
    state: () => ({
      doc: store.get(), scenario: store.get().scenario, text: (() => { try { return goodA?.text ?? null; } catch { return null; } })(), output: goodA?.output ?? null,
      outputB: store.get().compare ? goodB?.output ?? null : null, error: errors.a, errorB: errors.b,
      at: timeline.at(), selectedEvent: view.selectedEvent, selectedPane: view.selectedPane, comparison,
      layout: chartA.layout(), ready: root.dataset.state === 'ready' || root.dataset.state === 'error',
    }),
    /**
     * The state with everything of the runs shown read from their sessions: `output` and
     * `outputB` as {panes, dropped, late_events, watermark, events, scenario}.
     */
    async snapshot() {
      for (let tries = 0; ; tries++) {
        const now = this.state();
        try {
          const [output, outputB] = await Promise.all([now.output?.all() ?? null, now.outputB?.all() ?? null]);
          return { ...now, output, outputB };
        } catch (e) {
          // A run came in between: read the newer one.
          if (!(e instanceof Cancelled) || tries > 50) throw e;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    },
    /** The worker's wasm memory in bytes. */
    workerMemory: () => runner.memory(),
    /** Where the last refresh spent its time: ms per phase (editor, run, chart, outputs, ...). */
    timings: () => ({ ...lastTimings }),
    /** Moves the timeline (null: the end). @param {number|null} t */
    scrub: (t) => timeline.scrubTo(t),
  };

  // ---- go ----
  if (embed) root.classList.add('embed');
  selectTab('events');
  // The saved (or first preset's) state runs first, so a bad URL scenario still leaves a last good
  // state on screen, one undo away.
  const first = nextRefresh();
  refresh();
  await first.catch(() => {});
  if (fromUrl && JSON.stringify(fromUrl) !== JSON.stringify(store.get())) {
    booting = false;
    const second = nextRefresh();
    store.set(fromUrl);
    await second.catch(() => {});
  } else if (largeSave) {
    booting = false;
    const last = largeSave;
    if (last.compare) store.update((d) => { d.compare = parseJson(/** @type {string} */ (last.compare), 'autosave pipeline B'); });
    await adoptAny(last.text, 'autosave', last.head).then(() => nextRefresh()).catch((e) => { bootError = e instanceof Error ? e.message : String(e); });
  } else {
    booting = false;
    persist(store.peek(), seq);
    root.dataset.state = errors.a ? 'error' : 'ready';
  }
  opened = true;
  if (root.dataset.state === 'booting') root.dataset.state = errors.a ? 'error' : 'ready';
  if (embed && errors.a === null) {
    try {
      const t = startTime(embedOpts.t, store.peek().scenario);
      if (t !== null) timeline.scrubTo(t);
    } catch (e) { optionError = e instanceof Error ? e.message : String(e); }
    if (embedOpts.autoplay) timeline.play();
  }
  const startAt = atOf(urlAt, store.peek().scenario);
  if (startAt !== null) timeline.scrubTo(startAt);
  if (bootError || optionError) showErrors();
}
